package dev.sextant.contracts.event;

import dev.sextant.contracts.id.EventId;
import dev.sextant.contracts.id.Symbol;
import java.time.Instant;
import java.util.List;

/**
 * Risk-service's verdict on one prediction, approved or denied, with every check it ran. An
 * approved decision carries the sized {@code intent}; a denied one may carry the intent it would
 * have sized (null when sizing was impossible) and a {@code reason}. {@code causationId} is the
 * prediction's event id.
 */
public record RiskDecisionMade(
        EventId eventId,
        Instant tsEvent,
        Instant tsInit,
        EventId causationId,
        int schemaVersion,
        Symbol symbol,
        Interval interval,
        Instant candleOpenTime,
        boolean approved,
        OrderIntent intent,
        List<RiskCheck> checks,
        String reason)
        implements Event {

    public static final int SCHEMA_VERSION = 1;

    public RiskDecisionMade {
        Require.field(eventId, "eventId");
        Require.instant(tsEvent, "tsEvent");
        Require.instant(tsInit, "tsInit");
        Require.field(causationId, "causationId");
        Require.schemaVersion(schemaVersion);
        Require.field(symbol, "symbol");
        Require.field(interval, "interval");
        Require.candleOpen(candleOpenTime, interval, "candleOpenTime");
        checks = Require.list(checks, "checks");
        if (approved && intent == null) {
            throw new IllegalArgumentException("missing required field 'intent' (an approved decision must carry its order intent)");
        }
        if (!approved) {
            Require.text(reason, "reason");
        } else {
            Require.optionalText(reason, "reason");
        }
    }

    @Override
    public String key() {
        return symbol.value();
    }
}
