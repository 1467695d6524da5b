package dev.sextant.execution.routing;

/** How an order goes to the exchange. */
public enum RouteType {
    /** At market, now. */
    MARKET,
    /** A passive limit at the touch of the order's own side: a buy at the best bid, a sell at the best ask. */
    LIMIT_AT_TOUCH,
    /** Sliced over time ({@link TwapSchedule}); each slice is routed again when it is due. */
    TWAP,
    /** Not sent. */
    REJECT
}
