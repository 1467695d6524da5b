package dev.sextant.feature.micro;

import dev.sextant.contracts.event.Side;
import dev.sextant.feature.domain.Bar;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * Volume profile of the trades of a rolling event-time window {@code (end - W, end]} (the window,
 * its duplicate and late handling: {@link TradeWindow}). Volumes are base-asset quantities.
 *
 * <p><b>Buckets.</b> A price {@code p} falls in bucket {@code b = floor(p / tick)}, the price range
 * {@code [b * tick, (b + 1) * tick)}; a bucket's <em>price</em> is its lower edge {@code b * tick}.
 * (To absorb decimal-to-binary rounding, {@code p / tick} is nudged up by 10^-14 of itself before the
 * floor, so 0.3 with a tick of 0.1 lands in bucket 3, not 2.) The profile's <em>rows</em> are all
 * buckets from the lowest to the highest non-empty one, empty ones included; {@code mean} is the
 * total volume divided by the number of rows.
 *
 * <ul>
 *   <li><b>POC</b>: the bucket with the largest volume; ties go to the lowest price.</li>
 *   <li><b>Value area</b>: starts as the POC; while its volume is below {@code fraction} (default
 *       70 %) of the total, it takes in the next non-empty bucket above or below, whichever holds
 *       more volume; on a tie it takes in both; when one side is exhausted it takes the other.
 *       Empty buckets are stepped over (they hold no volume and would otherwise make the area depend
 *       on gaps in the tick grid). VAL and VAH are the prices of its lowest and highest bucket, so
 *       the area spans {@code [VAL, VAH + tick)}. One bucket at a time is the common volume-profile
 *       rule; the original CBOT market-profile rule compares pairs of rows.</li>
 *   <li><b>HVN</b>: a non-empty bucket with {@code volume >= hvnMultiple * mean} (default 1.5);
 *       <b>LVN</b>: a row with {@code volume <= lvnMultiple * mean} (default 0.5), empty rows
 *       included.</li>
 * </ul>
 *
 * <p>Relative to a reference price {@code r} (the last trade price, say), {@link #profile(double)}
 * gives: {@code pocDistanceBps = (r - POC) / r * 10^4}; {@code valueAreaPosition = (r - VAL) /
 * (VAH + tick - VAL)} (0 at the area's lower edge, 1 at its upper edge, below 0 under it, above 1
 * over it); {@code hvnBelowDistanceBps = (r - price(h)) / r * 10^4} for the nearest HVN {@code h}
 * at or below r's bucket, {@code hvnAboveDistanceBps = (price(h) - r) / r * 10^4} for the nearest
 * HVN above r's bucket (NaN when none); {@code inLvn}: r's bucket is a row of the profile and an LVN.
 *
 * <p>When only candles exist, {@link #offerBar(Bar)} adds a candle's whole volume at its typical
 * price {@code (high + low + close) / 3}, at the candle's open time, identified by its open time in
 * milliseconds: a coarse approximation (the volume is not spread over the candle's range). Feed a
 * profile either trades or candles, not both.
 *
 * <p>Cost: a trade entering or leaving updates its bucket in O(log B) (B non-empty buckets); the
 * bucket volumes are rebuilt from the window after as many evictions as the window holds, so
 * rounding errors do not add up; {@link #profile} is one pass over the buckets, O(B).
 *
 * <p>Not thread-safe.
 */
public final class VolumeProfile {

    /** Default window: 1 hour. */
    public static final Duration DEFAULT_WINDOW = Duration.ofHours(1);
    /** Default value-area fraction: 0.70. */
    public static final double DEFAULT_VALUE_AREA = 0.70;
    /** Default HVN multiple of the mean row volume: 1.5. */
    public static final double DEFAULT_HVN_MULTIPLE = 1.5;
    /** Default LVN multiple of the mean row volume: 0.5. */
    public static final double DEFAULT_LVN_MULTIPLE = 0.5;

    /**
     * The profile at the window's current end; every price value is NaN (and {@code buckets} 0)
     * while the window holds no volume.
     *
     * @param totalVolume base volume in the window
     * @param buckets number of non-empty buckets
     * @param rows number of rows (buckets from the lowest to the highest non-empty one)
     * @param pocBucket the POC's bucket index (meaningless when {@code buckets == 0})
     * @param poc POC price (its bucket's lower edge)
     * @param val value-area low (its lowest bucket's lower edge)
     * @param vah value-area high (its highest bucket's lower edge)
     * @param valueAreaVolume base volume in the value area, {@code >= fraction * totalVolume}
     * @param meanRowVolume totalVolume / rows
     * @param hvnCount number of HVN buckets
     * @param lvnCount number of LVN rows
     * @param referencePrice the price the distances below are measured from
     * @param pocDistanceBps (r - POC) / r * 10^4
     * @param valueAreaPosition (r - VAL) / (VAH + tick - VAL)
     * @param hvnBelowDistanceBps distance down to the nearest HVN at or below r's bucket
     * @param hvnAboveDistanceBps distance up to the nearest HVN above r's bucket
     * @param inLvn r's bucket is a row and an LVN
     * @param warm the window has run a whole W
     */
    public record Profile(double totalVolume, int buckets, long rows, long pocBucket, double poc, double val,
            double vah, double valueAreaVolume, double meanRowVolume, int hvnCount, long lvnCount,
            double referencePrice, double pocDistanceBps, double valueAreaPosition, double hvnBelowDistanceBps,
            double hvnAboveDistanceBps, boolean inLvn, boolean warm) {
    }

    private static final class Bucket {
        double volume;
        int trades;
    }

    private final TradeWindow window;
    private final double tick;
    private final double valueArea;
    private final double hvnMultiple;
    private final double lvnMultiple;
    private final TreeMap<Long, Bucket> buckets = new TreeMap<>();
    private int evictedSinceResync;

    /** A profile over the {@link #DEFAULT_WINDOW} with the default value area, HVN and LVN multiples. */
    public VolumeProfile(double tick) {
        this(DEFAULT_WINDOW, tick, DEFAULT_VALUE_AREA, DEFAULT_HVN_MULTIPLE, DEFAULT_LVN_MULTIPLE);
    }

    /**
     * @param window W, positive
     * @param tick bucket width in quote currency, finite and &gt; 0
     * @param valueArea fraction of the volume in the value area, in (0, 1]
     * @param hvnMultiple HVN threshold as a multiple of the mean row volume, finite and &gt; 0
     * @param lvnMultiple LVN threshold as a multiple of the mean row volume, finite, &gt;= 0 and below
     *     hvnMultiple
     */
    public VolumeProfile(Duration window, double tick, double valueArea, double hvnMultiple, double lvnMultiple) {
        if (!Double.isFinite(tick) || tick <= 0) {
            throw new IllegalArgumentException("volume profile tick must be finite and > 0, got " + tick);
        }
        if (!(valueArea > 0 && valueArea <= 1)) {
            throw new IllegalArgumentException("value area fraction must be in (0, 1], got " + valueArea);
        }
        if (!Double.isFinite(hvnMultiple) || hvnMultiple <= 0) {
            throw new IllegalArgumentException("HVN multiple must be finite and > 0, got " + hvnMultiple);
        }
        if (!Double.isFinite(lvnMultiple) || lvnMultiple < 0 || lvnMultiple >= hvnMultiple) {
            throw new IllegalArgumentException("LVN multiple must be finite, >= 0 and below the HVN multiple "
                    + hvnMultiple + ", got " + lvnMultiple);
        }
        this.window = new TradeWindow(window, this::evicted);
        this.tick = tick;
        this.valueArea = valueArea;
        this.hvnMultiple = hvnMultiple;
        this.lvnMultiple = lvnMultiple;
    }

    /** Offers a trade; see {@link TradeWindow} for what is accepted. */
    public TradeAdmission offer(Trade trade) {
        TradeAdmission admission = window.offer(trade);
        if (admission == TradeAdmission.ACCEPTED) {
            add(trade);
        }
        return admission;
    }

    /** Offers a candle's volume at its typical price (see the class comment). */
    public TradeAdmission offerBar(Bar bar) {
        double typical = (bar.high() + bar.low() + bar.close()) / 3;
        return offer(new Trade(bar.openTime().toEpochMilli(), bar.openTime(), typical, bar.volume(), Side.BUY));
    }

    /** Moves the window's end to {@code time} if later. */
    public void advanceTo(Instant time) {
        window.advanceTo(EventTime.nanos(time));
    }

    /** The bucket of a price (see the class comment). */
    public long bucketOf(double price) {
        double q = price / tick;
        return (long) Math.floor(q + Math.abs(q) * 1e-14);
    }

    /** The price (lower edge) of a bucket. */
    public double priceOf(long bucket) {
        return bucket * tick;
    }

    /** The bucket width. */
    public double tick() {
        return tick;
    }

    private void add(Trade trade) {
        Bucket bucket = buckets.computeIfAbsent(bucketOf(trade.price()), b -> new Bucket());
        bucket.volume += trade.quantity();
        bucket.trades++;
    }

    private void evicted(Trade trade) {
        long key = bucketOf(trade.price());
        Bucket bucket = buckets.get(key);
        bucket.volume -= trade.quantity();
        if (--bucket.trades == 0) {
            buckets.remove(key);
        }
        if (++evictedSinceResync >= Math.max(64, window.size())) {
            evictedSinceResync = 0;
            buckets.clear();
            for (int i = 0; i < window.size(); i++) {
                add(window.get(i));
            }
        }
    }

    /** The profile, with the distances measured from {@code referencePrice} (NaN for none). */
    public Profile profile(double referencePrice) {
        double total = 0;
        long pocBucket = 0;
        double pocVolume = Double.NEGATIVE_INFINITY;
        for (Map.Entry<Long, Bucket> e : buckets.entrySet()) {
            double v = e.getValue().volume;
            total += v;
            if (v > pocVolume) { // strict: a tie keeps the lower bucket
                pocVolume = v;
                pocBucket = e.getKey();
            }
        }
        boolean warm = window.covered();
        if (buckets.isEmpty() || !(total > 0)) {
            return new Profile(Math.max(total, 0), 0, 0, 0, Double.NaN, Double.NaN, Double.NaN, 0, Double.NaN, 0, 0,
                    referencePrice, Double.NaN, Double.NaN, Double.NaN, Double.NaN, false, warm);
        }
        // value area
        double target = valueArea * total;
        double included = pocVolume;
        long lo = pocBucket;
        long hi = pocBucket;
        while (included < target) {
            Map.Entry<Long, Bucket> below = buckets.lowerEntry(lo);
            Map.Entry<Long, Bucket> above = buckets.higherEntry(hi);
            if (below == null && above == null) {
                break;
            }
            double vb = below == null ? Double.NEGATIVE_INFINITY : below.getValue().volume;
            double va = above == null ? Double.NEGATIVE_INFINITY : above.getValue().volume;
            if (va >= vb) {
                included += va;
                hi = above.getKey();
            }
            if (vb >= va) {
                included += vb;
                lo = below.getKey();
            }
        }
        long first = buckets.firstKey();
        long rows = buckets.lastKey() - first + 1;
        double mean = total / rows;
        double hvnThreshold = hvnMultiple * mean;
        double lvnThreshold = lvnMultiple * mean;
        int hvn = 0;
        long lvnNonEmpty = 0;
        for (Bucket b : buckets.values()) {
            if (b.volume >= hvnThreshold) {
                hvn++;
            }
            if (b.volume <= lvnThreshold) {
                lvnNonEmpty++;
            }
        }
        long lvn = rows - buckets.size() + lvnNonEmpty;

        double r = referencePrice;
        double pocPrice = priceOf(pocBucket);
        double val = priceOf(lo);
        double vah = priceOf(hi);
        double hvnBelow = Double.NaN;
        double hvnAbove = Double.NaN;
        boolean inLvn = false;
        if (Double.isFinite(r) && r > 0) {
            long rb = bucketOf(r);
            for (Map.Entry<Long, Bucket> e : buckets.headMap(rb, true).descendingMap().entrySet()) {
                if (e.getValue().volume >= hvnThreshold) {
                    hvnBelow = (r - priceOf(e.getKey())) / r * TopOfBook.BPS;
                    break;
                }
            }
            for (Map.Entry<Long, Bucket> e : buckets.tailMap(rb, false).entrySet()) {
                if (e.getValue().volume >= hvnThreshold) {
                    hvnAbove = (priceOf(e.getKey()) - r) / r * TopOfBook.BPS;
                    break;
                }
            }
            if (rb >= first && rb <= buckets.lastKey()) {
                Bucket own = buckets.get(rb);
                inLvn = (own == null ? 0.0 : own.volume) <= lvnThreshold;
            }
        }
        return new Profile(total, buckets.size(), rows, pocBucket, pocPrice, val, vah, included, mean, hvn, lvn, r,
                (r - pocPrice) / r * TopOfBook.BPS, (r - val) / (vah + tick - val), hvnBelow, hvnAbove, inLvn, warm);
    }
}
