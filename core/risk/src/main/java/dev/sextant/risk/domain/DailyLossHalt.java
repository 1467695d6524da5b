package dev.sextant.risk.domain;

import dev.sextant.contracts.event.TradingState;
import dev.sextant.contracts.id.EventId;
import java.time.LocalDate;
import java.util.Objects;

/**
 * Why the trading state is HALTED when the daily loss limit halted it (part of the engine snapshot).
 * A HALTED state without one was halted for another reason (a configured initial state, a snapshot
 * written before this record existed, any future kill switch) and only an operator start lifts it.
 *
 * @param day         the UTC day (event time) whose loss reached {@code max-daily-loss}
 * @param resumeState the state the halt returns to when it lifts at a later day: the state before the
 *                    halt (RUNNING, PAUSED or STOPPED), or STOPPED / PAUSED when the operator stopped or
 *                    paused during the halt (the clock never undoes an operator's stop or pause)
 * @param haltEventId the id of the TradingStateChanged that halted; the lifting change names it as its cause
 */
public record DailyLossHalt(LocalDate day, TradingState resumeState, EventId haltEventId) {
    public DailyLossHalt {
        Objects.requireNonNull(day, "day");
        Objects.requireNonNull(resumeState, "resumeState");
        Objects.requireNonNull(haltEventId, "haltEventId");
        if (resumeState == TradingState.HALTED) {
            throw new IllegalArgumentException("a daily loss halt cannot resume to HALTED");
        }
    }

    DailyLossHalt resumingTo(TradingState state) {
        return new DailyLossHalt(day, state, haltEventId);
    }
}
