package dev.sextant.gateway.domain;

import dev.sextant.contracts.event.TradingStateChanged;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Remembers the newest {@code TradingStateChanged} seen on the control topic and reconciles it with
 * the one risk-service stored in Redis: the later event time wins (ties go to the topic, which is
 * what this gateway saw last). Thread-safe.
 */
public final class BotStatusTracker {
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
        return b.tsEvent().isBefore(a.tsEvent()) ? a : b;
    }
}
