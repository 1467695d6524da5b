package dev.sextant.gateway.domain;

import java.time.Instant;

/**
 * One backtest run as the gateway keeps it on disk ({@code run.json} in the run's folder), without the live progress.
 *
 * @param id         {@code bt-<yyyyMMdd>-<HHmmss>-<6 hex>}, the creation time in UTC and a random suffix
 * @param status     QUEUED, RUNNING, DONE or FAILED
 * @param request    what was asked, defaults filled in
 * @param createdAt  when the request was accepted
 * @param startedAt  when the run left the queue (null while queued)
 * @param finishedAt when it ended (null while active)
 * @param error      why it failed (null unless FAILED)
 * @param candles    candles replayed (null until the data is loaded)
 * @param figures    the strategy beside buy-and-hold and always-long (null unless DONE)
 */
public record BacktestRun(String id, BacktestStatus status, BacktestSpec request, Instant createdAt, Instant startedAt,
                          Instant finishedAt, String error, Long candles, BacktestHeadline figures) {

    public static BacktestRun queued(String id, BacktestSpec request, Instant now) {
        return new BacktestRun(id, BacktestStatus.QUEUED, request, now, null, null, null, null, null);
    }

    public BacktestRun running(Instant now) {
        return new BacktestRun(id, BacktestStatus.RUNNING, request, createdAt, now, null, null, null, null);
    }

    public BacktestRun withCandles(long count) {
        return new BacktestRun(id, status, request, createdAt, startedAt, finishedAt, error, count, figures);
    }

    public BacktestRun done(BacktestHeadline headline, Instant now) {
        return new BacktestRun(id, BacktestStatus.DONE, request, createdAt, startedAt, now, null, candles, headline);
    }

    public BacktestRun failed(String why, Instant now) {
        return new BacktestRun(id, BacktestStatus.FAILED, request, createdAt, startedAt, now, why, candles, null);
    }
}
