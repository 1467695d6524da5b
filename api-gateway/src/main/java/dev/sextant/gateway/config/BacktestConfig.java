package dev.sextant.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Backtests run by the gateway ({@code sextant.gateway.backtests.*}); checked at start-up by {@link ConfigCheck}. */
@ConfigMapping(prefix = "sextant.gateway.backtests")
public interface BacktestConfig {

    /** Folder of the runs (one sub-folder each); default {@code $SEXTANT_HOME/backtests}, else {@code backtests} in the working directory. */
    Optional<String> dir();

    /** Folder of the bundled candle files; default {@code $SEXTANT_DATA_DIR}, else {@code data/market} in the working directory or a parent. */
    Optional<String> dataDir();

    /** Runs at the same time (each keeps one core busy). */
    @WithDefault("1")
    int maxRunning();

    /** Runs waiting for a slot; one more request gets 429. */
    @WithDefault("8")
    int maxQueued();

    /** Largest run, in candles (symbols × candles in the range): bounds the heap a run needs (about 2 MB per 1,000 candles). */
    @WithDefault("60000")
    long maxCandles();

    /** Smallest gap between two {@code backtest_progress} messages of one run within a phase. */
    @WithDefault("250ms")
    Duration progressInterval();
}
