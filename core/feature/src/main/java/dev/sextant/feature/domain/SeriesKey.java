package dev.sextant.feature.domain;

import dev.sextant.contracts.event.Interval;
import dev.sextant.contracts.id.Symbol;
import java.util.Objects;

/** One candle series: a symbol at one interval. Each has its own {@link FeatureEngine}. */
public record SeriesKey(Symbol symbol, Interval interval) {

    public SeriesKey {
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(interval, "interval");
    }

    @Override
    public String toString() {
        return symbol + "/" + interval.code();
    }
}
