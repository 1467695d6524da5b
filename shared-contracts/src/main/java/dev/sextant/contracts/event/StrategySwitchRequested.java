package dev.sextant.contracts.event;

import dev.sextant.contracts.id.EventId;
import dev.sextant.contracts.id.Symbol;
import java.time.Instant;

/** Switch the strategy (model or scorer) that drives predictions. */
public record StrategySwitchRequested(
        EventId eventId,
        Instant tsEvent,
        Instant tsInit,
        EventId causationId,
        int schemaVersion,
        Symbol symbol,
        String requestedBy,
        String strategyId)
        implements ControlEvent {

    public static final int SCHEMA_VERSION = 1;

    public StrategySwitchRequested {
        Require.field(eventId, "eventId");
        Require.instant(tsEvent, "tsEvent");
        Require.instant(tsInit, "tsInit");
        Require.schemaVersion(schemaVersion);
        Require.text(requestedBy, EventBounds.MAX_NAME, "requestedBy");
        Require.name(strategyId, EventBounds.MAX_NAME, "._:+-", "strategyId");
    }
}
