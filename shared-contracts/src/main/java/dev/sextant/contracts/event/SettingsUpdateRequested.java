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
        Require.instant(tsEvent, "tsEvent");
        Require.instant(tsInit, "tsInit");
        Require.schemaVersion(schemaVersion);
        Require.text(requestedBy, EventBounds.MAX_NAME, "requestedBy");
        Require.lowerName(service, EventBounds.MAX_NAME, "-", "service");
        Require.field(settings, "settings");
        if (settings.size() > EventBounds.MAX_ITEMS) {
            throw new IllegalArgumentException("field 'settings' must hold at most " + EventBounds.MAX_ITEMS
                    + " entries, got " + settings.size());
        }
        for (Map.Entry<String, String> setting : settings.entrySet()) {
            Require.name(setting.getKey(), 200, "._-", "settings");
            if (setting.getValue() == null || setting.getValue().length() > EventBounds.MAX_TEXT) {
                throw new IllegalArgumentException("field 'settings' must map each name to a value of at most "
                        + EventBounds.MAX_TEXT + " characters, got " + (setting.getValue() == null ? "null"
                        : setting.getValue().length() + " characters") + " for " + setting.getKey());
            }
        }
        settings = Map.copyOf(settings);
    }
}
