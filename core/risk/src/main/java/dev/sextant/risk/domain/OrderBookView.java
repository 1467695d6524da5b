package dev.sextant.risk.domain;

import dev.sextant.contracts.event.BookLevel;
import dev.sextant.contracts.event.OrderBookSnapshotTaken;
import dev.sextant.contracts.event.Side;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The latest order book of a symbol as risk sees it: the levels of its latest snapshot (bids best first, asks best
 * first) and the market time it was taken. What the book checks ({@link SpreadCheck}, {@link SlippageCheck},
 * {@link LiquidityCheck}) measure: the spread, the average price of walking one side for a quantity, the notional
 * resting within a band around the mid, and the book's age at a decision.
 */
public record OrderBookView(Instant takenAt, List<BookLevel> bids, List<BookLevel> asks) {
    private static final MathContext MC = MathContext.DECIMAL64;

    public OrderBookView {
        bids = List.copyOf(bids);
        asks = List.copyOf(asks);
    }

    public static OrderBookView of(OrderBookSnapshotTaken snapshot) {
        return new OrderBookView(snapshot.tsEvent(), snapshot.bids(), snapshot.asks());
    }

    /** Both sides have a level and the best bid is below the best ask. */
    public boolean twoSided() {
        return !bids.isEmpty() && !asks.isEmpty() && bids.get(0).price().compareTo(asks.get(0).price()) < 0;
    }

    /** Why the book cannot be priced (a side empty, or crossed); null when it is {@link #twoSided()}. */
    public String defect() {
        if (bids.isEmpty() && asks.isEmpty()) {
            return "the order book is empty";
        }
        if (bids.isEmpty() || asks.isEmpty()) {
            return "the order book has no " + (bids.isEmpty() ? "bids" : "asks");
        }
        return twoSided() ? null : "the order book is crossed (best bid " + bids.get(0).price().toPlainString()
                + " >= best ask " + asks.get(0).price().toPlainString() + ")";
    }

    /** (best bid + best ask) / 2; only for a {@link #twoSided()} book. */
    public BigDecimal mid() {
        return bids.get(0).price().add(asks.get(0).price()).divide(BigDecimal.TWO);
    }

    /** (best ask - best bid) / mid, 8 decimals; only for a {@link #twoSided()} book. */
    public BigDecimal spreadRatio() {
        return Decimals.ratio(asks.get(0).price().subtract(bids.get(0).price()), mid());
    }

    /** How long before {@code at} the book was taken (zero when taken at or after it). */
    public Duration ageAt(Instant at) {
        return takenAt.isBefore(at) ? Duration.between(takenAt, at) : Duration.ZERO;
    }

    /** The side an order of {@code side} takes from: asks for a buy, bids for a sell. */
    public List<BookLevel> takenBy(Side side) {
        return side == Side.BUY ? asks : bids;
    }

    /**
     * The average price of taking {@code quantity} from the book's side for an order of {@code side}, level by level
     * from the best; null when the levels the snapshot holds add up to less than the quantity.
     */
    public BigDecimal averagePrice(Side side, BigDecimal quantity) {
        BigDecimal left = quantity;
        BigDecimal cost = BigDecimal.ZERO;
        for (BookLevel level : takenBy(side)) {
            BigDecimal take = level.quantity().min(left);
            cost = cost.add(take.multiply(level.price()));
            left = left.subtract(take);
            if (left.signum() == 0) {
                return cost.divide(quantity, MC);
            }
        }
        return null;
    }

    /** The quantity the snapshot holds on the side an order of {@code side} takes from. */
    public BigDecimal depth(Side side) {
        BigDecimal total = BigDecimal.ZERO;
        for (BookLevel level : takenBy(side)) {
            total = total.add(level.quantity());
        }
        return total;
    }

    /**
     * The notional (price x quantity) resting on the side an order of {@code side} takes from, at prices within
     * {@code band} of the mid (asks up to mid x (1 + band), bids down to mid x (1 - band)).
     */
    public BigDecimal notionalWithin(Side side, BigDecimal band) {
        BigDecimal mid = mid();
        BigDecimal bound = side == Side.BUY ? mid.multiply(BigDecimal.ONE.add(band)) : mid.multiply(BigDecimal.ONE.subtract(band));
        BigDecimal total = BigDecimal.ZERO;
        for (BookLevel level : takenBy(side)) {
            int c = level.price().compareTo(bound);
            if (side == Side.BUY ? c > 0 : c < 0) {
                break;
            }
            total = total.add(level.price().multiply(level.quantity()));
        }
        return total;
    }
}
