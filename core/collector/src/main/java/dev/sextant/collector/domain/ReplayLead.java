package dev.sextant.collector.domain;

import dev.sextant.contracts.event.Interval;
import dev.sextant.contracts.id.Symbol;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Flow control of a replay at full speed: how many candles of a symbol the replay has published beyond the latest
 * candle risk-service has decided on, and how many more it may publish before it waits ({@code maxLead}).
 *
 * <p>Without it, a replay at {@code pace=max} runs arbitrarily far ahead of the pipeline: execution-service takes
 * every candle as it comes, so by the time risk's decision on candle t reaches it, it has moved on by thousands of
 * candles and no longer holds t (its {@code candle-window}), and a late entry would be checked against the cash of a
 * much later moment. Keeping the lead below execution's window keeps a full-speed replay equal to the backtest.
 *
 * <p>A symbol without a known decision counts from its baseline: the position the replay resumed from (or the
 * candle before the replay's start), so the first {@code maxLead} candles — the features' warm-up before the first
 * prediction included — are published at once. A decided candle later than what the replay has published (a forged
 * or foreign decision) counts as the published position, never beyond. Thread-safe: decisions are noted from a
 * consumer thread, the room is asked on the replay thread.
 */
public final class ReplayLead {
    private final int maxLead;
    private final long intervalMillis;
    private final Map<Symbol, Instant> baseline = new ConcurrentHashMap<>();
    private final Map<Symbol, Instant> decided = new ConcurrentHashMap<>();

    /** @param maxLead candles a symbol may run ahead of its latest decision, at least 1 */
    public ReplayLead(int maxLead, Interval interval) {
        if (maxLead < 1) {
            throw new IllegalArgumentException("maxLead must be >= 1, got " + maxLead);
        }
        this.maxLead = maxLead;
        this.intervalMillis = Objects.requireNonNull(interval, "interval").duration().toMillis();
    }

    public int maxLead() {
        return maxLead;
    }

    /**
     * Where {@code symbol} counts from until a decision is known: the candle the replay resumes after, or, when it
     * starts afresh, the candle before {@code start}.
     */
    public void baseline(Symbol symbol, Instant resumedAfter, Instant start) {
        baseline.put(symbol, resumedAfter != null ? resumedAfter : start.minusMillis(intervalMillis));
    }

    /** Notes a decision on {@code symbol}'s candle {@code candleOpenTime}; only a later one moves anything. */
    public void decided(Symbol symbol, Instant candleOpenTime) {
        decided.merge(symbol, candleOpenTime, (a, b) -> a.isAfter(b) ? a : b);
    }

    /** The latest decided candle of {@code symbol}, or null. */
    public Instant decided(Symbol symbol) {
        return decided.get(symbol);
    }

    /** Candles of {@code symbol} published beyond its latest decision (or its baseline); {@code position}: the last published. */
    public long lead(Symbol symbol, Instant position) {
        if (position == null) {
            return 0;
        }
        Instant from = decided.get(symbol);
        if (from == null) {
            from = baseline.get(symbol);
        } else if (from.isAfter(position)) {
            from = position; // never further than what was published
        }
        if (from == null) {
            return 0; // a symbol the replay does not follow
        }
        return Math.max(0, Math.floorDiv(position.toEpochMilli() - from.toEpochMilli(), intervalMillis));
    }

    /**
     * How many more candles every symbol may publish: {@code maxLead} minus the largest lead, at least 0.
     *
     * @param positions the last published open time per symbol (null: none published yet)
     */
    public long room(Map<Symbol, Instant> positions) {
        long worst = 0;
        for (Map.Entry<Symbol, Instant> e : positions.entrySet()) {
            worst = Math.max(worst, lead(e.getKey(), e.getValue()));
        }
        return Math.max(0, maxLead - worst);
    }

    /** The symbol with the largest lead among {@code positions}, for the log. */
    public Symbol furthest(Map<Symbol, Instant> positions) {
        Symbol furthest = null;
        long worst = -1;
        for (Map.Entry<Symbol, Instant> e : positions.entrySet()) {
            long lead = lead(e.getKey(), e.getValue());
            if (lead > worst) {
                worst = lead;
                furthest = e.getKey();
            }
        }
        return furthest;
    }
}
