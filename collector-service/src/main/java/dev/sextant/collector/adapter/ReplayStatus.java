package dev.sextant.collector.adapter;

import java.time.Instant;
import java.util.List;

/**
 * What {@code GET /collector/status} returns: the replay's state and position per symbol. Counts
 * are since the service started (a restart of the replay inside the process adds to them). {@code waiting}: why a
 * replay at full speed is waiting for the pipeline (flow control, {@code sextant.collector.replay.max-lead}), or null.
 */
public record ReplayStatus(
        String state,
        String pace,
        Instant start,
        Instant end,
        Long maxCandles,
        Instant startedAt,
        Instant finishedAt,
        String lastError,
        long published,
        long invalid,
        long gaps,
        long missingCandles,
        String waiting,
        List<SymbolStatus> symbols) {

    /**
     * @param source       where the rows come from
     * @param resumedAfter open time of the last candle already stored when the replay (re)started
     * @param position     open time of the last candle published and stored
     */
    public record SymbolStatus(
            String symbol,
            String source,
            Instant resumedAfter,
            Instant position,
            long published,
            long invalid,
            long gaps,
            long missingCandles) {}
}
