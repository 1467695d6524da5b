package dev.sextant.feature.domain;

/**
 * Exponential moving average with ta4j 0.22's seeding: undefined for the first {@code period} bars
 * (indexes 0 .. period-1) and while the input is undefined; seeded with the input value itself on
 * the first bar where it is defined and the previous average is not; then
 * {@code prev + (x - prev) * alpha}. With alpha = 2/(period+1) this is ta4j's EMAIndicator, with
 * alpha = 1/period its MMAIndicator (Wilder smoothing).
 */
final class Ema {

    private final int period;
    private final double alpha;
    private Double value;

    private Ema(int period, double alpha) {
        this.period = period;
        this.alpha = alpha;
    }

    /** EMA with alpha = 2/(period+1). */
    static Ema exponential(int period) {
        return new Ema(period, 2.0 / (period + 1));
    }

    /** Wilder's modified moving average, alpha = 1/period. */
    static Ema wilder(int period) {
        return new Ema(period, 1.0 / period);
    }

    /**
     * Feeds the input of bar {@code index} (0-based) and returns the average, null while undefined.
     *
     * @param input the input value, null when undefined
     */
    Double update(long index, Double input) {
        if (index < period || input == null) {
            value = null;
        } else if (value == null) {
            value = input;
        } else {
            double prev = value;
            value = prev + (input - prev) * alpha;
        }
        return value;
    }
}
