package dev.sextant.contracts.event;

import java.math.BigDecimal;

/**
 * What risk-service asks execution-service to do: open a position of {@code quantity} at about
 * {@code referencePrice}, protected by {@code stopLoss} and {@code takeProfit}; {@code riskAmount}
 * is what the stop would lose (quote currency, fees aside).
 */
public record OrderIntent(
        Side side,
        OrderType orderType,
        BigDecimal quantity,
        BigDecimal referencePrice,
        BigDecimal stopLoss,
        BigDecimal takeProfit,
        BigDecimal riskAmount) {

    public OrderIntent {
        Require.field(side, "side");
        Require.field(orderType, "orderType");
        Require.quantity(quantity, "quantity");
        Require.price(referencePrice, "referencePrice");
        Require.price(stopLoss, "stopLoss");
        Require.price(takeProfit, "takeProfit");
        Require.nonNegative(riskAmount, "riskAmount");
        Require.notional(referencePrice, quantity, "referencePrice", "quantity");
    }

    /** Notional value at the reference price. */
    public BigDecimal notional() {
        return quantity.multiply(referencePrice);
    }
}
