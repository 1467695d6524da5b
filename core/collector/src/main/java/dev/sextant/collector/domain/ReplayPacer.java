package dev.sextant.collector.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Decides when the next replay step is due. Paced: fixed rate, one step per period measured from
 * the first step, without bursts to catch up (a step that ran late moves the schedule, it does not
 * shorten the following pauses below zero). Max: no pause at all.
 */
public final class ReplayPacer {
    private final Pace pace;
    private final Clock clock;
    private Instant nextDue;

    public ReplayPacer(Pace pace, Clock clock) {
        this.pace = pace;
        this.clock = clock;
    }

    public Pace pace() {
        return pace;
    }

    /** Marks the start of the replay: the first step is due now. */
    public void start() {
        nextDue = clock.instant();
    }

    /** Called after a step: how long to wait before the next one. */
    public Duration delayBeforeNextStep() {
        if (pace.isMax()) {
            return Duration.ZERO;
        }
        Instant now = clock.instant();
        if (nextDue == null) {
            nextDue = now;
        }
        nextDue = nextDue.plus(pace.period());
        if (nextDue.isBefore(now)) {
            nextDue = now;
        }
        return Duration.between(now, nextDue);
    }
}
