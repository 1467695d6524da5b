package dev.sextant.collector.exchange;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** The answer of {@link WeightBudget#request}: send now with a {@link Permit}, or wait until a time, because of a reason. */
public sealed interface Decision permits Decision.Send, Decision.Wait {

    /** Send now; hand {@code permit} to the HTTP adapter's send method. */
    record Send(Permit permit) implements Decision {
        public Send {
            Objects.requireNonNull(permit, "permit");
        }
    }

    /**
     * Do not send before {@code until}; ask again then.
     *
     * @param state {@link BudgetStatus.State#BANNED} under a 418 ban, {@link BudgetStatus.State#THROTTLED} otherwise
     */
    record Wait(Instant until, BudgetStatus.State state, String reason) implements Decision {
        public Wait {
            Objects.requireNonNull(until, "until");
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(reason, "reason");
            if (state == BudgetStatus.State.OK) {
                throw new IllegalArgumentException("a wait is THROTTLED or BANNED");
            }
        }

        /** How long to wait from {@code now}, never negative. */
        public Duration delay(Instant now) {
            Duration d = Duration.between(now, until);
            return d.isNegative() ? Duration.ZERO : d;
        }
    }
}
