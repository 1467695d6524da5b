package dev.sextant.contracts.event;

/** How an order is priced. */
public enum OrderType {
    MARKET,
    LIMIT
}
