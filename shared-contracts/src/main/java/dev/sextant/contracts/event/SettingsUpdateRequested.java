package dev.sextant.contracts.event;

import dev.sextant.contracts.id.EventId;
import dev.sextant.contracts.id.Symbol;
import java.time.Instant;
import java.util.Map;

/** Change runtime settings of one service ({@code service}, e.g. risk-service): name to value. */
public record SettingsUpdateRequested(
        EventId eventId,
        Instant tsEvent,
        Instant tsInit,
        EventId causationId,
        int schemaVersion,
        Symbol symbol,
        String requestedBy,
        String service,
        Map<String, String> settings)
        implements ControlEvent {

    public static final int SCHEMA_VERSION = 1;

    public SettingsUpdateRequested {
        Require.field(eventId, "eventId");
        Require.field(tsEvent, "tsEvent");
        Require.field(tsInit, "tsInit");
        Require.schemaVersion(schemaVersion);
        Require.text(requestedBy, "requestedBy");
        Require.text(service, "service");
        settings = Map.copyOf(Require.field(settings, "settings"));
    }
}
