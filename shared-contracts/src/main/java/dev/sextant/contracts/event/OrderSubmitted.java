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
        Require.instant(tsEvent, "tsEvent");
        Require.instant(tsInit, "tsInit");
        Require.field(causationId, "causationId");
        Require.schemaVersion(schemaVersion);
        Require.field(clientOrderId, "clientOrderId");
        Require.field(symbol, "symbol");
        Require.lowerName(venue, 32, "._-", "venue");
        Require.field(purpose, "purpose");
        Require.field(side, "side");
        Require.field(orderType, "orderType");
        Require.quantity(quantity, "quantity");
        if (orderType == OrderType.LIMIT) {
            Require.price(limitPrice, "limitPrice");
            Require.notional(limitPrice, quantity, "limitPrice", "quantity");
        } else {
            Require.optionalPrice(limitPrice, "limitPrice");
        }
        Require.optionalPrice(stopLoss, "stopLoss");
        Require.optionalPrice(takeProfit, "takeProfit");
    }
}
