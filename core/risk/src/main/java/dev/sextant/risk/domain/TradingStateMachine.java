package dev.sextant.risk.domain;

import dev.sextant.contracts.event.TradingState;
import dev.sextant.contracts.id.EventId;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * The trading state risk-service enforces. Only RUNNING allows new entries (exits are
 * execution-service's and always run).
 * <ul>
 *   <li>start: any other state, HALTED included, to RUNNING (lifts any halt at once);</li>
 *   <li>stop: RUNNING or PAUSED to STOPPED (a HALTED service stays HALTED; during a daily-loss halt
 *       the stop is remembered: the halt then lifts to STOPPED);</li>
 *   <li>pause: RUNNING to PAUSED (during a daily-loss halt that would lift to RUNNING, it lifts to
 *       PAUSED instead); resume: PAUSED to RUNNING (STOPPED and HALTED need a start);</li>
 *   <li>halt for the daily loss ({@link #haltForDailyLoss}): any other state to HALTED, remembering the
 *       day and the state to return to ({@link DailyLossHalt}); {@link #liftDailyLossHalt} returns there;</li>
 *   <li>halt for any other reason ({@link #halt}): any other state to HALTED until an operator start; it
 *       also turns a daily-loss halt into one that waits for the operator.</li>
 * </ul>
 * A command that changes nothing returns empty. Whether and when a daily-loss halt lifts is the
 * {@link RiskEngine}'s decision (the {@code daily-loss-halt} setting, event time).
 */
public final class TradingStateMachine {
    private TradingState state;
    /** Present only while HALTED by the daily loss limit. */
    private DailyLossHalt dailyLossHalt;

    public TradingStateMachine(TradingState initial) {
        this(initial, null);
    }

    /** A machine in {@code state}; {@code dailyLossHalt} (null when none) needs the state HALTED. */
    public TradingStateMachine(TradingState state, DailyLossHalt dailyLossHalt) {
        this.state = Objects.requireNonNull(state, "trading state");
        if (dailyLossHalt != null && state != TradingState.HALTED) {
            throw new IllegalArgumentException("a daily loss halt needs the trading state HALTED, got " + state);
        }
        this.dailyLossHalt = dailyLossHalt;
    }

    public TradingState state() {
        return state;
    }

    /** Why the state is HALTED when the daily loss limit halted it; empty otherwise (also when HALTED for another reason). */
    public Optional<DailyLossHalt> dailyLossHalt() {
        return Optional.ofNullable(dailyLossHalt);
    }

    /** True when new entries are allowed. */
    public boolean allowsEntries() {
        return state == TradingState.RUNNING;
    }

    public Optional<StateTransition> start(String reason) {
        return state == TradingState.RUNNING ? Optional.empty() : move(TradingState.RUNNING, reason);
    }

    public Optional<StateTransition> stop(String reason) {
        if (dailyLossHalt != null) {
            dailyLossHalt = dailyLossHalt.resumingTo(TradingState.STOPPED);
            return Optional.empty();
        }
        return state == TradingState.RUNNING || state == TradingState.PAUSED
                ? move(TradingState.STOPPED, reason) : Optional.empty();
    }

    public Optional<StateTransition> pause(String reason) {
        if (dailyLossHalt != null && dailyLossHalt.resumeState() == TradingState.RUNNING) {
            dailyLossHalt = dailyLossHalt.resumingTo(TradingState.PAUSED);
            return Optional.empty();
        }
        return state == TradingState.RUNNING ? move(TradingState.PAUSED, reason) : Optional.empty();
    }

    public Optional<StateTransition> resume(String reason) {
        return state == TradingState.PAUSED ? move(TradingState.RUNNING, reason) : Optional.empty();
    }

    /** Halts for a reason other than the daily loss: only an operator start lifts it. */
    public Optional<StateTransition> halt(String reason) {
        if (state == TradingState.HALTED) {
            dailyLossHalt = null;
            return Optional.empty();
        }
        return move(TradingState.HALTED, reason);
    }

    /**
     * Halts because the loss of the UTC {@code day} reached the limit; {@code haltEventId} is the id of
     * the TradingStateChanged that will announce it. Already HALTED (for any reason): nothing changes.
     */
    public Optional<StateTransition> haltForDailyLoss(String reason, LocalDate day, EventId haltEventId) {
        if (state == TradingState.HALTED) {
            return Optional.empty();
        }
        TradingState before = state;
        Optional<StateTransition> transition = move(TradingState.HALTED, reason);
        dailyLossHalt = new DailyLossHalt(day, before, haltEventId);
        return transition;
    }

    /** Ends a daily-loss halt: back to its {@link DailyLossHalt#resumeState()}. Empty when not halted by the daily loss. */
    public Optional<StateTransition> liftDailyLossHalt(String reason) {
        return dailyLossHalt == null ? Optional.empty() : move(dailyLossHalt.resumeState(), reason);
    }

    private Optional<StateTransition> move(TradingState next, String reason) {
        StateTransition transition = new StateTransition(state, next, reason);
        state = next;
        dailyLossHalt = null;
        return Optional.of(transition);
    }
}
