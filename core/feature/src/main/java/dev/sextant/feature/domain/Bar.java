package dev.sextant.feature.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * One closed candle as the feature engine sees it.
 *
 * @param openTime start of the candle; bars fed to one engine must have strictly increasing open times
 * @param open first price, finite and &gt; 0
 * @param high highest price, finite and &gt; 0, not below low
 * @param low lowest price, finite and &gt; 0
 * @param close last price, finite and &gt; 0
 * @param volume base-asset volume, finite and &gt;= 0 (zero-volume candles are valid)
 */
public record Bar(Instant openTime, double open, double high, double low, double close, double volume) {

    public Bar {
        Objects.requireNonNull(openTime, "bar openTime is required");
        positive(open, "open", openTime);
        positive(high, "high", openTime);
        positive(low, "low", openTime);
        positive(close, "close", openTime);
        if (!Double.isFinite(volume) || volume < 0) {
            throw new IllegalArgumentException("bar " + openTime + ": volume must be finite and >= 0, got " + volume);
        }
        if (high < low) {
            throw new IllegalArgumentException("bar " + openTime + ": high " + high + " is below low " + low);
        }
    }

    private static void positive(double value, String field, Instant openTime) {
        if (!Double.isFinite(value) || value <= 0) {
            throw new IllegalArgumentException("bar " + openTime + ": " + field + " must be finite and > 0, got " + value);
        }
    }
}
