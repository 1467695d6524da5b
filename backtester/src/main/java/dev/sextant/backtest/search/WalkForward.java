package dev.sextant.backtest.search;

import dev.sextant.backtest.BuyAndHold;
import dev.sextant.backtest.KernelRun;
import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.id.Symbol;
import dev.sextant.execution.domain.ExecutionSettings;
import dev.sextant.kernel.Strategy;
import dev.sextant.performance.EquitySample;
import dev.sextant.performance.Performance;
import dev.sextant.performance.PerformanceCalculator;
import dev.sextant.performance.TradeRecord;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * Walk-forward analysis: on each {@link Window}, every combination runs on the train window, the one
 * with the best in-sample figure ({@code select}) is chosen, and it is scored on the test window that
 * follows. Only test windows are reported.
 *
 * <h2>How a window is run</h2>
 * Each run (train or test) is a fresh kernel over the window's candles, preceded by at least
 * {@code warmUpBars} candles of every symbol before the window (fewer only where the data has none):
 * those candles go through the whole kernel, so the feature engines are warm at the window's first
 * candle, but their predictions are dropped ({@link KernelRun#window}), so no order exists before the
 * window. The run is handed {@code candles.subList(firstWarmUp, windowEnd)}: no candle at or after the
 * window's end can reach it, so no figure of a window depends on later data, and nothing but the
 * capital carries from one run to the next. The first decision is taken at the close of the window's
 * first candle and fills at the next open; a position still open after the window's last candle is
 * sold at that candle's close with slippage and the taker fee (exit reason {@code WINDOW_END}).
 *
 * <h2>The out-of-sample curve</h2>
 * The test windows tile the range after the first train window. Test window k starts with the final
 * equity (in cash) of test window k-1 — the first one with the initial capital — so the stitched curve
 * is what one account would have had following the walk-forward, sizing its positions from its own
 * equity; its figures come from {@link PerformanceCalculator} over the stitched curve and the trades of
 * every test window. Each combination is also run through every test window the same way (its own
 * chain of capital), which ranks the combinations by out-of-sample figures. Buy-and-hold over the same
 * test windows buys at the first test window's first open and sells at the last one's last close.
 */
public final class WalkForward {
    /** One test window: the combination chosen on its train window and what it did out of sample. */
    public record WindowResult(Window window, Combination chosen, double selectionFigure, Performance inSample,
                               Performance outOfSample, List<EquitySample> equity, List<TradeRecord> trades,
                               Performance buyAndHold, int warmUpCandles) {}

    /** A combination's figures on every train window and over its own chain of test windows. */
    public record ComboResult(Combination combination, List<Performance> inSample, List<Performance> outOfSampleWindows,
                              Performance outOfSample, int timesChosen) {}

    /** Everything the walk-forward found, reported on test windows only. */
    public record Result(List<WindowResult> windows, List<EquitySample> equity, List<TradeRecord> trades,
                         Performance outOfSample, List<EquitySample> buyAndHoldEquity, Performance buyAndHold,
                         List<ComboResult> combinations, long runs) {}

    /** The candles of one run: [{@code from}, {@code start}) warm up, [{@code start}, {@code end}) is the window. */
    public record Slice(int from, int start, int end) {}

    private WalkForward() {}

    /**
     * Runs the walk-forward on {@code parallel}. IllegalArgumentException when a window holds no
     * candle (a gap in the data).
     */
    public static Result run(Market market, List<Window> windows, List<Combination> combinations,
                             Map<String, Supplier<Strategy>> strategies, ExecutionSettings costs, Metric select,
                             int warmUpBars, Parallel parallel) {
        int k = windows.size();
        int c = combinations.size();
        List<Slice> train = new ArrayList<>(k);
        List<Slice> test = new ArrayList<>(k);
        for (Window w : windows) {
            train.add(slice(market, w.trainStart(), w.trainEnd(), warmUpBars, "train window " + w.index()));
            test.add(slice(market, w.testStart(), w.testEnd(), warmUpBars, "test window " + w.index()));
        }
        Parallel.Progress progress = parallel.progress();
        progress.total(2 * k * c + k);

        // Every combination's chain of test windows (long tasks first), then every (train window, combination).
        List<Callable<Object>> tasks = new ArrayList<>(c + k * c);
        for (Combination combo : combinations) {
            tasks.add(() -> {
                Chain chain = new Chain(costs.initialCapital());
                List<Performance> perWindow = new ArrayList<>(k);
                for (int i = 0; i < k; i++) {
                    perWindow.add(chain.add(runWindow(market, test.get(i), windows.get(i).testStart(), combo, strategies, costs,
                            chain.capital()), market).performance());
                    progress.tick();
                }
                return new Object[] {perWindow, chain.performance(market)};
            });
        }
        for (int i = 0; i < k; i++) {
            Slice s = train.get(i);
            Instant start = windows.get(i).trainStart();
            for (Combination combo : combinations) {
                tasks.add(() -> {
                    Performance p = performanceOf(runWindow(market, s, start, combo, strategies, costs, costs.initialCapital()), market);
                    progress.tick();
                    return p;
                });
            }
        }
        List<Object> done = parallel.map(tasks);

        // Choose on each train window (ties to the lower id), then follow the choices through the test windows.
        List<WindowResult> results = new ArrayList<>(k);
        int[] chosenCount = new int[c];
        Chain chain = new Chain(costs.initialCapital());
        for (int i = 0; i < k; i++) {
            int best = 0;
            for (int j = 1; j < c; j++) {
                if (Metric.better(select.of(trainPerformance(done, c, i, j)), select.of(trainPerformance(done, c, i, best)))) {
                    best = j;
                }
            }
            chosenCount[best]++;
            Combination chosen = combinations.get(best);
            Slice s = test.get(i);
            WindowRun run = chain.add(runWindow(market, s, windows.get(i).testStart(), chosen, strategies, costs, chain.capital()), market);
            progress.tick();
            List<EquitySample> hold = BuyAndHold.run(market.candles().subList(s.start(), s.end()), market.symbols(), costs);
            Performance inSample = trainPerformance(done, c, i, best);
            results.add(new WindowResult(windows.get(i), chosen, select.of(inSample), inSample, run.performance(),
                    run.equity(), run.trades(), PerformanceCalculator.compute(hold, List.of(), market.bar()), s.start() - s.from()));
        }
        progress.done();

        List<ComboResult> combos = new ArrayList<>(c);
        for (int j = 0; j < c; j++) {
            Object[] chainResult = (Object[]) done.get(j);
            @SuppressWarnings("unchecked")
            List<Performance> perWindow = (List<Performance>) chainResult[0];
            List<Performance> inSample = new ArrayList<>(k);
            for (int i = 0; i < k; i++) {
                inSample.add(trainPerformance(done, c, i, j));
            }
            combos.add(new ComboResult(combinations.get(j), inSample, perWindow, (Performance) chainResult[1], chosenCount[j]));
        }
        List<EquitySample> hold = BuyAndHold.run(market.candles().subList(test.getFirst().start(), test.getLast().end()),
                market.symbols(), costs);
        return new Result(results, chain.equity, chain.trades, chain.performance(market), hold,
                PerformanceCalculator.compute(hold, List.of(), market.bar()), combos, 2L * k * c + k);
    }

    /** The combinations best first by their out-of-sample {@code metric}, ties to the lower id. */
    public static List<ComboResult> rank(List<ComboResult> combos, Metric metric) {
        List<ComboResult> ranked = new ArrayList<>(combos);
        ranked.sort(Comparator.comparing((ComboResult r) -> metric.of(r.outOfSample()), Metric.BEST_FIRST)
                .thenComparingInt(r -> r.combination().id()));
        return ranked;
    }

    private static Performance trainPerformance(List<Object> done, int combos, int window, int combo) {
        return (Performance) done.get(combos + window * combos + combo);
    }

    /**
     * The candles of a run of the window [{@code start}, {@code end}): the window's, preceded by
     * candles until every symbol has {@code warmUpBars} of them before {@code start} (or the data, or
     * 4 × {@code warmUpBars} candle intervals before {@code start}, runs out).
     */
    public static Slice slice(Market market, Instant start, Instant end, int warmUpBars, String what) {
        int first = market.indexOf(start);
        int last = market.indexOf(end);
        if (first >= last) {
            throw new IllegalArgumentException("the " + what + " (" + start + " to " + end + ") holds no candle (a gap in the data?):"
                    + " choose another range or other window lengths");
        }
        Instant limit = start.minus(market.bar().multipliedBy(4L * warmUpBars));
        Map<Symbol, Integer> counts = new HashMap<>();
        int satisfied = 0;
        int from = first;
        while (from > 0 && satisfied < market.symbols().size()) {
            CandleClosed candle = market.candles().get(from - 1);
            if (candle.openTime().isBefore(limit)) {
                break;
            }
            from--;
            if (counts.merge(candle.symbol(), 1, Integer::sum) == warmUpBars) {
                satisfied++;
            }
        }
        return new Slice(from, first, last);
    }

    private static KernelRun.Outcome runWindow(Market market, Slice slice, Instant start, Combination combo,
                                               Map<String, Supplier<Strategy>> strategies, ExecutionSettings costs,
                                               BigDecimal capital) {
        ExecutionSettings withCapital = capital.equals(costs.initialCapital()) ? costs
                : new ExecutionSettings(capital, costs.slippage(), costs.takerFeeRate(), costs.feeAsset(), costs.venue(),
                        costs.candleWindow());
        return KernelRun.window(market.candles().subList(slice.from(), slice.end()), start, true,
                strategies.get(combo.strategy()).get(), combo.limits(), withCapital);
    }

    /** A window run's curve, trades and figures. */
    private record WindowRun(List<EquitySample> equity, List<TradeRecord> trades, Performance performance) {}

    /** Test windows one after the other, each starting with the previous one's final equity. */
    private static final class Chain {
        final List<EquitySample> equity = new ArrayList<>();
        final List<TradeRecord> trades = new ArrayList<>();
        private BigDecimal capital;

        Chain(BigDecimal capital) {
            this.capital = capital;
        }

        BigDecimal capital() {
            return capital;
        }

        WindowRun add(KernelRun.Outcome outcome, Market market) {
            List<EquitySample> curve = outcome.equity();
            for (EquitySample sample : curve) {
                // A window's first sample is the previous window's last one (same time, same equity): kept once.
                if (equity.isEmpty() || sample.time().isAfter(equity.getLast().time())) {
                    equity.add(sample);
                }
            }
            trades.addAll(outcome.trades());
            capital = curve.getLast().equity();
            if (capital.signum() <= 0) {
                throw new IllegalStateException("the account is empty after the test window ending " + curve.getLast().time()
                        + ": the walk-forward cannot go on");
            }
            return new WindowRun(curve, outcome.trades(), PerformanceCalculator.compute(curve, outcome.trades(), market.bar()));
        }

        Performance performance(Market market) {
            return PerformanceCalculator.compute(equity, trades, market.bar());
        }
    }

    private static Performance performanceOf(KernelRun.Outcome outcome, Market market) {
        return PerformanceCalculator.compute(outcome.equity(), outcome.trades(), market.bar());
    }
}
