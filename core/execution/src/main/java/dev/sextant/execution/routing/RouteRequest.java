package dev.sextant.execution.routing;

import dev.sextant.contracts.event.Side;
import dev.sextant.contracts.id.Symbol;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * An order to route: what to trade, and a reference price (the decision's entry or the last close) that
 * values it when no book is known. With a book, the router values it at the book's mid instead.
 */
public record RouteRequest(Symbol symbol, Side side, BigDecimal quantity, BigDecimal referencePrice) {
    public RouteRequest {
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(side, "side");
        if (quantity == null || quantity.signum() <= 0) {
            throw new IllegalArgumentException("quantity must be positive, got " + quantity);
        }
        if (referencePrice == null || referencePrice.signum() <= 0) {
            throw new IllegalArgumentException("referencePrice must be positive, got " + referencePrice);
        }
    }

    RouteRequest withQuantity(BigDecimal newQuantity) {
        return new RouteRequest(symbol, side, newQuantity, referencePrice);
    }
}
