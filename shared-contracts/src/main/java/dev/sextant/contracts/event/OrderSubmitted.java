package dev.sextant.contracts.event;

import dev.sextant.contracts.id.ClientOrderId;
import dev.sextant.contracts.id.EventId;
import dev.sextant.contracts.id.Symbol;
import java.math.BigDecimal;
import java.time.Instant;

/** An order persisted by execution-service and sent to a venue. {@code limitPrice} is null for a market order. */
public record OrderSubmitted(
        EventId eventId,
        Instant tsEvent,
        Instant tsInit,
        EventId causationId,
        int schemaVersion,
        ClientOrderId clientOrderId,
        Symbol symbol,
        String venue,
        OrderPurpose purpose,
        Side side,
        OrderType orderType,
        BigDecimal quantity,
        BigDecimal limitPrice,
        BigDecimal stopLoss,
        BigDecimal takeProfit)
        implements OrderEvent {

    public static final int SCHEMA_VERSION = 1;

    public OrderSubmitted {
        Require.field(eventId, "eventId");
        Require.field(tsEvent, "tsEvent");
        Require.field(tsInit, "tsInit");
        Require.field(causationId, "causationId");
        Require.schemaVersion(schemaVersion);
        Require.field(clientOrderId, "clientOrderId");
        Require.field(symbol, "symbol");
        Require.text(venue, "venue");
        Require.field(purpose, "purpose");
        Require.field(side, "side");
        Require.field(orderType, "orderType");
        Require.positive(quantity, "quantity");
        if (orderType == OrderType.LIMIT) {
            Require.positive(limitPrice, "limitPrice");
        }
    }
}
