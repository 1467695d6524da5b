package dev.sextant.training;

import dev.sextant.feature.domain.Bar;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Hand-made candle series for the dataset tests. */
final class Fixtures {
    static final Instant START = Instant.parse("2024-01-01T00:00:00Z");
    static final Duration HOUR = Duration.ofHours(1);

    private Fixtures() {}

    /** {@code n} hourly bars from {@link #START} with a wavy, trending close (never two equal closes in a row). */
    static List<Bar> bars(int n) {
        List<Bar> bars = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            bars.add(bar(i, 100 + 0.05 * i + 3 * Math.sin(i * 0.7) + 0.4 * Math.cos(i * 2.3)));
        }
        return bars;
    }

    static Bar bar(int hour, double close) {
        double open = close * 0.999;
        return new Bar(START.plus(HOUR.multipliedBy(hour)), open, Math.max(open, close) + 0.5, Math.min(open, close) - 0.5, close,
                10 + (hour % 7));
    }

    static LabeledRow row(String symbol, Instant openTime, boolean up, double... features) {
        return new LabeledRow(symbol, openTime, features, up);
    }
}
