package dev.sextant.contracts.event;

/** Why an order exists: to open a position, or which exit closes it. */
public enum OrderPurpose {
    ENTRY,
    STOP_LOSS,
    TAKE_PROFIT,
    CLOSE;

    public boolean isExit() {
        return this != ENTRY;
    }
}
