package dev.sextant.contracts.event;

import dev.sextant.contracts.id.ClientOrderId;
import dev.sextant.contracts.id.EventId;
import dev.sextant.contracts.id.Symbol;
import java.math.BigDecimal;
import java.time.Instant;

/** The order was canceled before it was completely filled; {@code filledQuantity} had filled by then. */
public record OrderCanceled(
        EventId eventId,
        Instant tsEvent,
        Instant tsInit,
        EventId causationId,
        int schemaVersion,
        ClientOrderId clientOrderId,
        Symbol symbol,
        String reason,
        BigDecimal filledQuantity)
        implements OrderEvent {

    public static final int SCHEMA_VERSION = 1;

    public OrderCanceled {
        Require.field(eventId, "eventId");
        Require.instant(tsEvent, "tsEvent");
        Require.instant(tsInit, "tsInit");
        Require.field(causationId, "causationId");
        Require.schemaVersion(schemaVersion);
        Require.field(clientOrderId, "clientOrderId");
        Require.field(symbol, "symbol");
        Require.text(reason, "reason");
        Require.quantityOrZero(filledQuantity, "filledQuantity");
    }
}
