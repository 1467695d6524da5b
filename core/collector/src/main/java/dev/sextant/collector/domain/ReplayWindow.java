package dev.sextant.collector.domain;

import java.time.Instant;

/**
 * Which rows of a source a replay covers, the same for every symbol: rows opening at or after
 * {@code start}, before {@code end} (if set), and at most the first {@code maxCandles} of them per
 * symbol (if set; counted from {@code start}, including rows stored by an earlier run, so a
 * restart replays the same window).
 */
public record ReplayWindow(Instant start, Instant end, Long maxCandles) {
    public ReplayWindow {
        if (start == null) {
            throw new IllegalArgumentException("the replay needs a start instant");
        }
        if (end != null && !end.isAfter(start)) {
            throw new IllegalArgumentException("the replay end " + end + " must be after its start " + start);
        }
        if (maxCandles != null && maxCandles < 1) {
            throw new IllegalArgumentException("max candles must be at least 1, got " + maxCandles);
        }
    }
}
