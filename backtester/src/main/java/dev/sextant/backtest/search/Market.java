package dev.sextant.backtest.search;

import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.id.Symbol;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The candles every run of a search shares, loaded once: immutable, in open-time order (symbol order
 * within one open time), so any number of runs can read them at once.
 *
 * @param bar the candle interval
 */
public record Market(List<CandleClosed> candles, List<Symbol> symbols, Duration bar) {
    public Market {
        candles = List.copyOf(candles);
        symbols = List.copyOf(symbols);
    }

    /** The index of the first candle opening at or after {@code time} ({@code candles.size()} when none). */
    public int indexOf(Instant time) {
        int lo = 0;
        int hi = candles.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (candles.get(mid).openTime().isBefore(time)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
