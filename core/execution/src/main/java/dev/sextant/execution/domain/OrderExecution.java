package dev.sextant.execution.domain;

import java.math.BigDecimal;

/**
 * One fill applied to an order: this fill's quantity and price, and the order's totals after it.
 *
 * @param lastQuantity       quantity of this fill
 * @param lastPrice          price of this fill
 * @param cumulativeQuantity quantity filled so far, this fill included
 * @param leavesQuantity     quantity still open ({@code quantity - cumulativeQuantity})
 * @param averagePrice       quantity-weighted average price of all fills so far (price scale)
 */
public record OrderExecution(
        BigDecimal lastQuantity,
        BigDecimal lastPrice,
        BigDecimal cumulativeQuantity,
        BigDecimal leavesQuantity,
        BigDecimal averagePrice) {

    /** True while part of the order is still open. */
    public boolean partial() {
        return leavesQuantity.signum() > 0;
    }
}
