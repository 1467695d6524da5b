package dev.sextant.e2e.stack;

import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a {@link Stack} replays and how: the replay window (symbols, first open time, candles per
 * symbol) and pace, plus extra {@code -D} overrides per service.
 *
 * @param symbols          symbols replayed ({@code sextant.collector.replay.symbols})
 * @param start            first open time ({@code sextant.collector.replay.start})
 * @param candlesPerSymbol candles per symbol ({@code sextant.collector.replay.max-candles})
 * @param pace             {@code max} or a period per step of one candle per symbol ({@code sextant.collector.replay.pace})
 * @param overrides        extra system properties per service
 */
public record StackOptions(List<String> symbols, Instant start, int candlesPerSymbol, String pace,
                           Map<Service, Map<String, String>> overrides) {

    /** The 1h interval every stack replays. */
    public static final String INTERVAL = "1h";

    public StackOptions {
        symbols = List.copyOf(symbols);
        Map<Service, Map<String, String>> copy = new EnumMap<>(Service.class);
        overrides.forEach((s, m) -> copy.put(s, Map.copyOf(m)));
        overrides = copy;
    }

    public static StackOptions replay(Instant start, int candlesPerSymbol, String pace, String... symbols) {
        return new StackOptions(List.of(symbols), start, candlesPerSymbol, pace, Map.of());
    }

    /** These options plus {@code -Dkey=value} for {@code service}. */
    public StackOptions with(Service service, String key, String value) {
        Map<Service, Map<String, String>> next = new EnumMap<>(Service.class);
        next.putAll(overrides);
        Map<String, String> props = new LinkedHashMap<>(next.getOrDefault(service, Map.of()));
        props.put(key, value);
        next.put(service, props);
        return new StackOptions(symbols, start, candlesPerSymbol, pace, next);
    }

    /** Replay end (exclusive): {@code start + candlesPerSymbol} hours. */
    public Instant end() {
        return start.plusSeconds(3600L * candlesPerSymbol);
    }

    public int totalCandles() {
        return candlesPerSymbol * symbols.size();
    }
}
