package dev.sextant.gateway.domain;

/**
 * How far a run is, as the {@code backtest_progress} WebSocket message and the run's view carry it.
 *
 * @param id           the run
 * @param status       QUEUED, RUNNING, DONE or FAILED
 * @param phase        {@code queued}, {@code loading} (reading the candles), {@code strategy} (the strategy's kernel
 *                     pass), {@code alwaysLong} (buy-and-hold, then the always-long kernel pass), {@code writing} (the
 *                     report files), {@code done}, {@code failed}
 * @param progress     0..1: {@code candlesDone / candlesTotal}, 1 when done
 * @param candlesDone  candles through the kernel so far, both passes counted
 * @param candlesTotal candles of both kernel passes (2 × the candles loaded; 0 until they are loaded)
 */
public record BacktestProgress(String id, BacktestStatus status, String phase, double progress, long candlesDone,
                               long candlesTotal) {
    public static final String QUEUED = "queued";
    public static final String LOADING = "loading";
    public static final String STRATEGY = "strategy";
    public static final String ALWAYS_LONG = "alwaysLong";
    public static final String WRITING = "writing";
    public static final String DONE = "done";
    public static final String FAILED = "failed";

    /** {@code done / total}, clamped to 0..1 (0 while the total is unknown). */
    public static double fraction(long done, long total) {
        return total <= 0 ? 0 : Math.max(0, Math.min(1, (double) done / total));
    }
}
