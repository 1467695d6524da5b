package dev.sextant.collector.exchange;

import java.time.Instant;
import java.util.Objects;

/**
 * What health and metrics show of a {@link WeightBudget}: OK, THROTTLED until T (a 429's back-off, or the window's
 * usable weight used up) or BANNED until T (a 418), with the reason in a sentence, and the window's usage.
 *
 * @param state the state
 * @param until when it ends; null when OK
 * @param reason why, in a sentence
 * @param usedWeight the weight counted in the current window (this IP, every instance, Binance's header included)
 * @param usableWeight the weight the budget lets through per window: the limit less the safety margin
 * @param limit Binance's limit per window
 */
public record BudgetStatus(State state, Instant until, String reason, long usedWeight, long usableWeight, long limit) {

    public enum State { OK, THROTTLED, BANNED }

    public BudgetStatus {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(reason, "reason");
        if ((state == State.OK) != (until == null)) {
            throw new IllegalArgumentException("until is null exactly when the state is OK, got " + state + " until " + until);
        }
    }
}
