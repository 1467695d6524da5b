package dev.sextant.execution.domain;

/**
 * How many candles pass between a decision and its entry fill: the entry fills on the
 * {@code candles}-th candle of its symbol and interval after the decision's candle. 1 (the default)
 * is the next candle; 2 lets one whole candle pass first (an order that reaches the venue late).
 * Closes on request are not delayed (they fill at the next open).
 *
 * @param candles at least 1, and fewer than the paper exchange's candle window (it counts the held candles)
 */
public record LatencyModel(int candles) {
    /** The largest latency accepted, whatever the candle window. */
    public static final int MAX_CANDLES = 1000;

    public LatencyModel {
        if (candles < 1 || candles > MAX_CANDLES) {
            throw new IllegalArgumentException("latency must be a whole number of candles in [1, " + MAX_CANDLES
                    + "] (1 = the entry fills on the next candle), got " + candles);
        }
    }

    /** The default: the entry fills on the first candle after the decision's candle. */
    public static LatencyModel nextCandle() {
        return new LatencyModel(1);
    }

    /** The latency written as a number of candles, e.g. {@code 2}. */
    public static LatencyModel parse(String option, String text) {
        try {
            return new LatencyModel(Integer.parseInt(text == null ? "" : text.strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a whole number of candles >= 1, got '" + text + "'");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
        }
    }

    /** The latency as text, e.g. {@code 1}. */
    public String spec() {
        return Integer.toString(candles);
    }
}
