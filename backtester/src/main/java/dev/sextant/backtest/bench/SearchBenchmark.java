package dev.sextant.backtest.bench;

import com.sun.management.OperatingSystemMXBean;
import dev.sextant.backtest.KernelRun;
import dev.sextant.backtest.MarketData;
import dev.sextant.backtest.Strategies;
import dev.sextant.backtest.search.Combination;
import dev.sextant.backtest.search.Market;
import dev.sextant.backtest.search.Parallel;
import dev.sextant.backtest.search.ParameterSearch;
import dev.sextant.backtest.search.ParameterSpace;
import dev.sextant.contracts.event.Interval;
import dev.sextant.execution.domain.ExecutionSettings;
import dev.sextant.kernel.Strategy;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The parameter search's speed-up from parallel runs: the same grid search (candles loaded once, not
 * timed) with 1 thread and with {@code threads} threads, alternately, after a warm-up search. Prints
 * the machine, the JVM, the command, each pass's wall and CPU time, the speed-up of the medians and of
 * the best passes, the load average (the machine may be shared) and whether both thread counts gave
 * identical results. See
 * benchmarks/backtester/README.md, "Parameter search speed-up".
 *
 * <p>System properties: {@code bench.threads} (default: the available processors), {@code bench.passes}
 * (measured passes per thread count, default 5), {@code bench.symbols} (default BTCUSDT,ETHUSDT),
 * {@code bench.from}/{@code bench.to} (default 2022-01-01 / 2025-01-01), {@code bench.params}
 * (';'-separated --param specs, default a 16-combination grid of ema-trend and always-long).
 */
public final class SearchBenchmark {
    public static void main(String[] args) {
        int threads = Integer.getInteger("bench.threads", Runtime.getRuntime().availableProcessors());
        int passes = Integer.getInteger("bench.passes", 5);
        String[] symbols = System.getProperty("bench.symbols", "BTCUSDT,ETHUSDT").split(",");
        Instant from = Instant.parse(System.getProperty("bench.from", "2022-01-01") + "T00:00:00Z");
        Instant to = Instant.parse(System.getProperty("bench.to", "2025-01-01") + "T00:00:00Z");
        List<String> params = List.of(System.getProperty("bench.params",
                "strategy=ema-trend,always-long;stop-atr-multiple=1.5,2,2.5,3;reward-risk-ratio=2,3").split(";"));

        MarketData data = new MarketData(MarketData.defaultDataDir());
        List<MarketData.Source> sources = new ArrayList<>();
        for (String s : symbols) {
            sources.add(data.resolve(s, Interval.H1));
        }
        MarketData.Loaded loaded = MarketData.load(sources, Interval.H1, from, to);
        Market market = new Market(loaded.candles(), loaded.symbols(), Interval.H1.duration());
        List<Combination> grid = ParameterSpace.parse(params).grid("model", Map.of(), 100_000);
        Map<String, Supplier<Strategy>> strategies = new TreeMap<>();
        grid.forEach(c -> strategies.computeIfAbsent(c.strategy(), n -> Strategies.factory(n, null, KernelRun.CLOCK)));
        ExecutionSettings costs = ExecutionSettings.defaults();

        System.out.printf(Locale.ROOT, "machine: %d cores, %s, %s%n", Runtime.getRuntime().availableProcessors(), Machine.cpu(), Machine.memory());
        System.out.printf(Locale.ROOT, "jvm: %s %s, max heap %d MiB%n", System.getProperty("java.vm.name"),
                System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20);
        System.out.printf(Locale.ROOT, "command: %s%n", ProcessHandle.current().info().commandLine().orElse("unknown"));
        System.out.printf(Locale.ROOT, "search: %d combinations (%s) x %,d candles (%s, %s to %s) = %,d candles per search%n",
                grid.size(), String.join(" ", params), market.candles().size(), String.join(",", symbols), from, to,
                (long) grid.size() * market.candles().size());
        System.out.printf(Locale.ROOT, "load average before: %s%n", Machine.loadAverage());

        List<ParameterSearch.Row> reference = search(market, grid, strategies, costs, threads).rows; // warm-up, not counted
        double[] one = new double[passes];
        double[] many = new double[passes];
        boolean identical = true;
        for (int pass = 0; pass < passes; pass++) {
            Timed a = search(market, grid, strategies, costs, 1);
            Timed b = search(market, grid, strategies, costs, threads);
            identical &= a.rows.equals(reference) && b.rows.equals(reference);
            one[pass] = a.seconds;
            many[pass] = b.seconds;
            System.out.printf(Locale.ROOT, "pass %d: 1 thread %.2f s (cpu %.2f s), %d threads %.2f s (cpu %.2f s): x%.2f%n", pass + 1,
                    a.seconds, a.cpuSeconds, threads, b.seconds, b.cpuSeconds, a.seconds / b.seconds);
        }
        Arrays.sort(one);
        Arrays.sort(many);
        double t1 = one[passes / 2];
        double tn = many[passes / 2];
        System.out.printf(Locale.ROOT, "median: 1 thread %.2f s (%,.0f candles/s), %d threads %.2f s (%,.0f candles/s)%n", t1,
                grid.size() * (double) market.candles().size() / t1, threads, tn, grid.size() * (double) market.candles().size() / tn);
        System.out.printf(Locale.ROOT, "speed-up: x%.2f with %d threads (efficiency %.0f %%) from the medians, x%.2f from the best"
                + " passes (%.2f s / %.2f s; the least disturbed by other processes)%n", t1 / tn, threads, 100 * t1 / tn / threads,
                one[0] / many[0], one[0], many[0]);
        System.out.printf(Locale.ROOT, "results identical with 1 and %d threads: %s%n", threads, identical ? "yes" : "NO");
        System.out.printf(Locale.ROOT, "load average after: %s%n", Machine.loadAverage());
        if (!identical) {
            System.exit(1);
        }
    }

    private record Timed(List<ParameterSearch.Row> rows, double seconds, double cpuSeconds) {}

    private static Timed search(Market market, List<Combination> grid, Map<String, Supplier<Strategy>> strategies,
                                ExecutionSettings costs, int threads) {
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        System.gc();
        long cpu = os.getProcessCpuTime();
        long start = System.nanoTime();
        List<ParameterSearch.Row> rows;
        try (Parallel parallel = new Parallel(threads, Parallel.Progress.none())) {
            rows = ParameterSearch.run(market, grid, strategies, costs, parallel);
        }
        return new Timed(rows, (System.nanoTime() - start) / 1e9, (os.getProcessCpuTime() - cpu) / 1e9);
    }
}
