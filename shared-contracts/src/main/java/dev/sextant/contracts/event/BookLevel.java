package dev.sextant.contracts.event;

import java.math.BigDecimal;

/** One price level of an order book. */
public record BookLevel(BigDecimal price, BigDecimal quantity) {
    public BookLevel {
        Require.positive(price, "price");
        Require.nonNegative(quantity, "quantity");
    }
}
