package dev.sextant.e2e.stack;

import dev.sextant.contracts.event.Interval;
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
 * @param interval         candle interval replayed ({@code sextant.collector.replay.interval}; 1h unless {@link #withInterval})
 * @param overrides        extra system properties per service
 */
public record StackOptions(List<String> symbols, Instant start, int candlesPerSymbol, String pace, Interval interval,
                           Map<Service, Map<String, String>> overrides) {

    public StackOptions {
        symbols = List.copyOf(symbols);
        Map<Service, Map<String, String>> copy = new EnumMap<>(Service.class);
        overrides.forEach((s, m) -> copy.put(s, Map.copyOf(m)));
        overrides = copy;
    }

    public static StackOptions replay(Instant start, int candlesPerSymbol, String pace, String... symbols) {
        return new StackOptions(List.of(symbols), start, candlesPerSymbol, pace, Interval.H1, Map.of());
    }

    /** These options replaying {@code other} candles (the window keeps its number of candles per symbol). */
    public StackOptions withInterval(Interval other) {
        return new StackOptions(symbols, start, candlesPerSymbol, pace, other, overrides);
    }

    /** These options plus {@code -Dkey=value} for {@code service}. */
    public StackOptions with(Service service, String key, String value) {
        Map<Service, Map<String, String>> next = new EnumMap<>(Service.class);
        next.putAll(overrides);
        Map<String, String> props = new LinkedHashMap<>(next.getOrDefault(service, Map.of()));
        props.put(key, value);
        next.put(service, props);
        return new StackOptions(symbols, start, candlesPerSymbol, pace, interval, next);
    }

    /**
     * The entries of a benchmark's {@code -Dbench.set}: {@code <schema>:<property>=<value>} separated by {@code ;}
     * (blank entries skipped); a malformed entry or an unknown schema throws.
     */
    public static List<String> overrides(String spec) {
        List<String> entries = new java.util.ArrayList<>();
        for (String entry : spec.split(";")) {
            if (!entry.isBlank()) {
                parse(entry);
                entries.add(entry.trim());
            }
        }
        return entries;
    }

    /** These options plus every {@link #overrides} entry. */
    public StackOptions withOverrides(List<String> entries) {
        StackOptions options = this;
        for (String entry : entries) {
            Map.Entry<Service, String[]> parsed = parse(entry);
            options = options.with(parsed.getKey(), parsed.getValue()[0], parsed.getValue()[1]);
        }
        return options;
    }

    private static Map.Entry<Service, String[]> parse(String entry) {
        int colon = entry.indexOf(':');
        int eq = entry.indexOf('=', colon + 1);
        if (colon < 0 || eq < 0) {
            throw new IllegalArgumentException("bench.set: expected <schema>:<property>=<value>, got " + entry);
        }
        String schema = entry.substring(0, colon).trim();
        Service service = java.util.Arrays.stream(Service.values()).filter(s -> s.schema().equals(schema)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("bench.set: no service with schema " + schema));
        return Map.entry(service, new String[] {entry.substring(colon + 1, eq).trim(), entry.substring(eq + 1).trim()});
    }

    /** Replay end (exclusive): {@code start + candlesPerSymbol} intervals. */
    public Instant end() {
        return start.plus(interval.duration().multipliedBy(candlesPerSymbol));
    }

    public int totalCandles() {
        return candlesPerSymbol * symbols.size();
    }
}
