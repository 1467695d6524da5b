package dev.sextant.execution.routing;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * The numbers a routing decision used. A value the router did not get to compute (no book, refused
 * before the walk) is null.
 *
 * @param notional             quantity × valuation price, in the quote asset
 * @param valuationPrice       the book's mid, or the request's reference price when no book is known
 * @param checkedQuantity      the quantity whose slippage was estimated: the order, or a TWAP's largest slice
 * @param averageFillPrice     the average price of walking {@code checkedQuantity} through the book
 * @param estimatedSlippageBps how much worse than the mid that average is, in basis points (4 decimals, half-up)
 * @param liquidityInBand      notional resting within the band around the mid on the side the order takes from
 * @param liquidityMultiple    {@code liquidityInBand / notional} (4 decimals, down)
 * @param bookAge              routing time minus the book's event time
 */
public record RoutingMetrics(
        BigDecimal notional,
        BigDecimal valuationPrice,
        BigDecimal checkedQuantity,
        BigDecimal averageFillPrice,
        BigDecimal estimatedSlippageBps,
        BigDecimal liquidityInBand,
        BigDecimal liquidityMultiple,
        Duration bookAge) {

    static RoutingMetrics valued(BigDecimal notional, BigDecimal price, Duration bookAge) {
        return new RoutingMetrics(notional, price, null, null, null, null, null, bookAge);
    }
}
