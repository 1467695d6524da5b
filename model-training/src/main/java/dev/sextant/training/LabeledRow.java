package dev.sextant.training;

import java.time.Instant;

/**
 * One training example: the feature vector of the candle that opened at {@code openTime} (computed
 * from that candle and earlier ones only) and the direction of the next candle's close.
 *
 * @param symbol   instrument, e.g. BTCUSDT
 * @param openTime open time of the candle the features describe (t)
 * @param features raw feature values in feature-set order
 * @param up       true when close[t+1] > close[t]
 */
public record LabeledRow(String symbol, Instant openTime, double[] features, boolean up) {}
