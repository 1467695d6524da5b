package dev.sextant.gateway.domain;

import dev.sextant.contracts.event.TradingStateChanged;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Remembers the newest {@code TradingStateChanged} seen on the control topic and reconciles it with
 * the one risk-service stored in Redis. "Newest" is by {@code tsInit}, risk-service's clock when it
 * made the change (then {@code tsEvent}): the event times of its changes mix clocks (a start-up
 * announcement carries the wall clock, a halt the market time of the fill that caused it, which is in
 * the past during a replay), so ordering by {@code tsEvent} would let an old start-up "RUNNING" hide a
 * later halt and its reason. Ties go to the topic, which is what this gateway saw last. Thread-safe.
 */
public final class BotStatusTracker {
    private static final Comparator<TradingStateChanged> ORDER =
            Comparator.comparing(TradingStateChanged::tsInit).thenComparing(TradingStateChanged::tsEvent);

    private final AtomicReference<TradingStateChanged> observed = new AtomicReference<>();

    /** Records a state change read from the control topic; an older one than already seen is ignored. */
    public void observe(TradingStateChanged change) {
        observed.accumulateAndGet(change, BotStatusTracker::newer);
    }

    /** The current status given what Redis holds ({@code stored}, may be null). */
    public BotStatus current(TradingStateChanged stored) {
        TradingStateChanged winner = newer(stored, observed.get());
        return winner == null ? BotStatus.UNKNOWN : BotStatus.of(winner);
    }

    private static TradingStateChanged newer(TradingStateChanged a, TradingStateChanged b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return ORDER.compare(b, a) < 0 ? a : b;
    }
}
