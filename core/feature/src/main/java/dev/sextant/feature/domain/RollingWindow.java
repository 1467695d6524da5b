package dev.sextant.feature.domain;

/**
 * The last {@code size} values of a series with their mean and population variance, updated in
 * O(1) per value (amortised).
 *
 * <p>Numerics: the window keeps running sums of the values <em>shifted by an anchor</em> close to
 * the window mean ({@code s1 = sum(x - anchor)}, {@code s2 = sum((x - anchor)^2)}), so the variance
 * {@code (s2 - s1^2/n)/n} does not suffer the catastrophic cancellation of raw sums of squares at
 * price scale. To stop rounding errors of the add/remove updates from accumulating over a long
 * series, the sums are recomputed exactly (two passes over the buffer, anchor = window mean) each
 * time the ring buffer wraps, i.e. once every {@code size} values: O(size) work every
 * {@code size} values, O(1) amortised per value. A window whose values are all equal is detected
 * exactly (run length of equal values) and has variance exactly 0.
 */
final class RollingWindow {

    private final double[] buffer;
    private int next;
    private int count;
    private double anchor;
    private double s1;
    private double s2;
    private int equalRun;
    private double last = Double.NaN;

    RollingWindow(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("window size must be >= 1, got " + size);
        }
        this.buffer = new double[size];
    }

    /** Adds the newest value, evicting the oldest once the window is full. */
    void push(double value) {
        if (count == buffer.length) {
            double old = buffer[next] - anchor;
            s1 -= old;
            s2 -= old * old;
        } else {
            count++;
        }
        if (count == 1) {
            anchor = value;
        }
        buffer[next] = value;
        double shifted = value - anchor;
        s1 += shifted;
        s2 += shifted * shifted;
        equalRun = value == last ? equalRun + 1 : 1;
        last = value;
        next++;
        if (next == buffer.length) {
            next = 0;
            resync();
        }
    }

    private void resync() {
        double sum = 0;
        for (int i = 0; i < count; i++) {
            sum += buffer[i];
        }
        anchor = sum / count;
        double a = 0;
        double b = 0;
        for (int i = 0; i < count; i++) {
            double d = buffer[i] - anchor;
            a += d;
            b += d * d;
        }
        s1 = a;
        s2 = b;
    }

    /** True once {@code size} values have been pushed. */
    boolean full() {
        return count == buffer.length;
    }

    /** Mean of the values in the window (of fewer values before it is full). */
    double mean() {
        return anchor + s1 / count;
    }

    /** Population variance (divided by n) of the values in the window. */
    double variance() {
        if (equalRun >= count) {
            return 0.0;
        }
        double m = s1 / count;
        double v = s2 / count - m * m;
        return v > 0 ? v : 0.0;
    }

    /** Population standard deviation of the values in the window. */
    double stddev() {
        return Math.sqrt(variance());
    }
}
