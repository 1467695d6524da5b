package dev.sextant.training;

import java.util.Arrays;

/**
 * Test-set metrics of a probabilistic up/down classifier.
 *
 * @param rows             number of rows scored
 * @param upRate           share of rows whose label is up
 * @param accuracy         share of rows where (pUp > 0.5) equals the label
 * @param logLoss          mean negative log-likelihood of the true label (probabilities clipped to [1e-15, 1-1e-15])
 * @param auc              area under the ROC curve of pUp (ties count one half)
 * @param baselineLabel    the majority label of the training rows
 * @param baselineAccuracy accuracy of always predicting {@code baselineLabel} on these rows
 */
public record BinaryMetrics(int rows, double upRate, double accuracy, double logLoss, double auc,
                            String baselineLabel, double baselineAccuracy) {

    private static final double EPS = 1e-15;

    /** Metrics of {@code pUp} against {@code up}, with the baseline "always {@code majorityUp ? up : down}". */
    public static BinaryMetrics of(double[] pUp, boolean[] up, boolean majorityUp) {
        int n = pUp.length;
        if (n == 0 || n != up.length) {
            throw new IllegalArgumentException("need the same, non-zero number of probabilities and labels");
        }
        int correct = 0;
        int ups = 0;
        double loss = 0;
        for (int i = 0; i < n; i++) {
            boolean predictedUp = pUp[i] > 0.5;
            if (predictedUp == up[i]) {
                correct++;
            }
            if (up[i]) {
                ups++;
            }
            double p = Math.min(1 - EPS, Math.max(EPS, up[i] ? pUp[i] : 1 - pUp[i]));
            loss -= Math.log(p);
        }
        double baseline = (double) (majorityUp ? ups : n - ups) / n;
        return new BinaryMetrics(n, (double) ups / n, (double) correct / n, loss / n, auc(pUp, up),
                majorityUp ? "UP" : "DOWN", baseline);
    }

    /** ROC AUC by the rank-sum (Mann-Whitney) formula with average ranks for ties. */
    static double auc(double[] score, boolean[] positive) {
        int n = score.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(score[a], score[b]));
        double rankSumPositive = 0;
        long positives = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && score[order[j + 1]] == score[order[i]]) {
                j++;
            }
            double averageRank = (i + j) / 2.0 + 1; // 1-based
            for (int k = i; k <= j; k++) {
                if (positive[order[k]]) {
                    rankSumPositive += averageRank;
                    positives++;
                }
            }
            i = j + 1;
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        return (rankSumPositive - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }
}
