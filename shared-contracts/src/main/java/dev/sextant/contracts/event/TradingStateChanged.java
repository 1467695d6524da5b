package dev.sextant.contracts.event;

import dev.sextant.contracts.id.EventId;
import dev.sextant.contracts.id.Symbol;
import java.time.Instant;

/** Risk-service now enforces {@code state}, since {@code previous}, for {@code reason}. */
public record TradingStateChanged(
        EventId eventId,
        Instant tsEvent,
        Instant tsInit,
        EventId causationId,
        int schemaVersion,
        Symbol symbol,
        TradingState state,
        TradingState previous,
        String reason)
        implements ControlEvent {

    public static final int SCHEMA_VERSION = 1;

    public TradingStateChanged {
        Require.field(eventId, "eventId");
        Require.instant(tsEvent, "tsEvent");
        Require.instant(tsInit, "tsInit");
        Require.schemaVersion(schemaVersion);
        Require.field(state, "state");
        Require.field(previous, "previous");
        Require.text(reason, "reason");
    }
}
