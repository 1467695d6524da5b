package dev.sextant.contracts.event;

import dev.sextant.contracts.id.EventId;
import dev.sextant.contracts.id.Symbol;
import java.time.Instant;

/** Resume trading after a pause. */
public record ResumeRequested(
        EventId eventId,
        Instant tsEvent,
        Instant tsInit,
        EventId causationId,
        int schemaVersion,
        Symbol symbol,
        String requestedBy)
        implements ControlEvent {

    public static final int SCHEMA_VERSION = 1;

    public ResumeRequested {
        Require.field(eventId, "eventId");
        Require.instant(tsEvent, "tsEvent");
        Require.instant(tsInit, "tsInit");
        Require.schemaVersion(schemaVersion);
        Require.text(requestedBy, EventBounds.MAX_NAME, "requestedBy");

    }
}
