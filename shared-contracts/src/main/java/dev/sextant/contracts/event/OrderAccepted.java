package dev.sextant.contracts.event;

import dev.sextant.contracts.id.ClientOrderId;
import dev.sextant.contracts.id.EventId;
import dev.sextant.contracts.id.Symbol;
import java.time.Instant;

/** The venue acknowledged the order and gave it {@code venueOrderId}. */
public record OrderAccepted(
        EventId eventId,
        Instant tsEvent,
        Instant tsInit,
        EventId causationId,
        int schemaVersion,
        ClientOrderId clientOrderId,
        Symbol symbol,
        String venueOrderId)
        implements OrderEvent {

    public static final int SCHEMA_VERSION = 1;

    public OrderAccepted {
        Require.field(eventId, "eventId");
        Require.instant(tsEvent, "tsEvent");
        Require.instant(tsInit, "tsInit");
        Require.field(causationId, "causationId");
        Require.schemaVersion(schemaVersion);
        Require.field(clientOrderId, "clientOrderId");
        Require.field(symbol, "symbol");
        Require.name(venueOrderId, 128, "._:/-", "venueOrderId");
    }
}
