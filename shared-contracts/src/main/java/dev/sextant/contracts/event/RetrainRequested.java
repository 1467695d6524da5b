package dev.sextant.contracts.event;

import dev.sextant.contracts.id.EventId;
import dev.sextant.contracts.id.Symbol;
import java.time.Instant;

/** Retrain the named model from the stored candles. */
public record RetrainRequested(
        EventId eventId,
        Instant tsEvent,
        Instant tsInit,
        EventId causationId,
        int schemaVersion,
        Symbol symbol,
        String requestedBy,
        String modelId)
        implements ControlEvent {

    public static final int SCHEMA_VERSION = 1;

    public RetrainRequested {
        Require.field(eventId, "eventId");
        Require.instant(tsEvent, "tsEvent");
        Require.instant(tsInit, "tsInit");
        Require.schemaVersion(schemaVersion);
        Require.text(requestedBy, EventBounds.MAX_NAME, "requestedBy");
        Require.name(modelId, EventBounds.MAX_NAME, "._:+-", "modelId");
    }
}
