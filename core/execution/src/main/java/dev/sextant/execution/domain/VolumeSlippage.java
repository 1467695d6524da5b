package dev.sextant.execution.domain;

import dev.sextant.contracts.event.Side;
import java.math.BigDecimal;
import java.math.MathContext;

/**
 * Slippage that grows with the order's share of the fill candle's traded volume (a simple market
 * impact model): {@code fraction = min(cap, impact × quantity / candle volume)}, and the fill is
 * {@code price × (1 ± fraction)} at price scale. A candle without volume, or a volume not known yet
 * (the pre-trade cash check), pays the cap.
 *
 * @param impact the fraction paid when the order is the candle's whole volume, ≥ 0 (0.1 = an order of
 *               1 % of the volume pays 0.1 % = 10 bps)
 * @param cap    the largest fraction paid, in [0, 0.1)
 */
public record VolumeSlippage(BigDecimal impact, BigDecimal cap) implements SlippageModel {
    public static final String NAME = "volume";
    /** The cap when none is written: 1 %. */
    public static final String DEFAULT_CAP = "0.01";

    public VolumeSlippage {
        if (impact == null || impact.signum() < 0) {
            throw new IllegalArgumentException("volume slippage impact must be >= 0 (0.1 = 10 bps for an order of 1 % of the"
                    + " candle's volume), got " + (impact == null ? "nothing" : impact.toPlainString()));
        }
        if (cap == null || cap.signum() < 0 || cap.compareTo(new BigDecimal("0.1")) >= 0) {
            throw new IllegalArgumentException("volume slippage cap must be a fraction in [0, 0.1) (0.01 = 1 %), got "
                    + (cap == null ? "nothing" : cap.toPlainString()));
        }
    }

    /** The fraction an order of {@code quantity} pays on a candle of {@code candleVolume} (null: unknown). */
    public BigDecimal fraction(BigDecimal quantity, BigDecimal candleVolume) {
        if (candleVolume == null || candleVolume.signum() <= 0) {
            return cap;
        }
        BigDecimal fraction = impact.multiply(quantity).divide(candleVolume, MathContext.DECIMAL64);
        return fraction.min(cap);
    }

    @Override
    public BigDecimal fillPrice(Side side, BigDecimal price, BigDecimal quantity, BigDecimal candleVolume) {
        BigDecimal fraction = fraction(quantity, candleVolume);
        BigDecimal factor = side == Side.BUY ? BigDecimal.ONE.add(fraction) : BigDecimal.ONE.subtract(fraction);
        return Scales.price(price.multiply(factor));
    }

    @Override
    public String spec() {
        return NAME + ":impact=" + impact.toPlainString() + ",cap=" + cap.toPlainString();
    }
}
