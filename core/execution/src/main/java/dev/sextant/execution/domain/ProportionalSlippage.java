package dev.sextant.execution.domain;

import dev.sextant.contracts.event.Side;
import java.math.BigDecimal;

/**
 * The default slippage: a buy fills at {@code price × (1 + rate)}, a sell at {@code price × (1 − rate)},
 * at price scale. With {@code rate} = the {@code slippage} setting this is exactly the paper venue's
 * historical rule.
 *
 * @param rate fraction of the price paid against the order, in [0, 0.1) (0.0005 = 0.05 % = 5 bps)
 */
public record ProportionalSlippage(BigDecimal rate) implements SlippageModel {
    public static final String NAME = "proportional";

    public ProportionalSlippage {
        if (rate == null || rate.signum() < 0 || rate.compareTo(new BigDecimal("0.1")) >= 0) {
            throw new IllegalArgumentException("proportional slippage rate must be a fraction in [0, 0.1) (0.0005 = 0.05 %), got "
                    + (rate == null ? "nothing" : rate.toPlainString()));
        }
    }

    @Override
    public BigDecimal fillPrice(Side side, BigDecimal price, BigDecimal quantity, BigDecimal candleVolume) {
        BigDecimal factor = side == Side.BUY ? BigDecimal.ONE.add(rate) : BigDecimal.ONE.subtract(rate);
        return Scales.price(price.multiply(factor));
    }

    @Override
    public String spec() {
        return NAME + ":rate=" + rate.toPlainString();
    }
}
