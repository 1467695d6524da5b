package dev.sextant.gateway.domain;

/** Where a backtest run is: waiting for a slot, running, finished with its report, or stopped by an error. */
public enum BacktestStatus {
    QUEUED, RUNNING, DONE, FAILED;

    /** Still to finish (queued or running). */
    public boolean active() {
        return this == QUEUED || this == RUNNING;
    }
}
