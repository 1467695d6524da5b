package dev.sextant.backtest;

import dev.sextant.backtest.report.BacktestResult;
import dev.sextant.backtest.report.BaselineResult;
import dev.sextant.backtest.report.EquityCsv;
import dev.sextant.backtest.report.HtmlReport;
import dev.sextant.backtest.report.SummaryJson;
import dev.sextant.backtest.report.TradesCsv;
import dev.sextant.contracts.event.Interval;
import dev.sextant.execution.domain.ExecutionModels;
import dev.sextant.execution.domain.ExecutionSettings;
import dev.sextant.performance.Performance;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./sextant backtest ...}: one backtest of a strategy on bundled or given candles, with the
 * baselines, written as summary.json, report.html, trades.csv and equity.csv. Any bad input ends
 * with one sentence saying what to fix and exit code 2; a failure of the run itself with exit code 1.
 */
@Command(name = "backtest", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Replays candles through the trading kernel (features, strategy, risk, paper fills) and reports"
                + " the strategy's figures beside buy-and-hold and always-long with the same exits.",
        footer = {"", "Parameter search and walk-forward: backtest search --help, backtest walkforward --help (docs/backtesting.md)."})
public final class BacktestCommand implements Callable<Integer> {
    @Option(names = "--data", required = true, split = ",", paramLabel = "SYMBOL|FILE|SYMBOL=FILE",
            description = "A bundled symbol (BTCUSDT, ETHUSDT) or a Binance kline CSV file (.csv or .csv.gz); repeat or comma-separate for several.")
    List<String> data = new ArrayList<>();

    @Option(names = "--interval", defaultValue = "1h", description = "Candle interval (default ${DEFAULT-VALUE}).")
    String interval;

    @Option(names = "--from", required = true, description = "First day (UTC, inclusive), e.g. 2024-01-01, or an ISO instant.")
    String from;

    @Option(names = "--to", required = true, description = "Last day (UTC, exclusive), e.g. 2025-11-01, or an ISO instant.")
    String to;

    @Option(names = "--strategy", defaultValue = "model",
            description = "model (the bundled ONNX model, or --model-dir), always-long or ema-trend (default ${DEFAULT-VALUE}).")
    String strategy;

    @Option(names = "--model-dir", description = "A model folder (metadata.json + .onnx) instead of the bundled one.")
    Path modelDir;

    @Option(names = "--set", paramLabel = "NAME=VALUE", description = "A risk setting, e.g. --set confidence-threshold=0.6 (names as in risk-service).")
    Map<String, String> settings = new LinkedHashMap<>();

    @Option(names = "--capital", description = "Initial capital in the quote asset (default: the platform's).")
    BigDecimal capital;

    @Option(names = "--slippage", description = "Fraction a market order pays against itself (default: the platform's, 0.0005).")
    BigDecimal slippage;

    @Option(names = "--taker-fee", description = "Taker fee as a fraction of notional (default: the platform's, 0.001).")
    BigDecimal takerFee;

    @Option(names = "--slippage-model", paramLabel = "MODEL", description = "How market orders slip: proportional"
            + " (default: price × (1 ± --slippage)), proportional:rate=R, fixed:amount=A (price ± A per unit),"
            + " volume:impact=K[,cap=C] (fraction min(C, K × quantity / candle volume), C default 0.01).")
    String slippageModel;

    @Option(names = "--fee-model", paramLabel = "MODEL", description = "What fills pay: taker (default: every fill pays"
            + " --taker-fee), taker:rate=R, maker-taker:maker=M[,taker=T] (take-profits rest on the book and pay M).")
    String feeModel;

    @Option(names = "--fill-price", paramLabel = "RULE", description = "Where a market entry fills on its candle:"
            + " next-open (default), next-close, typical ((high + low + close) / 3; that candle then checks the stop only).")
    String fillPrice;

    @Option(names = "--latency-candles", paramLabel = "N", description = "The entry fills on the N-th candle after the"
            + " decision's (default 1: the next candle).")
    String latencyCandles;

    @Option(names = "--model-scoring", paramLabel = "batch|single", defaultValue = "batch", description = "How the"
            + " model strategy scores: batch (default: the coming candles' vectors in batches, checked bit for bit against"
            + " one-vector scoring; the same results, faster) or single (one ONNX call per candle, as prediction-service).")
    String modelScoring;

    @Option(names = "--out", required = true, description = "Folder for summary.json, report.html, trades.csv, equity.csv.")
    Path out;

    @Option(names = "--data-dir", description = "Where the bundled candle files are (default: data/market of the repository).")
    Path dataDir;

    @Option(names = "--code-version", description = "Written into every output (default: the git commit, when known).")
    String codeVersion;

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line; returns the exit code (0 done, 2 bad input, 1 failure). */
    public static int execute(String... args) {
        if (args.length > 0 && args[0].equals(SearchCommand.NAME)) {
            return SearchCommand.execute(Arrays.copyOfRange(args, 1, args.length));
        }
        if (args.length > 0 && args[0].equals(WalkForwardCommand.NAME)) {
            return WalkForwardCommand.execute(Arrays.copyOfRange(args, 1, args.length));
        }
        return configure(new CommandLine(new BacktestCommand()), "backtest").execute(args);
    }

    /** Bad input (IllegalArgumentException) ends with {@code name: <sentence>} and exit code 2; any other failure with 1. */
    static CommandLine configure(CommandLine cli, String name) {
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof IllegalArgumentException) {
                cmd.getErr().println(name + ": " + e.getMessage());
                return 2;
            }
            cmd.getErr().println(name + " failed: " + e);
            return 1;
        });
        return cli;
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter outw = spec.commandLine().getOut();
        Interval iv = parseInterval(interval);
        Instant start = parseTime(from, "--from");
        Instant end = parseTime(to, "--to");
        BacktestInputs.range(start, end, "--from", "--to");
        ExecutionSettings defaults = ExecutionSettings.defaults();
        ExecutionSettings costs = new ExecutionSettings(capital == null ? defaults.initialCapital() : capital,
                slippage == null ? defaults.slippage() : slippage, takerFee == null ? defaults.takerFeeRate() : takerFee,
                defaults.feeAsset(), defaults.venue(), defaults.candleWindow());
        ExecutionModels models = ExecutionModels.parse(costs, slippageModel, feeModel, fillPrice, latencyCandles,
                ExecutionModels.Names.OPTIONS);
        if (models.latency().candles() >= costs.candleWindow()) {
            // The paper exchange counts a working entry's candles in its window: keep enough of them.
            costs = new ExecutionSettings(costs.initialCapital(), costs.slippage(), costs.takerFeeRate(), costs.feeAsset(),
                    costs.venue(), models.latency().candles() + 1);
        }
        if (!modelScoring.equals("batch") && !modelScoring.equals("single")) {
            throw new IllegalArgumentException("--model-scoring must be batch or single, got '" + modelScoring + "'");
        }
        Backtester.Request request = new Backtester.Request(strategy, modelDir, settings, costs, models,
                codeVersion != null ? codeVersion : CodeVersion.detect(), modelScoring.equals("batch"));
        request.limits(); // validates the settings before the data is read
        Strategies.create(strategy, modelDir, iv, KernelRun.CLOCK, null); // likewise the strategy and its model

        MarketData market = new MarketData(dataDir != null ? dataDir : MarketData.defaultDataDir());
        List<MarketData.Source> sources = data.stream().map(d -> market.resolve(d, iv)).toList();
        MarketData.Loaded loaded = MarketData.load(sources, iv, start, end);
        if (loaded.rejected() > 0) {
            err.printf("warning: %d rows refused by the candle validator, e.g. %s%n", loaded.rejected(), loaded.rejections().getFirst());
        }
        Progress progress = new Progress(err, loaded.candles().size(), quiet);
        BacktestResult result = Backtester.run(loaded, iv, start, end, request, progress);
        progress.done(result.run().candlesPerSecond());

        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot create the output folder " + out + ": " + e.getMessage());
        }
        SummaryJson.write(result, out.resolve("summary.json"));
        TradesCsv.write(result, out.resolve("trades.csv"));
        EquityCsv.write(result, out.resolve("equity.csv"));
        HtmlReport.write(result, out.resolve("report.html"));
        printSummary(outw, result);
        outw.printf("wrote %s/{summary.json,report.html,trades.csv,equity.csv}%n", out);
        outw.flush();
        return 0;
    }

    static void printSummary(PrintWriter out, BacktestResult result) {
        Performance p = result.performance();
        Performance hold = result.baseline(BaselineResult.BUY_AND_HOLD).map(BaselineResult::performance).orElse(null);
        Performance always = result.baseline(BaselineResult.ALWAYS_LONG).map(BaselineResult::performance).orElse(null);
        out.printf("%-16s %12s %12s %12s%n", "", result.run().strategy(), "buy&hold", "always-long");
        row(out, "total return", pct(p.totalReturn()), pct(hold == null ? Double.NaN : hold.totalReturn()),
                pct(always == null ? Double.NaN : always.totalReturn()));
        row(out, "max drawdown", pct(p.maxDrawdown()), pct(hold == null ? Double.NaN : hold.maxDrawdown()),
                pct(always == null ? Double.NaN : always.maxDrawdown()));
        row(out, "sharpe", num(p.sharpe()), num(hold == null ? Double.NaN : hold.sharpe()), num(always == null ? Double.NaN : always.sharpe()));
        row(out, "trades", Integer.toString(p.trades()), "-", always == null ? "-" : Integer.toString(always.trades()));
        row(out, "win rate", pct(p.winRate()), "-", pct(always == null ? Double.NaN : always.winRate()));
        row(out, "fees paid", p.feesPaid().toPlainString(), "-", always == null ? "-" : always.feesPaid().toPlainString());
        if (p.totalReturn() < 0) {
            out.printf("The strategy LOST %s net of costs.%n", pct(-p.totalReturn()));
        }
        if (hold != null && p.totalReturn() < hold.totalReturn()) {
            out.printf("The strategy did worse than buying and holding (%s vs %s).%n", pct(p.totalReturn()), pct(hold.totalReturn()));
        }
    }

    private static void row(PrintWriter out, String name, String a, String b, String c) {
        out.printf("%-16s %12s %12s %12s%n", name, a, b, c);
    }

    private static String pct(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.2f %%", v * 100) : "n/a";
    }

    private static String num(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.2f", v) : "n/a";
    }

    static Interval parseInterval(String code) {
        return BacktestInputs.interval(code, "--interval");
    }

    static Instant parseTime(String text, String option) {
        return BacktestInputs.time(text, option);
    }

    /** A one-line progress bar on the terminal (stderr), redrawn at most 4 times a second. */
    static final class Progress implements java.util.function.LongConsumer {
        private final PrintWriter err;
        private final long total;
        private final boolean quiet;
        private final long started = System.nanoTime();
        private long lastDraw;

        Progress(PrintWriter err, long total, boolean quiet) {
            this.err = err;
            this.total = Math.max(1, total);
            this.quiet = quiet || System.console() == null && System.getenv("SEXTANT_PROGRESS") == null;
        }

        @Override
        public void accept(long done) {
            long now = System.nanoTime();
            if (quiet || now - lastDraw < 250_000_000L && done < total) {
                return;
            }
            lastDraw = now;
            int width = 30;
            int filled = (int) (width * done / total);
            double seconds = (now - started) / 1e9;
            err.printf("\r[%s%s] %3d%% %,d/%,d candles %,.0f candles/s", "#".repeat(filled), " ".repeat(width - filled),
                    100 * done / total, done, total, seconds > 0 ? done / seconds : 0.0);
            err.flush();
        }

        void done(double candlesPerSecond) {
            if (!quiet) {
                err.println();
            }
            err.printf("strategy pass: %,.0f candles/s%n", candlesPerSecond);
            err.flush();
        }
    }

    /** The code version written into the outputs. */
    static final class CodeVersion {
        static String detect() {
            try {
                Process git = new ProcessBuilder("git", "describe", "--always", "--dirty").redirectErrorStream(true).start();
                String text = new String(git.getInputStream().readAllBytes()).trim();
                if (git.waitFor() == 0 && !text.isBlank()) {
                    return "git " + text;
                }
            } catch (IOException e) {
                // no git: fall through
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            String version = BacktestCommand.class.getPackage().getImplementationVersion();
            return version != null ? version : "unknown";
        }
    }

}
