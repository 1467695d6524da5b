package dev.sextant.contracts.event;

/** Side of an order, a fill, or the aggressor of a market trade. */
public enum Side {
    BUY,
    SELL;

    public Side opposite() {
        return this == BUY ? SELL : BUY;
    }
}
