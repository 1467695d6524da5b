package dev.sextant.feature.micro;

import dev.sextant.contracts.event.Side;
import java.util.Objects;

/**
 * Slippage of a market order of a given quote notional {@code Q} (e.g. USDT), estimated by walking
 * one snapshot: a BUY takes the asks best first, a SELL hits the bids best first. Level {@code i}
 * (price {@code p_i}, quantity {@code q_i}) offers the notional {@code p_i * q_i}; the walk takes
 * whole levels while the remaining notional exceeds what a level offers, then the remainder from the
 * next level at its price ({@code remainder / p_i} base units). With {@code N} the notional filled
 * and {@code Qty} the base quantity filled:
 *
 * <ul>
 *   <li>{@code averagePrice = N / Qty} (quote per unit), the VWAP of the fill (exactly the best price
 *       when the fill stays within the first level)</li>
 *   <li>{@code slippageVsMidBps}: BUY {@code (averagePrice - mid) / mid * 10^4}, SELL
 *       {@code (mid - averagePrice) / mid * 10^4}; positive is a cost. It includes half the spread.</li>
 *   <li>{@code slippageVsBestBps}: BUY {@code (averagePrice - bestAsk) / bestAsk * 10^4}, SELL
 *       {@code (bestBid - averagePrice) / bestBid * 10^4}; &gt;= 0: the cost of walking past the touch.</li>
 *   <li>{@code levelsConsumed}: levels the order touched, the partly taken one included.</li>
 * </ul>
 *
 * <p>Never throws on the book's state. When the side's visible notional is below {@code Q} the
 * result says {@code insufficientDepth} with the part that could be filled ({@code filledNotional},
 * {@code unfilledNotional}, and average price and slippage <em>of that part</em>, a lower bound of
 * the real cost); an empty side gives a result with nothing filled and NaN prices. A crossed book is
 * walked as it is (slippage vs mid may then be negative). Only {@code Q} itself is validated.
 *
 * <p>The walk does not model fees, latency or the book moving: it is what the snapshot shows.
 */
public final class SlippageEstimator {

    /**
     * The estimate for one order.
     *
     * @param side BUY (walks the asks) or SELL (walks the bids)
     * @param requestedNotional Q, quote currency
     * @param filledNotional quote notional the visible book fills, {@code <= Q}
     * @param filledQuantity base quantity filled
     * @param averagePrice filledNotional / filledQuantity, NaN when nothing is filled
     * @param slippageVsMidBps see the class comment; NaN without a mid or a fill
     * @param slippageVsBestBps see the class comment; NaN without a fill
     * @param levelsConsumed levels touched
     * @param insufficientDepth true when the visible side cannot fill Q
     */
    public record Estimate(Side side, double requestedNotional, double filledNotional, double filledQuantity,
            double averagePrice, double slippageVsMidBps, double slippageVsBestBps, int levelsConsumed,
            boolean insufficientDepth) {

        /** Notional the visible book could not fill: Q - filledNotional, 0 when filled. */
        public double unfilledNotional() {
            return insufficientDepth ? requestedNotional - filledNotional : 0.0;
        }
    }

    private SlippageEstimator() {
    }

    /**
     * Walks {@code book} for an order of quote notional {@code notional}.
     *
     * @throws IllegalArgumentException when {@code notional} is not finite and &gt; 0
     */
    public static Estimate estimate(Book book, Side side, double notional) {
        Objects.requireNonNull(book, "book");
        Objects.requireNonNull(side, "side");
        if (!Double.isFinite(notional) || notional <= 0) {
            throw new IllegalArgumentException("order notional must be finite and > 0, got " + notional);
        }
        boolean bids = side == Side.SELL;
        int depth = book.depth(bids);
        double filled = 0;
        double quantity = 0;
        int levels = 0;
        boolean complete = false;
        for (int i = 0; i < depth; i++) {
            double p = book.price(bids, i);
            double q = book.quantity(bids, i);
            double offered = p * q;
            double remaining = notional - filled;
            levels++;
            if (remaining <= offered) {
                filled = notional;
                quantity += remaining / p;
                complete = true;
                break;
            }
            filled += offered;
            quantity += q;
        }
        // a fill inside the first level is at that level's price exactly (N / Qty would round)
        double average = quantity <= 0 ? Double.NaN : levels == 1 ? book.price(bids, 0) : filled / quantity;
        TopOfBook top = TopOfBook.of(book);
        double mid = top.mid();
        double best = bids ? top.bestBid() : top.bestAsk();
        double sign = bids ? -1 : 1;
        double vsMid = sign * (average - mid) / mid * TopOfBook.BPS;
        double vsBest = sign * (average - best) / best * TopOfBook.BPS;
        return new Estimate(side, notional, filled, quantity, average, vsMid, vsBest, levels, !complete);
    }
}
