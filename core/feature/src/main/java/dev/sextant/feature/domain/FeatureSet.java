package dev.sextant.feature.domain;

import java.util.List;

/**
 * The feature set {@value #VERSION}: the names, their order and their meaning. Everything that
 * consumes features (model training, prediction, risk) indexes vectors by these names.
 *
 * <p>Definitions (n = bars seen so far by the engine, 1-based; a value is null until defined):
 * <ul>
 *   <li>{@code close}: the bar's close.</li>
 *   <li>{@code sma_10/20/50}: simple mean of the last 10/20/50 closes.</li>
 *   <li>{@code ema_12/26}: exponential mean, alpha = 2/(p+1), seeded with the first close.</li>
 *   <li>{@code macd} = ema_12 - ema_26; {@code macd_signal} = EMA 9 of macd (seeded with the first
 *       macd); {@code macd_hist} = macd - macd_signal.</li>
 *   <li>{@code rsi_14}: Wilder RSI, gains/losses smoothed with alpha = 1/14 seeded with the first
 *       bar's gain/loss (0); 100 when the average loss is 0 (0 when both averages are 0).</li>
 *   <li>{@code atr_14}: Wilder ATR, true range smoothed with alpha = 1/14, seeded with the first
 *       bar's high - low.</li>
 *   <li>{@code bb_middle} = sma_20, {@code bb_upper/lower} = middle +/- 2 population standard
 *       deviations of the last 20 closes; {@code bb_width} = (upper - lower) / middle.</li>
 *   <li>{@code ret_k} = close / close k bars ago - 1, k = 1, 2, 3.</li>
 *   <li>{@code volume_ratio_20} = volume / mean of the last 20 volumes.</li>
 *   <li>{@code zscore_20} = (close - sma_20) / population standard deviation of the last 20 closes.</li>
 * </ul>
 * See feature-service/README.md for the warm-up of every feature and how it matches ta4j.
 */
public final class FeatureSet {

    /** Version string carried by every FeaturesComputed event of this feature set. */
    public static final String VERSION = "fs-v1";

    public static final String CLOSE = "close";
    public static final String SMA_10 = "sma_10";
    public static final String SMA_20 = "sma_20";
    public static final String SMA_50 = "sma_50";
    public static final String EMA_12 = "ema_12";
    public static final String EMA_26 = "ema_26";
    public static final String MACD = "macd";
    public static final String MACD_SIGNAL = "macd_signal";
    public static final String MACD_HIST = "macd_hist";
    public static final String RSI_14 = "rsi_14";
    public static final String ATR_14 = "atr_14";
    public static final String BB_UPPER = "bb_upper";
    public static final String BB_MIDDLE = "bb_middle";
    public static final String BB_LOWER = "bb_lower";
    public static final String BB_WIDTH = "bb_width";
    public static final String RET_1 = "ret_1";
    public static final String RET_2 = "ret_2";
    public static final String RET_3 = "ret_3";
    public static final String VOLUME_RATIO_20 = "volume_ratio_20";
    public static final String ZSCORE_20 = "zscore_20";

    /** All feature names, in vector order. */
    public static final List<String> NAMES = List.of(
            CLOSE, SMA_10, SMA_20, SMA_50, EMA_12, EMA_26, MACD, MACD_SIGNAL, MACD_HIST, RSI_14, ATR_14,
            BB_UPPER, BB_MIDDLE, BB_LOWER, BB_WIDTH, RET_1, RET_2, RET_3, VOLUME_RATIO_20, ZSCORE_20);

    /** Number of features in a vector. */
    public static final int SIZE = NAMES.size();

    private FeatureSet() {
    }

    /**
     * Position of a feature in the vector.
     *
     * @throws IllegalArgumentException when the name is not part of this feature set
     */
    public static int indexOf(String name) {
        int index = NAMES.indexOf(name);
        if (index < 0) {
            throw new IllegalArgumentException("no feature named '" + name + "' in feature set " + VERSION);
        }
        return index;
    }
}
