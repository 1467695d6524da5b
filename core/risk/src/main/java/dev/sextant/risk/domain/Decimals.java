package dev.sextant.risk.domain;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * The arithmetic rules of the risk domain, in one place.
 * <ul>
 *   <li>Prices (stop-loss, take-profit) and amounts that are sums or products of their inputs
 *       (risk budget, risk amount, notional, equity) are computed exactly: no rounding.</li>
 *   <li>Ratios (ATR/price, spread/mid, daily loss/day-start equity, fee shares) are divided with
 *       {@link #RATIO_CONTEXT} (DECIMAL64: 16 significant digits, HALF_EVEN) and then kept at
 *       {@link #RATIO_SCALE} = 8 decimal places, HALF_EVEN. A check compares the value it reports.</li>
 *   <li>Quantities are whole multiples of the symbol's step; the division that counts steps uses
 *       the configured rounding mode (see {@link RiskLimits#quantityRounding()}), the notional cap
 *       always rounds DOWN.</li>
 *   <li>Feature and prediction values arrive as {@code double} and enter as
 *       {@link BigDecimal#valueOf(double)} (the shortest decimal that round-trips).</li>
 * </ul>
 */
public final class Decimals {
    /** Context of every division of the domain. */
    public static final MathContext RATIO_CONTEXT = MathContext.DECIMAL64;
    /** Decimal places a ratio is kept at. */
    public static final int RATIO_SCALE = 8;

    private Decimals() {}

    /** {@code numerator / denominator} at {@link #RATIO_SCALE} places, HALF_EVEN. */
    public static BigDecimal ratio(BigDecimal numerator, BigDecimal denominator) {
        return numerator.divide(denominator, RATIO_CONTEXT).setScale(RATIO_SCALE, RoundingMode.HALF_EVEN);
    }

    /** A double feature or probability as a decimal; null stays null. */
    public static BigDecimal of(Double value) {
        return value == null ? null : BigDecimal.valueOf(value);
    }
}
