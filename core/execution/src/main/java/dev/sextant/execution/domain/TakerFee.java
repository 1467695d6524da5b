package dev.sextant.execution.domain;

import dev.sextant.contracts.event.Liquidity;
import dev.sextant.contracts.event.OrderPurpose;
import java.math.BigDecimal;

/**
 * The default fee: every fill takes liquidity and pays {@code price × quantity × rate}. With
 * {@code rate} = the {@code taker-fee} setting this is exactly the paper venue's historical rule.
 *
 * @param rate fraction of notional, in [0, 0.1) (0.001 = 0.1 %)
 */
public record TakerFee(BigDecimal rate) implements FeeModel {
    public static final String NAME = "taker";

    public TakerFee {
        FeeModel.checkRate(rate, "taker fee rate");
    }

    @Override
    public Liquidity liquidity(OrderPurpose purpose) {
        return Liquidity.TAKER;
    }

    @Override
    public BigDecimal rate(Liquidity liquidity) {
        return rate;
    }

    @Override
    public String spec() {
        return NAME + ":rate=" + rate.toPlainString();
    }
}
