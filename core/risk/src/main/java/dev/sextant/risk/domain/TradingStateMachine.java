package dev.sextant.risk.domain;

import dev.sextant.contracts.event.TradingState;
import java.util.Objects;
import java.util.Optional;

/**
 * The trading state risk-service enforces. Only RUNNING allows new entries (exits are
 * execution-service's and always run).
 * <ul>
 *   <li>start: any other state, HALTED included, to RUNNING (the only way out of HALTED);</li>
 *   <li>stop: RUNNING or PAUSED to STOPPED (a HALTED service stays HALTED);</li>
 *   <li>pause: RUNNING to PAUSED; resume: PAUSED to RUNNING (STOPPED and HALTED need a start);</li>
 *   <li>halt (a limit breached): any other state to HALTED.</li>
 * </ul>
 * A command that changes nothing returns empty.
 */
public final class TradingStateMachine {
    private TradingState state;

    public TradingStateMachine(TradingState initial) {
        this.state = Objects.requireNonNull(initial, "initial trading state");
    }

    public TradingState state() {
        return state;
    }

    /** True when new entries are allowed. */
    public boolean allowsEntries() {
        return state == TradingState.RUNNING;
    }

    public Optional<StateTransition> start(String reason) {
        return state == TradingState.RUNNING ? Optional.empty() : move(TradingState.RUNNING, reason);
    }

    public Optional<StateTransition> stop(String reason) {
        return state == TradingState.RUNNING || state == TradingState.PAUSED
                ? move(TradingState.STOPPED, reason) : Optional.empty();
    }

    public Optional<StateTransition> pause(String reason) {
        return state == TradingState.RUNNING ? move(TradingState.PAUSED, reason) : Optional.empty();
    }

    public Optional<StateTransition> resume(String reason) {
        return state == TradingState.PAUSED ? move(TradingState.RUNNING, reason) : Optional.empty();
    }

    public Optional<StateTransition> halt(String reason) {
        return state == TradingState.HALTED ? Optional.empty() : move(TradingState.HALTED, reason);
    }

    private Optional<StateTransition> move(TradingState next, String reason) {
        StateTransition transition = new StateTransition(state, next, reason);
        state = next;
        return Optional.of(transition);
    }
}
