package dev.sextant.execution.domain;

import dev.sextant.contracts.event.Side;
import java.math.BigDecimal;

/**
 * A fixed price move per side: a buy fills at {@code price + amount}, a sell at
 * {@code price − amount} (never below the smallest price, 10⁻⁸), at price scale. Models paying a
 * few ticks of the book whatever the price level; the amount is per unit of the base asset, in
 * the quote asset, so it means different things for symbols at different prices.
 *
 * @param amount quote asset per unit paid against the order, ≥ 0
 */
public record FixedSlippage(BigDecimal amount) implements SlippageModel {
    public static final String NAME = "fixed";
    private static final BigDecimal SMALLEST_PRICE = BigDecimal.ONE.movePointLeft(Scales.PRICE);

    public FixedSlippage {
        if (amount == null || amount.signum() < 0) {
            throw new IllegalArgumentException("fixed slippage amount must be a price amount >= 0 (quote asset per unit), got "
                    + (amount == null ? "nothing" : amount.toPlainString()));
        }
    }

    @Override
    public BigDecimal fillPrice(Side side, BigDecimal price, BigDecimal quantity, BigDecimal candleVolume) {
        BigDecimal moved = side == Side.BUY ? price.add(amount) : price.subtract(amount);
        return Scales.price(moved.max(SMALLEST_PRICE));
    }

    @Override
    public String spec() {
        return NAME + ":amount=" + amount.toPlainString();
    }
}
