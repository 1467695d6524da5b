package dev.sextant.risk.domain;

import dev.sextant.contracts.event.FeaturesComputed;
import java.math.BigDecimal;

/**
 * What risk needs from a feature vector: the candle's {@code close} and {@code atr_14} (null while
 * the ATR is warming up).
 */
public record MarketMark(CandleKey key, BigDecimal close, BigDecimal atr) {
    public static final String CLOSE = "close";
    public static final String ATR = "atr_14";

    /** The mark of a feature vector; throws IllegalArgumentException when it has no usable close. */
    public static MarketMark of(FeaturesComputed features) {
        CandleKey key = new CandleKey(features.symbol(), features.interval(), features.candleOpenTime());
        Double close = features.value(CLOSE);
        Double atr = features.value(ATR);
        if (close == null || !Double.isFinite(close) || close <= 0) {
            throw new IllegalArgumentException("feature '" + CLOSE + "' must be a positive number, got " + close);
        }
        if (atr != null && (!Double.isFinite(atr) || atr < 0)) {
            throw new IllegalArgumentException("feature '" + ATR + "' must be a non-negative number, got " + atr);
        }
        return new MarketMark(key, Decimals.of(close), Decimals.of(atr));
    }
}
