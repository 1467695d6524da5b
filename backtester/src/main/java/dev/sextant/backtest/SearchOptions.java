package dev.sextant.backtest;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options {@code backtest search} and {@code backtest walkforward} share (picocli mixin). */
final class SearchOptions {
    @Option(names = "--data", required = true, split = ",", paramLabel = "SYMBOL|FILE|SYMBOL=FILE",
            description = "A bundled symbol (BTCUSDT, ETHUSDT) or a Binance kline CSV file (.csv or .csv.gz); repeat or comma-separate for several.")
    List<String> data = new ArrayList<>();

    @Option(names = "--interval", defaultValue = "1h", description = "Candle interval (default ${DEFAULT-VALUE}).")
    String interval;

    @Option(names = "--from", required = true, description = "First day (UTC, inclusive), e.g. 2024-01-01, or an ISO instant.")
    String from;

    @Option(names = "--to", required = true, description = "Last day (UTC, exclusive), e.g. 2025-11-01, or an ISO instant.")
    String to;

    @Option(names = "--param", paramLabel = "NAME=V1,V2,...|NAME=LO..HI[:STEP]",
            description = "A searched parameter: a risk setting as --set takes it (confidence-threshold, risk-per-trade, stop-atr-multiple,"
                    + " reward-risk-ratio, max-daily-loss, ...) or strategy, with a list of values or a range (a grid needs its :STEP)."
                    + " Repeat for several; a grid is their cartesian product.")
    List<String> params = new ArrayList<>();

    @Option(names = "--random", paramLabel = "N",
            description = "Draw N distinct combinations at random instead of the whole grid (ranges need no step).")
    Integer random;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of --random: the same seed draws the same combinations (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--rank", defaultValue = "sharpe", paramLabel = "METRIC",
            description = "Ranks the results, best first: sharpe, totalReturn, calmar or profitFactor (default ${DEFAULT-VALUE}).")
    String rank;

    @Option(names = "--strategy", defaultValue = "model",
            description = "The strategy unless --param strategy=... searches it: model, always-long or ema-trend (default ${DEFAULT-VALUE}).")
    String strategy;

    @Option(names = "--model-dir", description = "A model folder (metadata.json + .onnx) instead of the bundled one.")
    Path modelDir;

    @Option(names = "--set", paramLabel = "NAME=VALUE", description = "A fixed risk setting for every combination, e.g. --set max-daily-loss=0.03.")
    Map<String, String> settings = new LinkedHashMap<>();

    @Option(names = "--threads", paramLabel = "N", description = "Runs in parallel (default: the available processors)."
            + " Results do not depend on it.")
    Integer threads;

    @Option(names = "--max-combinations", defaultValue = "10000", paramLabel = "N",
            description = "Refuse a search of more combinations than this (default ${DEFAULT-VALUE}).")
    int maxCombinations;

    @Option(names = "--capital", description = "Initial capital in the quote asset (default: the platform's).")
    BigDecimal capital;

    @Option(names = "--slippage", description = "Fraction a market order pays against itself (default: the platform's, 0.0005).")
    BigDecimal slippage;

    @Option(names = "--taker-fee", description = "Taker fee as a fraction of notional (default: the platform's, 0.001).")
    BigDecimal takerFee;

    @Option(names = "--out", required = true, description = "Folder for the result files.")
    Path out;

    @Option(names = "--top", defaultValue = "20", paramLabel = "N", description = "Rows of the ranking printed (0: all; the files hold all) (default ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--data-dir", description = "Where the bundled candle files are (default: data/market of the repository).")
    Path dataDir;

    @Option(names = "--code-version", description = "Written into every output (default: the git commit, when known).")
    String codeVersion;

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;
}
