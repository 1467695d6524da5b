package dev.sextant.contracts.event;

/** The trading state risk-service enforces. */
public enum TradingState {
    /** New entries allowed. */
    RUNNING,
    /** No new entries until resumed; exits keep running. */
    PAUSED,
    /** No new entries until started; exits keep running. */
    STOPPED,
    /** Stopped by a limit (e.g. daily loss); only an operator's start lifts it. */
    HALTED
}
