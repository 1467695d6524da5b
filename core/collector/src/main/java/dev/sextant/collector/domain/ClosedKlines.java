package dev.sextant.collector.domain;

import dev.sextant.contracts.event.Interval;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Which klines an exchange source may take, by the exchange's time {@code S} (Binance's {@code GET /api/v3/time}):
 * a kline is closed when its close time is before {@code S}; for a whole kline (close time = open + interval - 1 ms)
 * that is the one opening at {@code floor(S / interval) * interval - interval} and every earlier one. A kline still
 * open is never taken, whatever the exchange sends.
 */
public final class ClosedKlines {
    private ClosedKlines() {}

    /** Open time of the newest closed kline at the exchange's time {@code serverTime}. */
    public static Instant lastClosedOpen(Interval interval, Instant serverTime) {
        long len = interval.duration().toMillis();
        return Instant.ofEpochMilli(Math.floorDiv(serverTime.toEpochMilli(), len) * len - len);
    }

    /**
     * The first open time to fetch: the one after the last stored candle, or, for a series with nothing stored,
     * {@code backfillStart} rounded up to the interval grid.
     */
    public static Instant firstToFetch(Interval interval, Instant lastStored, Instant backfillStart) {
        long len = interval.duration().toMillis();
        if (lastStored != null) {
            return lastStored.plusMillis(len);
        }
        return Instant.ofEpochMilli(Math.floorDiv(backfillStart.toEpochMilli() + len - 1, len) * len);
    }

    /**
     * The lines of one page the source may take.
     *
     * @param lines the lines to hand to the candle path: closed rows within what was asked, and malformed lines (the
     *              path dead-letters them)
     * @param newest the open time of the newest row kept, or null when no row was
     * @param dropped rows left out: still open, or outside {@code [from, lastClosedOpen]}
     */
    public record Page(List<ParsedLine> lines, Instant newest, int dropped) {}

    /** Keeps the rows opening in {@code [from, lastClosedOpen]} whose close time is before {@code serverTime}. */
    public static Page closedOnly(Collection<ParsedLine> page, Instant from, Instant lastClosedOpen, Instant serverTime) {
        List<ParsedLine> kept = new ArrayList<>(page.size());
        Instant newest = null;
        int dropped = 0;
        for (ParsedLine line : page) {
            if (line instanceof ParsedLine.Row row) {
                Instant open = row.kline().openTime();
                if (!row.kline().rawCloseTime().isBefore(serverTime) || open.isAfter(lastClosedOpen) || open.isBefore(from)) {
                    dropped++;
                    continue;
                }
                newest = newest == null || open.isAfter(newest) ? open : newest;
            }
            kept.add(line);
        }
        return new Page(List.copyOf(kept), newest, dropped);
    }

    /**
     * How long to wait from {@code serverTime} until the next close of any of {@code intervals}, plus {@code after}
     * (time for the exchange to close the kline), at most {@code max}.
     */
    public static Duration untilNextClose(Collection<Interval> intervals, Instant serverTime, Duration after, Duration max) {
        long now = serverTime.toEpochMilli();
        long next = Long.MAX_VALUE;
        for (Interval interval : intervals) {
            long len = interval.duration().toMillis();
            next = Math.min(next, (Math.floorDiv(now, len) + 1) * len);
        }
        Duration d = Duration.ofMillis(next - now).plus(after);
        return d.compareTo(max) > 0 ? max : d;
    }
}
