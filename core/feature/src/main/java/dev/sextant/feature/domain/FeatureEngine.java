package dev.sextant.feature.domain;

import dev.sextant.contracts.event.FeatureValues;
import java.time.Instant;
import java.util.Arrays;

/**
 * Incremental feature engine of feature set {@value FeatureSet#VERSION} for one symbol and interval.
 *
 * <p>Create one engine per (symbol, interval) and feed it every closed bar in open-time order with
 * {@link #update(Bar)}. Each update does O(1) work per indicator (ring buffers, running sums and
 * recursive smoothing; the rolling windows resynchronise their sums once per window length, O(1)
 * amortised). Gaps in time are not filled: like ta4j, the engine treats its input as a sequence of
 * bars.
 *
 * <p>Warm-up: a feature is null until it is defined (see {@link #definedFromIndex(String)}), using
 * exactly ta4j 0.22's seeding so that every defined value equals ta4j's indicator value; a vector
 * is {@code warm} when every feature is defined, which happens from the {@value #WARM_UP_BARS}th
 * bar on (index {@value #WARM_UP_BARS} - 1). Two values can become undefined again later:
 * {@code zscore_20} when the last 20 closes are all equal and {@code volume_ratio_20} when the last
 * 20 volumes are all zero (0/0); such a vector is not warm.
 *
 * <p>Not thread-safe.
 */
public final class FeatureEngine {

    /** Number of bars after which every feature is defined (the 50th bar completes sma_50). */
    public static final int WARM_UP_BARS = 50;

    private static final int[] DEFINED_FROM = new int[FeatureSet.SIZE];

    static {
        Arrays.fill(DEFINED_FROM, -1);
        defined(FeatureSet.CLOSE, 0);
        defined(FeatureSet.SMA_10, 9);
        defined(FeatureSet.SMA_20, 19);
        defined(FeatureSet.SMA_50, 49);
        defined(FeatureSet.EMA_12, 12);
        defined(FeatureSet.EMA_26, 26);
        defined(FeatureSet.MACD, 26);
        defined(FeatureSet.MACD_SIGNAL, 26);
        defined(FeatureSet.MACD_HIST, 26);
        defined(FeatureSet.RSI_14, 14);
        defined(FeatureSet.ATR_14, 14);
        defined(FeatureSet.BB_UPPER, 19);
        defined(FeatureSet.BB_MIDDLE, 19);
        defined(FeatureSet.BB_LOWER, 19);
        defined(FeatureSet.BB_WIDTH, 19);
        defined(FeatureSet.RET_1, 1);
        defined(FeatureSet.RET_2, 2);
        defined(FeatureSet.RET_3, 3);
        defined(FeatureSet.VOLUME_RATIO_20, 19);
        defined(FeatureSet.ZSCORE_20, 19);
    }

    private static void defined(String name, int index) {
        DEFINED_FROM[FeatureSet.indexOf(name)] = index;
    }

    private final RollingWindow close10 = new RollingWindow(10);
    private final RollingWindow close20 = new RollingWindow(20);
    private final RollingWindow close50 = new RollingWindow(50);
    private final RollingWindow volume20 = new RollingWindow(20);
    private final Ema ema12 = Ema.exponential(12);
    private final Ema ema26 = Ema.exponential(26);
    private final Ema macdSignal = Ema.exponential(9);
    private final Ema avgGain = Ema.wilder(14);
    private final Ema avgLoss = Ema.wilder(14);
    private final Ema atr = Ema.wilder(14);
    /** The last 4 closes, newest at {@code (index % 4)}. */
    private final double[] closes = new double[4];

    private Instant lastOpenTime;
    private long index = -1;

    /** A fresh engine that has seen no bars. */
    public FeatureEngine() {
    }

    /**
     * Index (0-based bar count) from which a feature is defined, e.g. 19 for sma_20: it is null for
     * the first 19 bars and defined from the 20th on.
     *
     * @throws IllegalArgumentException for a name outside the feature set
     */
    public static int definedFromIndex(String name) {
        return DEFINED_FROM[FeatureSet.indexOf(name)];
    }

    /**
     * Feeds the next closed bar and returns its feature vector.
     *
     * @param bar the bar; its open time must be after the previous bar's
     * @return the features of this bar, names in {@link FeatureSet#NAMES} order
     * @throws IllegalArgumentException when the bar is not after the previous one (the engine state
     *     is left unchanged)
     */
    public FeatureVector update(Bar bar) {
        if (lastOpenTime != null && !bar.openTime().isAfter(lastOpenTime)) {
            throw new IllegalArgumentException(
                    "bar " + bar.openTime() + " is not after the previous bar " + lastOpenTime + " of this engine");
        }
        lastOpenTime = bar.openTime();
        index++;
        double close = bar.close();
        Double prevClose = index >= 1 ? closeAgo(1) : null;
        closes[(int) (index % closes.length)] = close;

        close10.push(close);
        close20.push(close);
        close50.push(close);
        volume20.push(bar.volume());

        Double[] v = new Double[FeatureSet.SIZE];
        v[0] = close;
        v[1] = close10.full() ? close10.mean() : null;
        Double sma20 = close20.full() ? close20.mean() : null;
        v[2] = sma20;
        v[3] = close50.full() ? close50.mean() : null;

        Double e12 = ema12.update(index, close);
        Double e26 = ema26.update(index, close);
        Double macd = e12 != null && e26 != null ? e12 - e26 : null;
        Double signal = macdSignal.update(index, macd);
        v[4] = e12;
        v[5] = e26;
        v[6] = macd;
        v[7] = signal;
        v[8] = macd != null && signal != null ? macd - signal : null;

        double gain = prevClose != null && close > prevClose ? close - prevClose : 0.0;
        double loss = prevClose != null && close < prevClose ? prevClose - close : 0.0;
        v[9] = rsi(avgGain.update(index, gain), avgLoss.update(index, loss));

        double trueRange = bar.high() - bar.low();
        if (prevClose != null) {
            trueRange = Math.max(trueRange, Math.max(Math.abs(bar.high() - prevClose), Math.abs(prevClose - bar.low())));
        }
        v[10] = atr.update(index, trueRange);

        if (sma20 != null) {
            double sd = close20.stddev();
            double upper = sma20 + sd * 2;
            double lower = sma20 - sd * 2;
            v[11] = upper;
            v[12] = sma20;
            v[13] = lower;
            v[14] = (upper - lower) / sma20;
            v[19] = sd > 0 ? (close - sma20) / sd : null;
            double meanVolume = volume20.mean();
            v[18] = meanVolume > 0 ? bar.volume() / meanVolume : null;
        }
        for (int k = 1; k <= 3; k++) {
            v[14 + k] = index >= k ? close / closeAgo(k) - 1 : null;
        }

        boolean warm = true;
        for (Double value : v) {
            if (value == null) {
                warm = false;
                break;
            }
        }
        return new FeatureVector(FeatureSet.NAMES, FeatureValues.of(v), warm);
    }

    private double closeAgo(int k) {
        return closes[(int) ((index - k) % closes.length)];
    }

    private static Double rsi(Double gain, Double loss) {
        if (gain == null || loss == null) {
            return null;
        }
        if (loss == 0.0) {
            return gain == 0.0 ? 0.0 : 100.0;
        }
        return 100.0 - 100.0 / (1.0 + gain / loss);
    }

    /** Open time of the last bar fed, or null if none. */
    public Instant lastOpenTime() {
        return lastOpenTime;
    }

    /** Number of bars fed so far. */
    public long barCount() {
        return index + 1;
    }
}
