package dev.sextant.contracts.event;

import dev.sextant.contracts.id.EventId;
import dev.sextant.contracts.id.Symbol;
import java.time.Instant;

/** Close the open position in {@code symbol} at market. */
public record PositionCloseRequested(
        EventId eventId,
        Instant tsEvent,
        Instant tsInit,
        EventId causationId,
        int schemaVersion,
        Symbol symbol,
        String requestedBy)
        implements ControlEvent {

    public static final int SCHEMA_VERSION = 1;

    public PositionCloseRequested {
        Require.field(eventId, "eventId");
        Require.instant(tsEvent, "tsEvent");
        Require.instant(tsInit, "tsInit");
        Require.schemaVersion(schemaVersion);
        Require.text(requestedBy, EventBounds.MAX_NAME, "requestedBy");
        Require.field(symbol, "symbol");
    }
}
