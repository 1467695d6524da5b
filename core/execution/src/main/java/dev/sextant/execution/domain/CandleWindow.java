package dev.sextant.execution.domain;

import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.event.Interval;
import dev.sextant.contracts.id.Symbol;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The last few closed candles per symbol and interval, ordered by open time. */
public final class CandleWindow {
    private final int capacity;
    /** Series by symbol, then by interval (no key object is made per look-up). */
    private final Map<Symbol, EnumMap<Interval, TreeMap<Instant, CandleClosed>>> bySeries = new HashMap<>();

    public CandleWindow(int capacity) {
        this.capacity = capacity;
    }

    private TreeMap<Instant, CandleClosed> series(Symbol symbol, Interval interval) {
        EnumMap<Interval, TreeMap<Instant, CandleClosed>> bySymbol = bySeries.get(symbol);
        return bySymbol == null ? null : bySymbol.get(interval);
    }

    /** True when a candle of the same series and open time is held. */
    public boolean contains(CandleClosed candle) {
        TreeMap<Instant, CandleClosed> series = series(candle.symbol(), candle.interval());
        return series != null && series.containsKey(candle.openTime());
    }

    /** Keeps {@code candle}, dropping the oldest of its series beyond the capacity. */
    public void add(CandleClosed candle) {
        TreeMap<Instant, CandleClosed> series = bySeries.computeIfAbsent(candle.symbol(), s -> new EnumMap<>(Interval.class))
                .computeIfAbsent(candle.interval(), i -> new TreeMap<>());
        series.put(candle.openTime(), candle);
        while (series.size() > capacity) {
            series.pollFirstEntry();
        }
    }

    /** The held candle of the series that opens at {@code openTime}. */
    public Optional<CandleClosed> at(Symbol symbol, Interval interval, Instant openTime) {
        TreeMap<Instant, CandleClosed> series = series(symbol, interval);
        return series == null ? Optional.empty() : Optional.ofNullable(series.get(openTime));
    }

    /** The first held candle of the series that opens strictly after {@code openTime}. */
    public Optional<CandleClosed> firstAfter(Symbol symbol, Interval interval, Instant openTime) {
        TreeMap<Instant, CandleClosed> series = series(symbol, interval);
        if (series == null) {
            return Optional.empty();
        }
        var entry = series.higherEntry(openTime);
        return entry == null ? Optional.empty() : Optional.of(entry.getValue());
    }

    /**
     * The {@code n}-th held candle of the series that opens strictly after {@code openTime} (n = 1 is
     * {@link #firstAfter}).
     */
    public Optional<CandleClosed> nthAfter(Symbol symbol, Interval interval, Instant openTime, int n) {
        if (n == 1) {
            return firstAfter(symbol, interval, openTime);
        }
        TreeMap<Instant, CandleClosed> series = series(symbol, interval);
        if (series == null) {
            return Optional.empty();
        }
        int seen = 0;
        for (CandleClosed candle : series.tailMap(openTime, false).values()) {
            if (++seen == n) {
                return Optional.of(candle);
            }
        }
        return Optional.empty();
    }

    /** How many held candles of the series open strictly after {@code after} and at or before {@code upTo}. */
    public int countBetween(Symbol symbol, Interval interval, Instant after, Instant upTo) {
        TreeMap<Instant, CandleClosed> series = series(symbol, interval);
        if (series == null || !upTo.isAfter(after)) {
            return 0;
        }
        return series.subMap(after, false, upTo, true).size();
    }

    /** Every held candle of the series that opens strictly after {@code openTime}, oldest first. */
    public List<CandleClosed> after(Symbol symbol, Interval interval, Instant openTime) {
        TreeMap<Instant, CandleClosed> series = series(symbol, interval);
        return series == null ? List.of() : new ArrayList<>(series.tailMap(openTime, false).values());
    }

    /** Every held candle, oldest first per series. */
    public Collection<CandleClosed> all() {
        List<CandleClosed> all = new ArrayList<>();
        bySeries.values().forEach(bySymbol -> bySymbol.values().forEach(s -> all.addAll(s.values())));
        return all;
    }
}
