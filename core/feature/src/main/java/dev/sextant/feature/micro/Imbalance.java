package dev.sextant.feature.micro;

/**
 * Order-book imbalance over the top {@code N} levels of each side (N counts levels with a positive
 * quantity, see {@link Book}; a side with fewer levels contributes all it has).
 *
 * <ul>
 *   <li>{@link #quantity}: {@code (Qb - Qa) / (Qb + Qa)}, where {@code Qb}, {@code Qa} are the summed
 *       base quantities of the top N bid and ask levels. Dimensionless, in [-1, +1]: +1 means only
 *       bids, -1 only asks.</li>
 *   <li>{@link #notional}: the same with quote notionals {@code sum(price * quantity)} instead of
 *       quantities (the seed's "bid/ask value ratio").</li>
 * </ul>
 *
 * <p>The seed's bid/ask <em>ratio</em> {@code r = Qb / Qa} is a monotone transform of this
 * imbalance, {@code imbalance = (r - 1) / (r + 1)}; the bounded form is used because it stays
 * finite when a side is empty. One empty side gives -1 or +1; both empty give NaN.
 */
public final class Imbalance {

    /** The default number of levels per side, 10. */
    public static final int DEFAULT_LEVELS = 10;

    private Imbalance() {
    }

    /**
     * Quantity imbalance of the top {@code levels} levels per side.
     *
     * @throws IllegalArgumentException when {@code levels < 1}
     */
    public static double quantity(Book book, int levels) {
        return imbalance(book, levels, false);
    }

    /**
     * Notional (quote) imbalance of the top {@code levels} levels per side.
     *
     * @throws IllegalArgumentException when {@code levels < 1}
     */
    public static double notional(Book book, int levels) {
        return imbalance(book, levels, true);
    }

    private static double imbalance(Book book, int levels, boolean notional) {
        if (levels < 1) {
            throw new IllegalArgumentException("imbalance needs at least 1 level per side, got " + levels);
        }
        double bid = sum(book, true, levels, notional);
        double ask = sum(book, false, levels, notional);
        double total = bid + ask;
        return total > 0 ? (bid - ask) / total : Double.NaN;
    }

    private static double sum(Book book, boolean bids, int levels, boolean notional) {
        int n = Math.min(levels, book.depth(bids));
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double q = book.quantity(bids, i);
            sum += notional ? book.price(bids, i) * q : q;
        }
        return sum;
    }
}
