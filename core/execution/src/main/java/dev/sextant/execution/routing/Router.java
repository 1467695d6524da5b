package dev.sextant.execution.routing;

import dev.sextant.contracts.event.BookLevel;
import dev.sextant.contracts.event.OrderBookSnapshotTaken;
import dev.sextant.contracts.event.Side;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The smart order router of seed 002: market below a size, a limit at the touch for mid sizes with good
 * liquidity, TWAP above, refused when liquidity is poor. Pure: the same request, book and time give the
 * same decision; the time is handed in, never read.
 *
 * <p>With a book, the checks run in this order, the first failing one deciding the refusal:
 * quantity on the step; book not from the future and not older than {@code maxBookAge} (equal is fresh);
 * both sides present; not crossed; the side the order takes from (asks for a buy, bids for a sell) can fill
 * the whole quantity; that side holds at least {@code minLiquidityMultiple × notional} within
 * {@code liquidityBand} of the mid (equal is good); the estimated slippage is below {@code maxSlippage}
 * (equal is refused, the seed's "PASS if slippage &lt; 0.5%"). Then the size decides. The notional is
 * quantity × mid.
 *
 * <p>The slippage estimate walks the opposite side with the checked quantity: average fill price versus
 * the mid, adverse direction, in bps. The checked quantity is the whole order for market and limit routes,
 * and the largest slice for TWAP (what reaches the book at once); liquidity is always measured against the
 * whole order, and the whole order must be fillable by the book.
 *
 * <p>The limit at the touch is passive: a buy rests at the best bid, a sell at the best ask. The seed says
 * "Limit Order at best bid/ask" without a side; the point of not going at market is to avoid paying the
 * spread, which only the passive price does.
 *
 * <p>Without a book, the router cannot judge liquidity: an order below the market ceiling goes at market
 * (valued at the reference price) when the policy's {@code marketWithoutBook} allows it, anything else is
 * refused.
 */
public final class Router {

    private static final BigDecimal TWO = BigDecimal.valueOf(2);
    private static final BigDecimal BPS = BigDecimal.valueOf(10_000);

    private final RoutingPolicy policy;

    public Router(RoutingPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    public RoutingPolicy policy() {
        return policy;
    }

    /** Routes {@code request} on {@code book} (empty when none is known) at {@code now}. */
    public RoutingDecision route(RouteRequest request, Optional<OrderBookSnapshotTaken> book, Instant now) {
        return decide(request, book, now, true);
    }

    /**
     * Routes a due TWAP slice of {@code parent} on the book of {@code now}: the same checks on the slice's
     * quantity; market below the ceiling, a limit at the touch at or above it, never sliced again. A refusal
     * means the slice is deferred ({@link TwapSchedule#deferred}).
     */
    public RoutingDecision routeSlice(RouteRequest parent, TwapSlice slice, Optional<OrderBookSnapshotTaken> book, Instant now) {
        return decide(parent.withQuantity(slice.quantity()), book, now, false);
    }

    private RoutingDecision decide(RouteRequest request, Optional<OrderBookSnapshotTaken> maybeBook, Instant now, boolean mayTwap) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(maybeBook, "book");
        Objects.requireNonNull(now, "now");
        BigDecimal qty = request.quantity();
        if (maybeBook.isEmpty()) {
            return withoutBook(request, now);
        }
        OrderBookSnapshotTaken book = maybeBook.get();
        if (!book.symbol().equals(request.symbol())) {
            throw new IllegalArgumentException("book of " + book.symbol() + " for an order of " + request.symbol());
        }
        Duration age = Duration.between(book.tsEvent(), now);
        RoutingMetrics bare = new RoutingMetrics(null, null, null, null, null, null, null, age);
        if (!TwapSchedule.onStep(qty, policy.quantityStep())) {
            return reject(request, ReasonCode.QUANTITY_NOT_ON_STEP, "quantity " + plain(qty)
                    + " is not a multiple of the step " + plain(policy.quantityStep()), bare, now);
        }
        if (age.isNegative()) {
            return reject(request, ReasonCode.BOOK_FROM_FUTURE, "the book is stamped " + age.negated()
                    + " after the routing time", bare, now);
        }
        if (age.compareTo(policy.maxBookAge()) > 0) {
            return reject(request, ReasonCode.STALE_BOOK, "the book is " + age + " old, more than the allowed "
                    + policy.maxBookAge(), bare, now);
        }
        if (book.bids().isEmpty() || book.asks().isEmpty()) {
            return reject(request, ReasonCode.EMPTY_BOOK_SIDE, "the book has no " + (book.bids().isEmpty() ? "bids" : "asks"),
                    bare, now);
        }
        BigDecimal bestBid = book.bids().get(0).price();
        BigDecimal bestAsk = book.asks().get(0).price();
        if (bestBid.compareTo(bestAsk) >= 0) {
            return reject(request, ReasonCode.CROSSED_BOOK, "the book is crossed: best bid " + bestBid.toPlainString()
                    + " >= best ask " + bestAsk.toPlainString(), bare, now);
        }
        BigDecimal mid = bestBid.add(bestAsk).divide(TWO);
        BigDecimal notional = qty.multiply(mid);
        boolean buy = request.side() == Side.BUY;
        List<BookLevel> takes = buy ? book.asks() : book.bids();
        RoutingMetrics valued = RoutingMetrics.valued(notional, mid, age);
        if (BookWalk.cost(takes, qty).isEmpty()) {
            return reject(request, ReasonCode.INSUFFICIENT_DEPTH, "the " + (buy ? "asks" : "bids")
                    + " cannot fill " + qty.toPlainString(), valued, now);
        }
        BigDecimal bandLimit = buy ? mid.multiply(BigDecimal.ONE.add(policy.liquidityBand()))
                : mid.multiply(BigDecimal.ONE.subtract(policy.liquidityBand()));
        BigDecimal inBand = BookWalk.notionalWithin(takes, bandLimit, buy);
        BigDecimal multiple = inBand.divide(notional, 4, RoundingMode.DOWN);

        boolean twap = mayTwap && notional.compareTo(policy.twapNotionalThreshold()) > 0;
        TwapSchedule schedule = twap ? TwapSchedule.plan(qty, mid, now, policy) : null;
        BigDecimal checked = twap ? schedule.largestSlice() : qty;
        BigDecimal cost = BookWalk.cost(takes, checked).orElseThrow();
        BigDecimal checkedAtMid = checked.multiply(mid);
        BigDecimal adverse = buy ? cost.subtract(checkedAtMid) : checkedAtMid.subtract(cost);
        BigDecimal average = cost.divide(checked, mid.scale() + 8, RoundingMode.HALF_EVEN).stripTrailingZeros();
        BigDecimal slippageBps = adverse.multiply(BPS).divide(checkedAtMid, 4, RoundingMode.HALF_UP);
        RoutingMetrics metrics = new RoutingMetrics(notional, mid, checked, average, slippageBps, inBand, multiple, age);

        if (inBand.compareTo(policy.minLiquidityMultiple().multiply(notional)) < 0) {
            return reject(request, ReasonCode.POOR_LIQUIDITY, "only " + plain(inBand) + " within "
                    + percent(policy.liquidityBand()) + " of the mid, " + plain(multiple) + "x the order's "
                    + plain(notional) + "; at least " + plain(policy.minLiquidityMultiple()) + "x is required", metrics, now);
        }
        if (adverse.compareTo(policy.maxSlippage().multiply(checkedAtMid)) >= 0) {
            return reject(request, ReasonCode.SLIPPAGE_TOO_HIGH, "estimated slippage " + plain(slippageBps)
                    + " bps on " + plain(checked) + " is not below the maximum " + percent(policy.maxSlippage()), metrics, now);
        }
        if (twap) {
            return new RoutingDecision(request, RouteType.TWAP, ReasonCode.LARGE_ORDER_TWAP, "notional " + plain(notional)
                    + " is above the TWAP threshold " + plain(policy.twapNotionalThreshold()) + ": "
                    + schedule.slices().size() + " slices every " + policy.twapInterval(), null, schedule, metrics, now);
        }
        if (notional.compareTo(policy.marketNotionalCeiling()) < 0) {
            return new RoutingDecision(request, RouteType.MARKET, ReasonCode.SMALL_ORDER_AT_MARKET, "notional " + plain(notional)
                    + " is below the market ceiling " + plain(policy.marketNotionalCeiling()) + "; estimated slippage "
                    + plain(slippageBps) + " bps", null, null, metrics, now);
        }
        BigDecimal touch = buy ? bestBid : bestAsk;
        ReasonCode reason = mayTwap ? ReasonCode.MID_SIZE_LIMIT_AT_TOUCH : ReasonCode.SLICE_LIMIT_AT_TOUCH;
        String why = mayTwap
                ? "notional " + plain(notional) + " is between the market ceiling " + plain(policy.marketNotionalCeiling())
                        + " and the TWAP threshold " + plain(policy.twapNotionalThreshold())
                : "TWAP slice of notional " + plain(notional) + " is not below the market ceiling "
                        + plain(policy.marketNotionalCeiling());
        return new RoutingDecision(request, RouteType.LIMIT_AT_TOUCH, reason, why + ": passive limit at the best "
                + (buy ? "bid " : "ask ") + plain(touch), touch, null, metrics, now);
    }

    private RoutingDecision withoutBook(RouteRequest request, Instant now) {
        BigDecimal notional = request.quantity().multiply(request.referencePrice());
        RoutingMetrics metrics = RoutingMetrics.valued(notional, request.referencePrice(), null);
        if (!TwapSchedule.onStep(request.quantity(), policy.quantityStep())) {
            return reject(request, ReasonCode.QUANTITY_NOT_ON_STEP, "quantity " + plain(request.quantity())
                    + " is not a multiple of the step " + plain(policy.quantityStep()), metrics, now);
        }
        if (policy.marketWithoutBook() && notional.compareTo(policy.marketNotionalCeiling()) < 0) {
            return new RoutingDecision(request, RouteType.MARKET, ReasonCode.SMALL_ORDER_AT_MARKET_WITHOUT_BOOK,
                    "no book known; notional " + plain(notional) + " at the reference price is below the market ceiling "
                            + plain(policy.marketNotionalCeiling()), null, null, metrics, now);
        }
        return reject(request, ReasonCode.NO_BOOK, "no book known to judge liquidity for a notional of " + plain(notional)
                + (policy.marketWithoutBook() ? " (market without a book only below " + plain(policy.marketNotionalCeiling()) + ")"
                        : " (market without a book is off)"), metrics, now);
    }

    private static RoutingDecision reject(RouteRequest request, ReasonCode reason, String because, RoutingMetrics metrics, Instant now) {
        return new RoutingDecision(request, RouteType.REJECT, reason, because, null, null, metrics, now);
    }

    private static String plain(BigDecimal value) {
        return value.stripTrailingZeros().toPlainString();
    }

    private static String percent(BigDecimal fraction) {
        return plain(fraction.movePointRight(2)) + " %";
    }
}
