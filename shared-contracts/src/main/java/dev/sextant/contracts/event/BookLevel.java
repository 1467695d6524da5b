package dev.sextant.contracts.event;

import java.math.BigDecimal;

/** One price level of an order book. */
public record BookLevel(BigDecimal price, BigDecimal quantity) {
    public BookLevel {
        Require.price(price, "price");
        Require.quantityOrZero(quantity, "quantity");
    }
}
