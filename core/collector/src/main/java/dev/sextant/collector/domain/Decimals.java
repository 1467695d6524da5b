package dev.sextant.collector.domain;

import java.math.BigDecimal;

/**
 * The one decimal form of the platform's candles: the exchange's value with trailing zeros
 * stripped, never in exponent form (scale at least 0). Binance writes {@code "69000.00000000"}
 * and {@code "0.00000000"}; they become {@code 69000} and {@code 0}; {@code "13715.65000000"}
 * becomes {@code 13715.65}. The value is exact: only zeros are removed.
 */
public final class Decimals {
    private Decimals() {}

    /** {@code value} without trailing zeros, with a scale of at least 0. */
    public static BigDecimal normalise(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
}
