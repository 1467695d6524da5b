package dev.sextant.backtest.bench;

import dev.sextant.backtest.KernelRun;
import dev.sextant.backtest.MarketData;
import dev.sextant.backtest.Strategies;
import dev.sextant.contracts.event.Interval;
import dev.sextant.execution.domain.ExecutionSettings;
import dev.sextant.kernel.Strategy;
import dev.sextant.risk.domain.RiskLimits;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The backtester's throughput on one core: the whole kernel chain (features, strategy, risk, paper
 * fills) over the bundled BTCUSDT 1h candles 2018–2026, repeated. Prints the machine, the JVM, the
 * command, candles/s per pass (the median is the figure; also per CPU-second of the thread, which other
 * processes on a shared machine disturb less), the heap after a pass and the bytes allocated per candle. Loading and
 * parsing the CSV is not timed. See benchmarks/backtester/README.md.
 *
 * <p>Arguments: {@code [strategy ...]} (default {@code ema-trend model model-single}: {@code model} scores as
 * the backtester does, in batches, {@code model-single} one ONNX call per candle as prediction-service does); system properties
 * {@code bench.passes} (default 7, the first two are warm-up) and {@code bench.symbols} (default BTCUSDT).
 */
public final class BacktestBenchmark {
    public static void main(String[] args) throws Exception {
        int passes = Integer.getInteger("bench.passes", 7);
        List<String> strategies = args.length == 0 ? List.of("ema-trend", "model", "model-single") : List.of(args);
        String[] symbols = System.getProperty("bench.symbols", "BTCUSDT").split(",");
        MarketData market = new MarketData(MarketData.defaultDataDir());
        List<MarketData.Source> sources = new ArrayList<>();
        for (String s : symbols) {
            sources.add(market.resolve(s, Interval.H1));
        }
        MarketData.Loaded data = MarketData.load(sources, Interval.H1, Instant.parse("2017-01-01T00:00:00Z"),
                Instant.parse("2027-01-01T00:00:00Z"));
        System.out.printf(Locale.ROOT, "machine: %d cores, %s, %s%n", Runtime.getRuntime().availableProcessors(), Machine.cpu(), Machine.memory());
        System.out.printf(Locale.ROOT, "jvm: %s %s, max heap %d MiB, args %s%n", System.getProperty("java.vm.name"),
                System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20,
                ManagementFactory.getRuntimeMXBean().getInputArguments());
        System.out.printf(Locale.ROOT, "data: %,d candles (%s), %d passes, first 2 are warm-up%n", data.candles().size(),
                String.join(", ", symbols), passes);
        for (String name : strategies) {
            double[] rates = new double[Math.max(1, passes - 2)];
            double[] cpuRates = new double[rates.length];
            long trades = 0;
            long allocated = 0;
            long measured = 0;
            for (int pass = 0; pass < passes; pass++) {
                Strategy strategy = name.equals("model-single") ? Strategies.create("model", null, KernelRun.CLOCK)
                        : Strategies.create(name, null, KernelRun.CLOCK, data.candles());
                long allocatedBefore = allocatedBytes();
                long cpuBefore = cpuNanos();
                KernelRun.Outcome outcome = KernelRun.run(data.candles(), strategy, RiskLimits.defaults(), ExecutionSettings.defaults());
                long cpu = cpuNanos() - cpuBefore;
                trades = outcome.trades().size();
                if (pass >= 2 || passes <= 2) {
                    allocated += allocatedBytes() - allocatedBefore;
                    measured += outcome.candles();
                    rates[Math.min(rates.length - 1, Math.max(0, pass - 2))] = outcome.candlesPerSecond();
                    cpuRates[Math.min(rates.length - 1, Math.max(0, pass - 2))] = cpu <= 0 ? 0 : outcome.candles() * 1e9 / cpu;
                }
            }
            Arrays.sort(rates);
            Arrays.sort(cpuRates);
            System.gc();
            long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            System.out.printf(Locale.ROOT, "%-12s median %,10.0f candles/s  (min %,.0f, max %,.0f; per CPU-second %,.0f),"
                            + " %d trades, heap after a pass %d MiB, %,d bytes allocated per candle%n",
                    name, rates[rates.length / 2], rates[0], rates[rates.length - 1], cpuRates[cpuRates.length / 2], trades,
                    heap >> 20, measured == 0 ? 0 : allocated / measured);
        }
    }

    /** CPU time of this thread so far, in nanoseconds (robust to other processes sharing the cores), 0 when unknown. */
    private static long cpuNanos() {
        var threads = ManagementFactory.getThreadMXBean();
        return threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadCpuTime() : 0;
    }

    /** Bytes this thread allocated so far (HotSpot's thread allocation counter), 0 when unknown. */
    private static long allocatedBytes() {
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads) {
            return threads.getCurrentThreadAllocatedBytes();
        }
        return 0;
    }
}
