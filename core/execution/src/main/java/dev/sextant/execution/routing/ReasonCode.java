package dev.sextant.execution.routing;

/** Why the router chose what it chose; machine-readable, one per decision. */
public enum ReasonCode {
    /** Notional below the market ceiling, book good. */
    SMALL_ORDER_AT_MARKET(RouteType.MARKET),
    /** Notional below the market ceiling and no book known; the policy allows market without a book. */
    SMALL_ORDER_AT_MARKET_WITHOUT_BOOK(RouteType.MARKET),
    /** Notional between the market ceiling and the TWAP threshold (both included), book good. */
    MID_SIZE_LIMIT_AT_TOUCH(RouteType.LIMIT_AT_TOUCH),
    /** Notional above the TWAP threshold, book good. */
    LARGE_ORDER_TWAP(RouteType.TWAP),
    /** A due TWAP slice at or above the market ceiling: a limit at the touch (a slice is never re-sliced). */
    SLICE_LIMIT_AT_TOUCH(RouteType.LIMIT_AT_TOUCH),
    /** No book known, and the order is at or above the market ceiling (or market without a book is off). */
    NO_BOOK(RouteType.REJECT),
    /** The book is older than the policy's maximum age at the routing time. */
    STALE_BOOK(RouteType.REJECT),
    /** The book is stamped after the routing time: the clocks disagree, the book is not trusted. */
    BOOK_FROM_FUTURE(RouteType.REJECT),
    /** The book has no bid or no ask: no mid. */
    EMPTY_BOOK_SIDE(RouteType.REJECT),
    /** Best bid at or above best ask. */
    CROSSED_BOOK(RouteType.REJECT),
    /** The side the order takes from cannot fill the whole quantity. */
    INSUFFICIENT_DEPTH(RouteType.REJECT),
    /** Less than the policy's multiple of the order's notional within the band around the mid. */
    POOR_LIQUIDITY(RouteType.REJECT),
    /** Estimated slippage at or above the policy's maximum. */
    SLIPPAGE_TOO_HIGH(RouteType.REJECT),
    /** The quantity is not a multiple of the symbol's quantity step. */
    QUANTITY_NOT_ON_STEP(RouteType.REJECT);

    private final RouteType route;

    ReasonCode(RouteType route) {
        this.route = route;
    }

    /** The route this reason leads to. */
    public RouteType route() {
        return route;
    }
}
