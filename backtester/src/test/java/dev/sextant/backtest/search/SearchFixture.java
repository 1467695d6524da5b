package dev.sextant.backtest.search;

import dev.sextant.backtest.KernelRun;
import dev.sextant.backtest.MarketData;
import dev.sextant.backtest.Strategies;
import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.event.Interval;
import dev.sextant.execution.domain.ExecutionSettings;
import dev.sextant.kernel.Strategy;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/** The bundled BTCUSDT 1h candles of late 2023 to mid 2024, read once for every search test. */
final class SearchFixture {
    static final Instant LOADED_FROM = Instant.parse("2023-11-01T00:00:00Z");
    static final Instant LOADED_TO = Instant.parse("2024-06-01T00:00:00Z");
    static final ExecutionSettings COSTS = ExecutionSettings.defaults();

    private static MarketData.Loaded loaded;

    private SearchFixture() {}

    static synchronized MarketData.Loaded loaded() {
        if (loaded == null) {
            MarketData data = new MarketData(MarketData.defaultDataDir());
            loaded = MarketData.load(List.of(data.resolve("BTCUSDT", Interval.H1)), Interval.H1, LOADED_FROM, LOADED_TO);
        }
        return loaded;
    }

    /** The candles opening in [{@code from}, {@code to}). */
    static Market market(String from, String to) {
        Instant a = Instant.parse(from + "T00:00:00Z");
        Instant b = Instant.parse(to + "T00:00:00Z");
        List<CandleClosed> candles = loaded().candles().stream()
                .filter(c -> !c.openTime().isBefore(a) && c.openTime().isBefore(b)).toList();
        return new Market(candles, loaded().symbols(), Interval.H1.duration());
    }

    static Map<String, Supplier<Strategy>> strategies(List<Combination> combinations) {
        Map<String, Supplier<Strategy>> out = new TreeMap<>();
        combinations.forEach(c -> out.computeIfAbsent(c.strategy(), s -> Strategies.factory(s, null, KernelRun.CLOCK)));
        return out;
    }

    static Parallel parallel(int threads) {
        return new Parallel(threads, Parallel.Progress.none());
    }
}
