package dev.sextant.execution.domain;

import dev.sextant.contracts.event.Side;
import java.math.BigDecimal;

/**
 * Fill prices and fees of the paper venue. A market order pays slippage against itself: a buy
 * fills at {@code open × (1 + slippage)}, a sell at {@code open × (1 − slippage)} (price scale).
 * Every fill pays the taker fee {@code price × quantity × takerFeeRate} in the quote asset (quote scale).
 */
public final class Pricing {
    private final BigDecimal slippage;
    private final BigDecimal takerFeeRate;

    public Pricing(ExecutionSettings settings) {
        this.slippage = settings.slippage();
        this.takerFeeRate = settings.takerFeeRate();
    }

    /** The price a market order of {@code side} fills at when the market opens at {@code open}. */
    public BigDecimal marketFillPrice(Side side, BigDecimal open) {
        BigDecimal factor = side == Side.BUY ? BigDecimal.ONE.add(slippage) : BigDecimal.ONE.subtract(slippage);
        return Scales.price(open.multiply(factor));
    }

    /** {@code price × quantity} at quote scale. */
    public BigDecimal notional(BigDecimal price, BigDecimal quantity) {
        return Scales.quote(price.multiply(quantity));
    }

    /** The taker fee of a fill, in the quote asset. */
    public BigDecimal fee(BigDecimal price, BigDecimal quantity) {
        return Scales.quote(price.multiply(quantity).multiply(takerFeeRate));
    }
}
