package dev.sextant.execution.domain;

import dev.sextant.contracts.event.CandleSettled;
import dev.sextant.contracts.event.Event;
import dev.sextant.contracts.event.FillExecuted;
import dev.sextant.contracts.event.Interval;
import dev.sextant.contracts.event.OrderCanceled;
import dev.sextant.contracts.event.OrderExpired;
import dev.sextant.contracts.event.OrderRejected;
import dev.sextant.contracts.event.PositionChanged;
import dev.sextant.contracts.id.EventId;
import dev.sextant.contracts.id.Symbol;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What execution has settled, per symbol, so risk can follow the kernel's order
 * (docs/architecture.md, "The kernel's order in the live pipeline"): how many fills, position changes and
 * order outcomes (rejected, canceled, expired) it produced that belong to each candle
 * ({@link CandleSettled#candleOf}), the last approved decision it took, and the latest candle it processed.
 *
 * <p>A settlement covers a range: {@code CandleSettled} of candle T says execution processed every candle up to T
 * and took the decision it names, so risk may step any candle t &le; T of the symbol with it once it received the
 * events counted up to T. So after each input this book announces at most two settlements, not one per candle the
 * input changed: the candle the input was (when it was a candle), and, when the input changed the counts or the
 * last decision, the latest candle processed. A decision execution takes long after its candle (execution runs
 * ahead of risk at full replay speed) costs one settlement, not one per candle in between.
 *
 * <p>One interval per symbol: counts are kept per symbol, with the first interval seen; inputs of another
 * interval of the same symbol are not settled. Not thread-safe.
 */
public final class SettlementBook {
    /** The kinds of events a settlement counts. */
    public enum Kind { FILL, POSITION, OUTCOME }

    /** A change of one candle's counts, to store. */
    public record CountDelta(Symbol symbol, Interval interval, Instant candleOpenTime, long fills, long positions, long outcomes) {}

    /** What one input changed: count deltas and a new last decision to store, settlements to publish. */
    public record Change(List<CountDelta> deltas, Symbol decisionSymbol, EventId lastDecision, List<CandleSettled> settlements) {
        public static final Change NONE = new Change(List.of(), null, null, List.of());
    }

    private static final class Series {
        Interval interval;
        final TreeMap<Instant, long[]> perCandle = new TreeMap<>();
        EventId lastDecision;
        Instant lastProcessed;
    }

    private final Map<Symbol, Series> series = new HashMap<>();

    /** The kind a settlement counts {@code event} as, or empty when it does not count it. */
    public static Optional<Kind> kindOf(Event event) {
        return switch (event) {
            case FillExecuted f -> Optional.of(Kind.FILL);
            case PositionChanged p -> Optional.of(Kind.POSITION);
            case OrderRejected r -> Optional.of(Kind.OUTCOME);
            case OrderCanceled c -> Optional.of(Kind.OUTCOME);
            case OrderExpired x -> Optional.of(Kind.OUTCOME);
            default -> Optional.empty();
        };
    }

    // ------------------------------------------------------------------ restore

    public void restoreCounts(Symbol symbol, Interval interval, Instant candleOpenTime, long fills, long positions, long outcomes) {
        Series s = series(symbol, interval);
        long[] c = s.perCandle.computeIfAbsent(candleOpenTime, k -> new long[3]);
        c[0] += fills;
        c[1] += positions;
        c[2] += outcomes;
    }

    public void restoreDecision(Symbol symbol, EventId decisionId) {
        series.computeIfAbsent(symbol, k -> new Series()).lastDecision = decisionId;
    }

    public void restoreProcessed(Symbol symbol, Interval interval, Instant candleOpenTime) {
        Series s = series(symbol, interval);
        if (s.lastProcessed == null || candleOpenTime.isAfter(s.lastProcessed)) {
            s.lastProcessed = candleOpenTime;
        }
    }

    // ------------------------------------------------------------------ inputs

    /**
     * Books what one applied input produced and returns the settlements to announce.
     *
     * @param symbol           the input's symbol
     * @param interval         the input's interval, or null when unknown (a close request: the symbol's)
     * @param processedCandle  the open time of the candle the input was (null for other inputs)
     * @param approvedDecision the approved decision the input was (null for other inputs)
     * @param decisionCandle   that decision's candle open time (null for other inputs)
     * @param events           the events the input produced, in order
     * @param cause            the input's event id (the settlements' causation id)
     * @param now              tsInit of the settlements
     */
    public Change record(Symbol symbol, Interval interval, Instant processedCandle, EventId approvedDecision,
                         Instant decisionCandle, List<Event> events, EventId cause, Instant now) {
        Series s = interval != null ? series(symbol, interval) : series.get(symbol);
        if (s == null || s.interval == null || (interval != null && s.interval != interval)) {
            return Change.NONE; // nothing processed for this symbol yet, or another interval: nothing to settle
        }
        Instant from = processedCandle;
        Map<Instant, long[]> deltas = new TreeMap<>();
        for (Event event : events) {
            Optional<Kind> kind = kindOf(event);
            if (kind.isEmpty()) {
                continue;
            }
            Instant candle = CandleSettled.candleOf(event, s.interval);
            deltas.computeIfAbsent(candle, k -> new long[3])[kind.get().ordinal()]++;
            s.perCandle.computeIfAbsent(candle, k -> new long[3])[kind.get().ordinal()]++;
            from = min(from, candle);
        }
        EventId newDecision = null;
        if (approvedDecision != null && !approvedDecision.equals(s.lastDecision)) {
            s.lastDecision = approvedDecision;
            newDecision = approvedDecision;
            from = min(from, decisionCandle);
        }
        if (processedCandle != null && (s.lastProcessed == null || processedCandle.isAfter(s.lastProcessed))) {
            s.lastProcessed = processedCandle;
        }

        List<CountDelta> rows = new ArrayList<>();
        deltas.forEach((candle, c) -> rows.add(new CountDelta(symbol, s.interval, candle, c[0], c[1], c[2])));
        List<CandleSettled> settlements = new ArrayList<>();
        Instant latest = s.lastProcessed;
        if (processedCandle != null && processedCandle.isBefore(latest)) {
            settlements.add(settlement(symbol, s, processedCandle, cause, now)); // a candle older than the latest
        }
        boolean changed = !deltas.isEmpty() || newDecision != null || latest != null && latest.equals(processedCandle);
        if (changed && latest != null && from != null && !latest.isBefore(from)) {
            settlements.add(settlement(symbol, s, latest, cause, now));
        }
        return new Change(List.copyOf(rows), newDecision == null ? null : symbol, newDecision, List.copyOf(settlements));
    }

    /** The settlement of {@code candle} of {@code symbol} as the book stands (for tests and diagnostics). */
    public CandleSettled settlement(Symbol symbol, Instant candle, EventId cause, Instant now) {
        Series s = series.get(symbol);
        if (s == null || s.interval == null) {
            throw new IllegalArgumentException("no candle of " + symbol + " processed yet");
        }
        return settlement(symbol, s, candle, cause, now);
    }

    private CandleSettled settlement(Symbol symbol, Series s, Instant candle, EventId cause, Instant now) {
        long fills = 0;
        long positions = 0;
        long outcomes = 0;
        for (long[] c : s.perCandle.headMap(candle, true).values()) {
            fills += c[0];
            positions += c[1];
            outcomes += c[2];
        }
        return CandleSettled.of(symbol, s.interval, candle, fills, positions, outcomes, s.lastDecision, cause, now);
    }

    private Series series(Symbol symbol, Interval interval) {
        Series s = series.computeIfAbsent(symbol, k -> new Series());
        if (s.interval == null) {
            s.interval = interval;
        }
        return s;
    }

    private static Instant min(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isBefore(b) ? a : b;
    }
}
