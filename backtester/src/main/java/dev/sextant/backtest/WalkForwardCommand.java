package dev.sextant.backtest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sextant.backtest.report.BacktestResult;
import dev.sextant.backtest.report.BaselineResult;
import dev.sextant.backtest.report.EquityCsv;
import dev.sextant.backtest.report.HtmlReport;
import dev.sextant.backtest.report.RunInfo;
import dev.sextant.backtest.report.SummaryJson;
import dev.sextant.backtest.report.TradesCsv;
import dev.sextant.backtest.search.Combination;
import dev.sextant.backtest.search.Market;
import dev.sextant.backtest.search.Metric;
import dev.sextant.backtest.search.Parallel;
import dev.sextant.backtest.search.ParameterSpace;
import dev.sextant.backtest.search.SearchOutputs;
import dev.sextant.backtest.search.WalkForward;
import dev.sextant.backtest.search.Window;
import dev.sextant.feature.domain.FeatureEngine;
import dev.sextant.risk.domain.RiskLimits;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./sextant backtest walkforward ...}: walk-forward analysis ({@link WalkForward}). On each
 * window the combination with the best in-sample figure on the train window is run on the test
 * window after it; only test windows are reported, per window and as one stitched out-of-sample
 * curve beside buy-and-hold over the same windows.
 */
@Command(name = "backtest walkforward", mixinStandardHelpOptions = true, sortOptions = false,
        customSynopsis = {"backtest walkforward --data=SYMBOL[,...] --from=DAY --to=DAY",
                "         --train=DURATION --test=DURATION --param=NAME=VALUES...",
                "         --out=DIR [OPTIONS]"},
        description = {"Walk-forward: on each train window the --param combination with the best in-sample --select figure"
                + " is chosen, then run on the test window that follows. Every reported figure is OUT-OF-SAMPLE (test windows only).",
                "Writes walkforward.csv and walkforward.json (per window, and the stitched out-of-sample figures beside"
                        + " buy-and-hold), search.csv and search.json (every combination ranked by its out-of-sample --rank figure),"
                        + " and the stitched curve as `backtest` writes a run: walkforward-summary.json, walkforward-report.html,"
                        + " walkforward-equity.csv, walkforward-trades.csv.", ""},
        footer = {"", "Example:",
                "  backtest walkforward --data BTCUSDT --from 2022-01-01 --to 2025-01-01 \\",
                "    --train 180d --test 60d --strategy ema-trend \\",
                "    --param stop-atr-multiple=1.5,2,3 --param reward-risk-ratio=2,3 \\",
                "    --out backtests/wf1"})
public final class WalkForwardCommand implements Callable<Integer> {
    public static final String NAME = "walkforward";
    /** Default warm-up: long enough that the EMAs forget their seed (weight below 1e-6), at least FeatureEngine.WARM_UP_BARS. */
    public static final int DEFAULT_WARM_UP = 200;

    @Mixin
    SearchOptions options;

    @Option(names = "--train", required = true, paramLabel = "DURATION", description = "Length of a train window, e.g. 180d, 36h, 8w.")
    String train;

    @Option(names = "--test", required = true, paramLabel = "DURATION", description = "Length of a test window (and the step between windows), e.g. 60d.")
    String test;

    @Option(names = "--anchored", description = "Every train window starts at --from (it grows); default: rolling, each --train long.")
    boolean anchored;

    @Option(names = "--select", paramLabel = "METRIC",
            description = "In-sample figure that chooses a window's combination on its train window (default: the --rank metric).")
    String select;

    @Option(names = "--warm-up", defaultValue = "" + DEFAULT_WARM_UP, paramLabel = "CANDLES",
            description = "Candles of each symbol fed before every window to warm the features up, never traded (default ${DEFAULT-VALUE}, at least "
                    + FeatureEngine.WARM_UP_BARS + ").")
    int warmUp;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Runs {@code backtest walkforward ARGS}; returns the exit code (0 done, 2 bad input, 1 failure). */
    public static int execute(String... args) {
        return BacktestCommand.configure(new CommandLine(new WalkForwardCommand()), "backtest walkforward").execute(args);
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        Duration trainLength = Window.parseDuration(train, "--train");
        Duration testLength = Window.parseDuration(test, "--test");
        if (warmUp < FeatureEngine.WARM_UP_BARS) {
            throw new IllegalArgumentException("--warm-up must be at least " + FeatureEngine.WARM_UP_BARS
                    + " candles (the feature engine's warm-up), got " + warmUp);
        }
        SearchSetup setup = new SearchSetup(options);
        Metric selectBy = select == null ? setup.rank : Metric.parse(select, "--select");
        List<Window> windows = Window.plan(setup.from, setup.to, trainLength, testLength, anchored, setup.interval.duration());

        // Candles before --from warm the first train window up; no window starts before --from.
        Instant loadFrom = setup.from.minus(setup.interval.duration().multipliedBy(4L * warmUp));
        MarketData.Loaded loaded = setup.load(setup.sources(), loadFrom, err);
        Market market = setup.market(loaded);

        long started = System.nanoTime();
        WalkForward.Result result;
        try (Parallel parallel = new Parallel(setup.threads, new Parallel.Progress(err, quiet()))) {
            result = WalkForward.run(market, windows, setup.combinations, setup.strategies, setup.costs, selectBy, warmUp, parallel);
        }
        long nanos = System.nanoTime() - started;

        ObjectNode config = setup.config(NAME, loaded, market.indexOf(setup.to) - market.indexOf(setup.from));
        config.put("selectedBy", selectBy.key());
        config.put("train", Window.text(trainLength));
        config.put("test", Window.text(testLength));
        config.put("anchored", anchored);
        config.put("warmUpCandles", warmUp);
        config.put("windows", windows.size());
        setup.createOut();
        SearchOutputs.writeWalkForward(setup.out(), config, setup.execution(result.runs(), nanos), setup.rank, selectBy, result);
        BacktestResult stitched = stitched(setup, loaded, market, result, trainLength, testLength, selectBy, nanos);
        SummaryJson.write(stitched, setup.out().resolve("walkforward-summary.json"));
        EquityCsv.write(stitched, setup.out().resolve("walkforward-equity.csv"));
        TradesCsv.write(stitched, setup.out().resolve("walkforward-trades.csv"));
        HtmlReport.write(stitched, setup.out().resolve("walkforward-report.html"));

        out.printf("Walk-forward (%s, train %s, test %s, warm-up %d candles): %d windows x %d combinations chosen by in-sample %s;"
                        + " %d runs on %d threads in %.1f s%n", anchored ? "anchored" : "rolling", Window.text(trainLength),
                Window.text(testLength), warmUp, windows.size(), setup.combinations.size(), selectBy.key(), result.runs(),
                setup.threads, nanos / 1e9);
        SearchOutputs.printWalkForward(out, setup.rank, selectBy, result, options.top);
        out.printf("wrote %s/{walkforward.csv,walkforward.json,search.csv,search.json,walkforward-summary.json,"
                + "walkforward-report.html,walkforward-equity.csv,walkforward-trades.csv}%n", setup.out());
        out.flush();
        return 0;
    }

    /** The stitched out-of-sample curve as a backtest result, for the summary.json / report / CSV writers. */
    private BacktestResult stitched(SearchSetup setup, MarketData.Loaded loaded, Market market, WalkForward.Result result,
                                    Duration trainLength, Duration testLength, Metric selectBy, long nanos) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("mode", (anchored ? "anchored" : "rolling") + " walk-forward, train " + Window.text(trainLength) + ", test "
                + Window.text(testLength) + ", chosen by in-sample " + selectBy.key());
        for (WalkForward.WindowResult w : result.windows()) {
            parameters.put("window " + w.window().index() + " (" + w.window().testStart() + " to " + w.window().testEnd() + ")",
                    chosen(w.chosen()));
        }
        Map<String, String> costs = Backtester.costs(setup.costs, RiskLimits.defaults().withOverrides(options.settings));
        setup.space.specs().keySet().forEach(name -> costs.computeIfPresent("risk." + camel(name), (k, v) -> "searched: see parameters"));
        costs.put("window-end", "a position open at a test window's end is sold at its last close (slippage and fee)");
        Instant oosFrom = result.windows().getFirst().window().testStart();
        Instant oosTo = result.windows().getLast().window().testEnd();
        List<dev.sextant.contracts.event.CandleClosed> oos = market.candles().subList(market.indexOf(oosFrom), market.indexOf(oosTo));
        RunInfo info = new RunInfo("walk-forward", parameters, loaded.symbols().stream().map(Object::toString).toList(),
                setup.interval.code(), oosFrom, oosTo, loaded.sources(), setup.codeVersion, setup.modelId, costs, oos.size(),
                nanos == 0 ? 0 : oos.size() * 1e9 / nanos);
        Map<String, BaselineResult> baselines = new LinkedHashMap<>();
        baselines.put(BaselineResult.BUY_AND_HOLD, new BaselineResult(BaselineResult.BUY_AND_HOLD,
                "buy at the first test window's first open, hold to the last test window's end (equal split between symbols,"
                        + " net of slippage and fees both ways)", result.buyAndHold(), result.buyAndHoldEquity()));
        return new BacktestResult(info, result.outOfSample(), result.equity(), result.trades(),
                Backtester.prices(oos, setup.interval), baselines);
    }

    /** {@code #3 strategy=ema-trend confidence-threshold=0.55 ...}: a combination in one line. */
    private static String chosen(Combination c) {
        StringBuilder b = new StringBuilder("#").append(c.id()).append(" strategy=").append(c.strategy());
        c.parameters().forEach((name, value) -> {
            if (!name.equals(ParameterSpace.STRATEGY)) {
                b.append(' ').append(name).append('=').append(value);
            }
        });
        return b.toString();
    }

    /** {@code stop-atr-multiple} → {@code stopAtrMultiple} (RiskLimits' component names, as Backtester.costs writes them). */
    private static String camel(String name) {
        StringBuilder b = new StringBuilder();
        boolean up = false;
        for (char ch : name.toCharArray()) {
            if (ch == '-') {
                up = true;
            } else {
                b.append(up ? Character.toUpperCase(ch) : ch);
                up = false;
            }
        }
        return b.toString();
    }

    private boolean quiet() {
        return options.quiet || System.console() == null && System.getenv("SEXTANT_PROGRESS") == null;
    }
}
