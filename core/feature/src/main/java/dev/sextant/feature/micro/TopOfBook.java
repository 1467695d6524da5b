package dev.sextant.feature.micro;

/**
 * Spread, mid and microprice of one book (its best bid {@code b} with quantity {@code qb}, best ask
 * {@code a} with quantity {@code qa}; prices in quote currency per unit, quantities in base asset).
 *
 * <ul>
 *   <li>{@code mid = (b + a) / 2} (quote per unit)</li>
 *   <li>{@code spread = a - b} (quote per unit); negative for a crossed book, 0 for a locked one</li>
 *   <li>{@code spreadBps = spread / mid * 10^4} (basis points of mid)</li>
 *   <li>{@code microprice = (b * qa + a * qb) / (qb + qa)} (quote per unit): the mid weighted by the
 *       opposite side's size (Stoikov's weighted mid); it leans towards the ask when the bid is the
 *       heavier side</li>
 *   <li>{@code micropriceOffsetBps = (microprice - mid) / mid * 10^4}, in [-spreadBps/2, +spreadBps/2]
 *       for an uncrossed book</li>
 *   <li>{@code crossed}: {@code b >= a} (crossed or locked)</li>
 * </ul>
 *
 * <p>With an empty side every value that needs it is NaN and {@code crossed} is false.
 *
 * @param bestBid best bid price, NaN when there are no bids
 * @param bestAsk best ask price, NaN when there are no asks
 * @param bestBidQuantity quantity at the best bid, NaN when there are no bids
 * @param bestAskQuantity quantity at the best ask, NaN when there are no asks
 * @param mid the mid price
 * @param spread best ask minus best bid
 * @param spreadBps spread in basis points of mid
 * @param microprice size-weighted mid
 * @param micropriceOffsetBps microprice minus mid in basis points of mid
 * @param crossed true when the best bid is at or above the best ask
 */
public record TopOfBook(double bestBid, double bestAsk, double bestBidQuantity, double bestAskQuantity, double mid,
        double spread, double spreadBps, double microprice, double micropriceOffsetBps, boolean crossed) {

    /** Basis points per unit: 1 bp = 10^-4. */
    public static final double BPS = 10_000.0;

    /** The top of {@code book}. */
    public static TopOfBook of(Book book) {
        double b = book.bidDepth() > 0 ? book.bidPrice(0) : Double.NaN;
        double qb = book.bidDepth() > 0 ? book.bidQuantity(0) : Double.NaN;
        double a = book.askDepth() > 0 ? book.askPrice(0) : Double.NaN;
        double qa = book.askDepth() > 0 ? book.askQuantity(0) : Double.NaN;
        double mid = (b + a) / 2;
        double spread = a - b;
        double microprice = (b * qa + a * qb) / (qb + qa);
        return new TopOfBook(b, a, qb, qa, mid, spread, spread / mid * BPS, microprice, (microprice - mid) / mid * BPS,
                b >= a);
    }

    /** True when both sides have a level, so mid and spread are defined. */
    public boolean twoSided() {
        return !Double.isNaN(mid);
    }
}
