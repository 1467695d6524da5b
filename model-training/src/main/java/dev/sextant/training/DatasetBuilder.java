package dev.sextant.training;

import dev.sextant.feature.domain.Bar;
import dev.sextant.feature.domain.FeatureEngine;
import dev.sextant.feature.domain.FeatureSet;
import dev.sextant.feature.domain.FeatureVector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a symbol's candles into labelled rows with feature-service's own {@link FeatureEngine}, fed
 * one bar at a time exactly as the live service is, so a row's features at t only know bars up to t.
 *
 * <p>Label: the direction of the next candle (horizon 1): up when close[t+1] > close[t]. A row is
 * kept only when its vector is warm and the next candle is exactly one interval later (rows before
 * a gap in the data are dropped, like a prediction that never gets its outcome).
 */
public final class DatasetBuilder {
    private final Duration interval;

    public DatasetBuilder(Duration interval) {
        this.interval = interval;
    }

    /** The labelled rows of one symbol's bars (in time order). */
    public List<LabeledRow> build(String symbol, List<Bar> bars) {
        FeatureEngine engine = new FeatureEngine();
        List<LabeledRow> rows = new ArrayList<>(bars.size());
        for (int t = 0; t < bars.size(); t++) {
            Bar bar = bars.get(t);
            FeatureVector vector = engine.update(bar);
            if (t == 0) {
                requireFeatureOrder(vector.names());
            }
            if (!vector.warm() || t + 1 >= bars.size()) {
                continue;
            }
            Bar next = bars.get(t + 1);
            if (!next.openTime().equals(bar.openTime().plus(interval))) {
                continue;
            }
            rows.add(new LabeledRow(symbol, bar.openTime(), toArray(vector), next.close() > bar.close()));
        }
        return rows;
    }

    private static void requireFeatureOrder(List<String> names) {
        if (!names.equals(FeatureSet.NAMES)) {
            throw new IllegalStateException("FeatureEngine emits " + names + " but FeatureSet " + FeatureSet.VERSION
                    + " declares " + FeatureSet.NAMES + "; rebuild feature-service");
        }
    }

    private static double[] toArray(FeatureVector vector) {
        double[] values = new double[vector.values().size()];
        for (int i = 0; i < values.length; i++) {
            Double v = vector.values().get(i);
            if (v == null || !Double.isFinite(v)) {
                throw new IllegalStateException("warm feature vector holds an undefined value for " + vector.names().get(i));
            }
            values[i] = v;
        }
        return values;
    }
}
