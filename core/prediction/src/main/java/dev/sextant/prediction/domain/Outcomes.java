package dev.sextant.prediction.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * Outcome of a direction forecast, known when the candle {@code horizon} intervals after the
 * forecast's candle closes: the actual direction is up when that candle's close is above the
 * forecast candle's close (equal counts as down, like the training labels).
 */
public final class Outcomes {
    private Outcomes() {}

    /** The actual direction and whether the forecast got it right. */
    public record Outcome(boolean actualUp, boolean correct) {}

    /** Open time of the candle whose close decides the forecast made at {@code candleOpenTime}. */
    public static Instant targetOpenTime(Instant candleOpenTime, Duration interval, int horizonCandles) {
        if (horizonCandles < 1) {
            throw new IllegalArgumentException("horizon must be >= 1 candle, got " + horizonCandles);
        }
        return candleOpenTime.plus(interval.multipliedBy(horizonCandles));
    }

    /** The open time of the forecast candle that a candle opened at {@code targetOpenTime} resolves. */
    public static Instant forecastOpenTime(Instant targetOpenTime, Duration interval, int horizonCandles) {
        return targetOpenTime.minus(interval.multipliedBy(horizonCandles));
    }

    /**
     * @param predictedUp    the forecast direction
     * @param referenceClose close of the forecast's candle
     * @param targetClose    close of the candle that resolves it
     */
    public static Outcome resolve(boolean predictedUp, double referenceClose, double targetClose) {
        boolean actualUp = targetClose > referenceClose;
        return new Outcome(actualUp, actualUp == predictedUp);
    }

    /** Accuracy counts of a set of predictions. */
    public record Accuracy(long count, long resolved, long correct) {
        public Accuracy {
            if (count < 0 || resolved < 0 || correct < 0 || resolved > count || correct > resolved) {
                throw new IllegalArgumentException("inconsistent accuracy counts: count " + count + ", resolved " + resolved
                        + ", correct " + correct);
            }
        }

        /** correct / resolved, or NaN while nothing is resolved. */
        public double accuracy() {
            return resolved == 0 ? Double.NaN : (double) correct / resolved;
        }
    }
}
