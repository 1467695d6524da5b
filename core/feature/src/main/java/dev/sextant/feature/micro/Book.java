package dev.sextant.feature.micro;

import dev.sextant.contracts.event.BookLevel;
import dev.sextant.contracts.event.OrderBookSnapshotTaken;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One order-book snapshot as the microstructure features see it: prices and quantities as doubles,
 * bids best (highest price) first, asks best (lowest price) first.
 *
 * <p>Levels with quantity 0 hold no liquidity and are dropped on construction (an exchange sends
 * them to remove a level); "level i" of a side is therefore its i-th level with a positive
 * quantity. A side may be empty. The two sides are not checked against each other: a crossed
 * (best bid &gt; best ask) or locked (equal) book is accepted and reported as such by
 * {@link TopOfBook#crossed()}.
 *
 * <p>Rejected with {@link IllegalArgumentException}: a non-finite or non-positive price, a
 * non-finite or negative quantity, and a side that is not strictly ordered best first (bids
 * strictly decreasing, asks strictly increasing, zero-quantity levels included in the check). The
 * event contract promises that order; a snapshot breaking it is malformed, and walking it would
 * give wrong numbers silently.
 *
 * <p>Immutable.
 */
public final class Book {

    private static final Book EMPTY = new Book(new double[0], new double[0], new double[0], new double[0]);

    private final double[] bidPrices;
    private final double[] bidQuantities;
    private final double[] askPrices;
    private final double[] askQuantities;

    private Book(double[] bidPrices, double[] bidQuantities, double[] askPrices, double[] askQuantities) {
        this.bidPrices = bidPrices;
        this.bidQuantities = bidQuantities;
        this.askPrices = askPrices;
        this.askQuantities = askQuantities;
    }

    /** A book with no level on either side. */
    public static Book empty() {
        return EMPTY;
    }

    /**
     * The book of a snapshot event (its BigDecimal prices and quantities converted to the nearest
     * double).
     */
    public static Book of(OrderBookSnapshotTaken snapshot) {
        Objects.requireNonNull(snapshot, "snapshot");
        return of(snapshot.bids(), snapshot.asks());
    }

    /** The book of two lists of levels, each best first. */
    public static Book of(List<BookLevel> bids, List<BookLevel> asks) {
        Objects.requireNonNull(bids, "bids");
        Objects.requireNonNull(asks, "asks");
        double[][] b = new double[bids.size()][];
        for (int i = 0; i < b.length; i++) {
            BookLevel level = bids.get(i);
            b[i] = new double[] {level.price().doubleValue(), level.quantity().doubleValue()};
        }
        double[][] a = new double[asks.size()][];
        for (int i = 0; i < a.length; i++) {
            BookLevel level = asks.get(i);
            a[i] = new double[] {level.price().doubleValue(), level.quantity().doubleValue()};
        }
        return of(b, a);
    }

    /**
     * The book of {@code {price, quantity}} pairs, each side best first.
     *
     * @throws IllegalArgumentException see the class comment
     */
    public static Book of(double[][] bids, double[][] asks) {
        Objects.requireNonNull(bids, "bids");
        Objects.requireNonNull(asks, "asks");
        double[][] bidSide = side(bids, true);
        double[][] askSide = side(asks, false);
        return new Book(bidSide[0], bidSide[1], askSide[0], askSide[1]);
    }

    private static double[][] side(double[][] levels, boolean bids) {
        String name = bids ? "bid" : "ask";
        double[] prices = new double[levels.length];
        double[] quantities = new double[levels.length];
        int n = 0;
        double previous = Double.NaN;
        for (int i = 0; i < levels.length; i++) {
            double[] level = levels[i];
            if (level == null || level.length != 2) {
                throw new IllegalArgumentException(name + " level " + i + " must be a {price, quantity} pair");
            }
            double price = level[0];
            double quantity = level[1];
            if (!Double.isFinite(price) || price <= 0) {
                throw new IllegalArgumentException(name + " level " + i + ": price must be finite and > 0, got " + price);
            }
            if (!Double.isFinite(quantity) || quantity < 0) {
                throw new IllegalArgumentException(name + " level " + i + ": quantity must be finite and >= 0, got " + quantity);
            }
            if (i > 0 && (bids ? price >= previous : price <= previous)) {
                throw new IllegalArgumentException(name + " level " + i + ": price " + price + " is not "
                        + (bids ? "below" : "above") + " the previous level's " + previous + " (" + name
                        + "s must be strictly ordered best first)");
            }
            previous = price;
            if (quantity > 0) {
                prices[n] = price;
                quantities[n] = quantity;
                n++;
            }
        }
        return new double[][] {Arrays.copyOf(prices, n), Arrays.copyOf(quantities, n)};
    }

    /** Number of bid levels (with a positive quantity). */
    public int bidDepth() {
        return bidPrices.length;
    }

    /** Number of ask levels (with a positive quantity). */
    public int askDepth() {
        return askPrices.length;
    }

    /** Price of bid level {@code i} (0 = best). */
    public double bidPrice(int i) {
        return bidPrices[i];
    }

    /** Quantity (base asset) of bid level {@code i} (0 = best). */
    public double bidQuantity(int i) {
        return bidQuantities[i];
    }

    /** Price of ask level {@code i} (0 = best). */
    public double askPrice(int i) {
        return askPrices[i];
    }

    /** Quantity (base asset) of ask level {@code i} (0 = best). */
    public double askQuantity(int i) {
        return askQuantities[i];
    }

    /** Number of levels of one side: bids when {@code bids}, asks otherwise. */
    int depth(boolean bids) {
        return bids ? bidPrices.length : askPrices.length;
    }

    double price(boolean bids, int i) {
        return bids ? bidPrices[i] : askPrices[i];
    }

    double quantity(boolean bids, int i) {
        return bids ? bidQuantities[i] : askQuantities[i];
    }

    @Override
    public String toString() {
        return "Book[bids=" + bidPrices.length + " levels, asks=" + askPrices.length + " levels]";
    }
}
