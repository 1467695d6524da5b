package dev.sextant.backtest.search;

import dev.sextant.backtest.KernelRun;
import dev.sextant.execution.domain.ExecutionSettings;
import dev.sextant.kernel.Strategy;
import dev.sextant.performance.Performance;
import dev.sextant.performance.PerformanceCalculator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * A plain parameter search: every combination over the whole range, each run exactly as
 * {@code backtest --strategy S --set ...} runs its strategy pass ({@link KernelRun#run} on the shared
 * candles, a fresh kernel, strategy, risk engine and paper exchange per run). Its ranking is
 * <b>in-sample</b>: the combinations are scored on the candles they are chosen on.
 */
public final class ParameterSearch {
    /** A combination and its figures over the range. */
    public record Row(Combination combination, Performance performance) {}

    private ParameterSearch() {}

    /** Runs every combination on {@code parallel}; the rows in combination order. */
    public static List<Row> run(Market market, List<Combination> combinations, Map<String, Supplier<Strategy>> strategies,
                                ExecutionSettings costs, Parallel parallel) {
        parallel.progress().total(combinations.size());
        List<Callable<Row>> tasks = new ArrayList<>(combinations.size());
        for (Combination c : combinations) {
            Supplier<Strategy> strategy = strategies.get(c.strategy());
            tasks.add(() -> {
                KernelRun.Outcome outcome = KernelRun.run(market.candles(), strategy.get(), c.limits(), costs);
                Row row = new Row(c, PerformanceCalculator.compute(outcome.equity(), outcome.trades(), market.bar()));
                parallel.progress().tick();
                return row;
            });
        }
        List<Row> rows = parallel.map(tasks);
        parallel.progress().done();
        return rows;
    }

    /** The rows best first by {@code metric}, ties to the lower id (see {@link Metric}). */
    public static List<Row> rank(List<Row> rows, Metric metric) {
        List<Row> ranked = new ArrayList<>(rows);
        ranked.sort(Comparator.comparing((Row r) -> metric.of(r.performance()), Metric.BEST_FIRST)
                .thenComparingInt(r -> r.combination().id()));
        return ranked;
    }
}
