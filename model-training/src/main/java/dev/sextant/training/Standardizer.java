package dev.sextant.training;

import java.util.List;

/**
 * Per-feature z-score, {@code (x - mean) / std} with the population standard deviation, fitted on
 * the training rows only. A constant feature gets std 1 (it then only shifts by its mean). Both
 * are rounded to float32, the precision of the ONNX graph that applies them, so the Java model and
 * the graph normalise with identical constants.
 */
public record Standardizer(double[] mean, double[] std) {

    public static Standardizer fit(List<LabeledRow> rows) {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("cannot fit a normalisation on zero rows");
        }
        int n = rows.get(0).features().length;
        double[] mean = new double[n];
        double[] m2 = new double[n];
        long count = 0;
        for (LabeledRow row : rows) { // Welford, numerically stable for price-sized values
            count++;
            double[] x = row.features();
            for (int i = 0; i < n; i++) {
                double delta = x[i] - mean[i];
                mean[i] += delta / count;
                m2[i] += delta * (x[i] - mean[i]);
            }
        }
        double[] std = new double[n];
        for (int i = 0; i < n; i++) {
            double s = Math.sqrt(m2[i] / count);
            std[i] = (float) (s > 1e-12 ? s : 1.0);
            mean[i] = (float) mean[i];
        }
        return new Standardizer(mean, std);
    }

    public double[] apply(double[] x) {
        double[] z = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            z[i] = (x[i] - mean[i]) / std[i];
        }
        return z;
    }
}
