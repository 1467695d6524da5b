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
        BigDecimal exact = positiveRatioInLongs(numerator, denominator);
        return exact != null ? exact : numerator.divide(denominator, RATIO_CONTEXT).setScale(RATIO_SCALE, RoundingMode.HALF_EVEN);
    }

    private static final long[] TEN_POWERS = {1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L,
            100_000_000L, 1_000_000_000L, 10_000_000_000L, 100_000_000_000L, 1_000_000_000_000L, 10_000_000_000_000L,
            100_000_000_000_000L, 1_000_000_000_000_000L, 10_000_000_000_000_000L, 100_000_000_000_000_000L,
            1_000_000_000_000_000_000L};
    private static final long MAX_DENOMINATOR = TEN_POWERS[18];

    /**
     * {@link #ratio} of two positive decimals of at most 18 digits each, in long arithmetic, or null when
     * it cannot be sure to give exactly the same decimal (then {@link #ratio} divides as always).
     *
     * <p>{@code ratio} rounds twice: to 16 significant digits ({@link #RATIO_CONTEXT}), then to 8 places.
     * Write {@code x = numerator / denominator} and, in units of 10^-8, {@code x = q + r} with q whole and
     * {@code 0 <= r < 1}. q and q + 1 and the midpoint q + 1/2 all lie on the grid of 16 significant digits
     * (its step s = 10^(digits(q) - 16) units is at most 1/10 while q has at most 15 digits), so the first
     * rounding cannot carry x past the midpoint, nor onto it, unless x is within s/2 of it. Outside that
     * window both roundings together give what rounding x once gives: q when r < 1/2, q + 1 when r > 1/2.
     * Inside it (about one ratio in 10^8, exact halves included) this returns null.
     */
    static BigDecimal positiveRatioInLongs(BigDecimal numerator, BigDecimal denominator) {
        if (numerator.signum() <= 0 || denominator.signum() <= 0 || numerator.precision() > 18 || denominator.precision() > 18) {
            return null;
        }
        long a = unscaled(numerator);
        long c = unscaled(denominator);
        // x * 10^8 = a * 10^e / c
        long e = (long) RATIO_SCALE + denominator.scale() - numerator.scale();
        long num = a;
        long den = c;
        if (e >= 0) {
            if (e >= TEN_POWERS.length || Math.multiplyHigh(a, TEN_POWERS[(int) e]) != 0
                    || a * TEN_POWERS[(int) e] < 0) {
                return null;
            }
            num = a * TEN_POWERS[(int) e];
        } else {
            if (-e >= TEN_POWERS.length || c > MAX_DENOMINATOR / TEN_POWERS[(int) -e]) {
                return null;
            }
            den = c * TEN_POWERS[(int) -e];
        }
        if (den > MAX_DENOMINATOR) {
            return null;
        }
        long q = num / den;
        long r = num % den; // r / den is the fraction of a unit
        int digits = q == 0 ? 0 : digits(q);
        if (digits > 15) {
            return null;
        }
        // Too near the midpoint: |r/den - 1/2| <= s/2, i.e. |2r - den| <= den * 10^(digits - 16) (2r < 2 * 10^18, no overflow).
        if (Math.abs(2 * r - den) <= den / TEN_POWERS[16 - digits]) {
            return null;
        }
        return BigDecimal.valueOf(2 * r < den ? q : q + 1, RATIO_SCALE);
    }

    /** The unscaled value of {@code value} (at most 18 digits): the decimal moved to scale 0 is exactly it. */
    private static long unscaled(BigDecimal value) {
        return value.scaleByPowerOfTen(value.scale()).longValue();
    }

    private static int digits(long positive) {
        int n = 1;
        while (n < TEN_POWERS.length && positive >= TEN_POWERS[n]) {
            n++;
        }
        return n;
    }

    /** A double feature or probability as a decimal; null stays null. */
    public static BigDecimal of(Double value) {
        return value == null ? null : BigDecimal.valueOf(value);
    }
}
