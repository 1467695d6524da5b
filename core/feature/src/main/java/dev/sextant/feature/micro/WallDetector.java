package dev.sextant.feature.micro;

import java.util.Arrays;

/**
 * Walls: abnormally large resting orders. A level of one side is a wall when its quantity is at
 * least {@code k} times that side's baseline quantity:
 *
 * <pre>   quantity_i &gt;= k * baseline(side)</pre>
 *
 * where the baseline is, by default, the <b>median</b> of the quantities of all levels of that side
 * in the snapshot (levels with quantity 0 are not levels, see {@link Book}; for an even count the
 * median is the mean of the two middle values). Defaults: k = {@value #DEFAULT_MULTIPLE}, median.
 * The median is used because a wall inflates the mean it is compared with; the seed's rule
 * ("3x+ average") is {@code new WallDetector(3, Baseline.MEAN)}. Note that the baseline depends on
 * how many levels the snapshot carries (25 in the Tardis samples, 20 in the seed's storage).
 *
 * <p>Per side the result reports the number of walls and the nearest wall (the first in best-first
 * order, which is the nearest to mid since each side is strictly ordered): its price, its distance
 * from mid in basis points, {@code |price - mid| / mid * 10^4}, its quantity (base asset) and its
 * size as a multiple of the baseline, {@code quantity / baseline} (dimensionless). With no wall the
 * count is 0 and the nearest-wall values are NaN; with no mid (an empty side) the distance is NaN.
 * With a single level the median is that level's quantity, so it is a wall only when k &lt;= 1.
 */
public final class WallDetector {

    /** Default multiple of the baseline, 5. */
    public static final double DEFAULT_MULTIPLE = 5.0;

    /** The statistic of a side's level quantities that a wall is compared with. */
    public enum Baseline {
        /** Median of the side's level quantities (the default). */
        MEDIAN,
        /** Arithmetic mean of the side's level quantities (the seed's "average"). */
        MEAN
    }

    /**
     * The walls of one side.
     *
     * @param count number of levels with quantity &gt;= k * baseline
     * @param baseline the side's median (or mean) level quantity, NaN for an empty side
     * @param nearestPrice price of the wall nearest to mid, NaN when none
     * @param nearestDistanceBps |nearestPrice - mid| / mid * 10^4, NaN when none or no mid
     * @param nearestQuantity quantity of that wall (base asset), NaN when none
     * @param nearestSizeRatio nearestQuantity / baseline, NaN when none
     */
    public record SideWalls(int count, double baseline, double nearestPrice, double nearestDistanceBps,
            double nearestQuantity, double nearestSizeRatio) {
    }

    /** Walls of both sides of one book. */
    public record Walls(SideWalls bids, SideWalls asks) {
    }

    private final double multiple;
    private final Baseline baseline;

    /** k = {@value #DEFAULT_MULTIPLE}, median baseline. */
    public WallDetector() {
        this(DEFAULT_MULTIPLE, Baseline.MEDIAN);
    }

    /**
     * @param multiple k, finite and &gt; 0
     * @param baseline the statistic compared with
     */
    public WallDetector(double multiple, Baseline baseline) {
        if (!Double.isFinite(multiple) || multiple <= 0) {
            throw new IllegalArgumentException("wall multiple must be finite and > 0, got " + multiple);
        }
        if (baseline == null) {
            throw new IllegalArgumentException("wall baseline is required");
        }
        this.multiple = multiple;
        this.baseline = baseline;
    }

    /** The walls of {@code book}, mid taken from its top. */
    public Walls detect(Book book) {
        double mid = TopOfBook.of(book).mid();
        return new Walls(side(book, true, mid), side(book, false, mid));
    }

    private SideWalls side(Book book, boolean bids, double mid) {
        int n = book.depth(bids);
        if (n == 0) {
            return new SideWalls(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double[] quantities = new double[n];
        for (int i = 0; i < n; i++) {
            quantities[i] = book.quantity(bids, i);
        }
        double base = baseline == Baseline.MEDIAN ? median(quantities) : mean(quantities);
        double threshold = multiple * base;
        int count = 0;
        int nearest = -1;
        for (int i = 0; i < n; i++) {
            if (quantities[i] >= threshold) {
                count++;
                if (nearest < 0) {
                    nearest = i;
                }
            }
        }
        if (nearest < 0) {
            return new SideWalls(0, base, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double price = book.price(bids, nearest);
        double quantity = quantities[nearest];
        return new SideWalls(count, base, price, Math.abs(price - mid) / mid * TopOfBook.BPS, quantity, quantity / base);
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }
}
