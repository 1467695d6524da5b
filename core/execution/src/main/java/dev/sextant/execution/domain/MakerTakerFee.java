package dev.sextant.execution.domain;

import dev.sextant.contracts.event.Liquidity;
import dev.sextant.contracts.event.OrderPurpose;
import java.math.BigDecimal;

/**
 * Maker and taker rates: a take-profit is a limit order resting on the book, so its fill makes
 * liquidity and pays {@code maker}; entries, stop-losses (stop-market orders) and closes on request
 * (market orders) take liquidity and pay {@code taker}. Fills carry the liquidity they had.
 *
 * @param maker fraction of notional paid by a maker fill, in [0, 0.1)
 * @param taker fraction of notional paid by a taker fill, in [0, 0.1)
 */
public record MakerTakerFee(BigDecimal maker, BigDecimal taker) implements FeeModel {
    public static final String NAME = "maker-taker";

    public MakerTakerFee {
        FeeModel.checkRate(maker, "maker fee rate");
        FeeModel.checkRate(taker, "taker fee rate");
    }

    @Override
    public Liquidity liquidity(OrderPurpose purpose) {
        return purpose == OrderPurpose.TAKE_PROFIT ? Liquidity.MAKER : Liquidity.TAKER;
    }

    @Override
    public BigDecimal rate(Liquidity liquidity) {
        return liquidity == Liquidity.MAKER ? maker : taker;
    }

    @Override
    public String spec() {
        return NAME + ":maker=" + maker.toPlainString() + ",taker=" + taker.toPlainString();
    }
}
