package dev.sextant.feature.micro;

import dev.sextant.feature.domain.Bar;

/**
 * Wilder's average true range over {@code period} bars, in quote currency per unit, with the same
 * seeding as fs-v1's {@code atr_14} and ta4j 0.22's {@code ATRIndicator}: the true range of bar
 * {@code i} is {@code high - low} for the first bar and
 * {@code max(high - low, |high - prevClose|, |prevClose - low|)} after it; the ATR is undefined
 * (NaN) for bars 0 .. period-1, equals the true range at bar {@code period}, then
 * {@code atr + (tr - atr) / period}. Gaps in time are not filled: the input is a sequence of bars.
 *
 * <p>Not thread-safe.
 */
public final class Atr {

    private final int period;
    private final double alpha;
    private long index = -1;
    private double previousClose;
    private double value = Double.NaN;

    /** @param period the smoothing period, &gt;= 1 */
    public Atr(int period) {
        if (period < 1) {
            throw new IllegalArgumentException("ATR period must be >= 1, got " + period);
        }
        this.period = period;
        this.alpha = 1.0 / period;
    }

    /** Feeds the next bar and returns the ATR after it (NaN while undefined). */
    public double update(Bar bar) {
        index++;
        double tr = bar.high() - bar.low();
        if (index > 0) {
            tr = Math.max(tr, Math.max(Math.abs(bar.high() - previousClose), Math.abs(previousClose - bar.low())));
        }
        previousClose = bar.close();
        if (index < period) {
            value = Double.NaN;
        } else if (Double.isNaN(value)) {
            value = tr;
        } else {
            value = value + (tr - value) * alpha;
        }
        return value;
    }

    /** The ATR after the last bar, NaN while undefined. */
    public double value() {
        return value;
    }

    /** Bars fed so far. */
    public long barCount() {
        return index + 1;
    }
}
