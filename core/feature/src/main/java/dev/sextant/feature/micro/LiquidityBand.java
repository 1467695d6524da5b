package dev.sextant.feature.micro;

/**
 * Liquidity resting within {@code x} percent of mid. With {@code d = mid * x / 100}:
 *
 * <ul>
 *   <li>{@code bidNotional = sum(price * quantity)} over bid levels with {@code price >= mid - d}</li>
 *   <li>{@code askNotional = sum(price * quantity)} over ask levels with {@code price <= mid + d}</li>
 *   <li>{@code ratio = bidNotional / askNotional} (dimensionless; NaN when neither side is in the
 *       band: the best bid and the best ask are equally far from mid, so both are in the band or
 *       neither is)</li>
 *   <li>{@code imbalance = (bidNotional - askNotional) / (bidNotional + askNotional)}, in [-1, +1], NaN
 *       when neither side is in the band: the bounded form of the same ratio, the one the feature
 *       vector carries</li>
 * </ul>
 *
 * <p>Notionals are in quote currency (USDT for BTCUSDT). Both bounds are inclusive. Only the levels
 * the snapshot carries are counted: a 25-level snapshot of a deep book can under-report a wide band.
 * Without a mid (an empty side) every value is NaN. Default x = {@value #DEFAULT_PERCENT} %.
 *
 * @see Result
 */
public final class LiquidityBand {

    /** Default half-width of the band, in percent of mid: 0.5 %. */
    public static final double DEFAULT_PERCENT = 0.5;

    /**
     * Liquidity within the band.
     *
     * @param bidNotional quote notional of the bids within the band
     * @param askNotional quote notional of the asks within the band
     * @param ratio bidNotional / askNotional
     * @param imbalance (bid - ask) / (bid + ask)
     */
    public record Result(double bidNotional, double askNotional, double ratio, double imbalance) {
    }

    private final double percent;

    /** A band of {@value #DEFAULT_PERCENT} % either side of mid. */
    public LiquidityBand() {
        this(DEFAULT_PERCENT);
    }

    /** @param percent half-width x in percent of mid, finite and &gt; 0 */
    public LiquidityBand(double percent) {
        if (!Double.isFinite(percent) || percent <= 0) {
            throw new IllegalArgumentException("liquidity band must be finite and > 0 percent, got " + percent);
        }
        this.percent = percent;
    }

    /** The band's half-width in percent of mid. */
    public double percent() {
        return percent;
    }

    /** The liquidity of {@code book} within the band around its mid. */
    public Result measure(Book book) {
        double mid = TopOfBook.of(book).mid();
        if (Double.isNaN(mid)) {
            return new Result(Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double d = mid * percent / 100;
        double low = mid - d;
        double high = mid + d;
        double bid = 0;
        for (int i = 0; i < book.bidDepth() && book.bidPrice(i) >= low; i++) {
            bid += book.bidPrice(i) * book.bidQuantity(i);
        }
        double ask = 0;
        for (int i = 0; i < book.askDepth() && book.askPrice(i) <= high; i++) {
            ask += book.askPrice(i) * book.askQuantity(i);
        }
        double total = bid + ask;
        if (!(total > 0)) {
            return new Result(bid, ask, Double.NaN, Double.NaN);
        }
        return new Result(bid, ask, bid / ask, (bid - ask) / total);
    }
}
