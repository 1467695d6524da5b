package dev.sextant.prediction.domain;

/**
 * A model's probability that the next candle closes up, and down. Values within 1e-4 outside
 * [0, 1] (float rounding) are clamped; anything further off, or non-finite, is rejected.
 */
public record DirectionProbabilities(double probUp, double probDown) {
    private static final double SLACK = 1e-4;

    public DirectionProbabilities {
        probUp = checked(probUp, "P(up)");
        probDown = checked(probDown, "P(down)");
        if (Math.abs(probUp + probDown - 1.0) > 1e-3) {
            throw new IllegalArgumentException("model output is not a probability pair: P(up) " + probUp + " + P(down) " + probDown
                    + " != 1");
        }
    }

    /** Confidence = the larger of the two probabilities (in [0.5, 1]). */
    public double confidence() {
        return Math.max(probUp, probDown);
    }

    /** The forecast direction: up when P(up) > 0.5 (a tie counts as down, as in the training labels). */
    public boolean predictsUp() {
        return probUp > 0.5;
    }

    private static double checked(double p, String what) {
        if (!Double.isFinite(p) || p < -SLACK || p > 1 + SLACK) {
            throw new IllegalArgumentException("model returned " + what + " = " + p + ", not a probability");
        }
        return Math.min(1.0, Math.max(0.0, p));
    }
}
