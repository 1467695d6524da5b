package dev.sextant.gateway.domain;

/** Whether a trade still holds (part of) its position. */
public enum TradeStatus {
    /** Entered, not (fully) exited. */
    OPEN,
    /** Exited: the whole entry quantity (or, when the entry was never seen, the exit alone) is closed. */
    CLOSED
}
