package dev.sextant.feature.micro;

import dev.sextant.feature.domain.Bar;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Supply and demand zones from closed candles, after seed 002 ("demand zones: consolidation →
 * rally; supply zones: consolidation → drop; fresh vs tested zones; volume confirmation; age and
 * test count"). The seed gives no numbers; this is the common base-and-departure rule, with ATR
 * ({@link Atr}, period {@code atrPeriod}) as the yardstick, taken as of the bar <em>before</em> the
 * departure so the departure does not inflate it:
 *
 * <ul>
 *   <li><b>Base</b>: the longest run, up to {@code maxBaseCandles}, of consecutive candles ending
 *       just before the departure whose range {@code high - low <= baseMaxRangeAtr * ATR}.</li>
 *   <li><b>Departure</b>: the candle right after a base, with body {@code |close - open| >=
 *       departureMinBodyAtr * ATR}, volume {@code >= departureMinVolumeRatio * } the base's mean
 *       volume (the seed's "volume confirmation"), and closing beyond the base: a rally
 *       ({@code close > open}, {@code close >} the base's high) makes a <b>demand</b> zone, a drop
 *       ({@code close < open}, {@code close <} the base's low) a <b>supply</b> zone.</li>
 *   <li><b>Zone</b>: {@code [base low, base high]}, active from the candle after the departure.</li>
 *   <li><b>Visits</b>: a candle touches a demand zone when its low {@code <=} the zone's high (a
 *       supply zone: its high {@code >=} the zone's low); a run of touching candles is one visit.
 *       A zone is <b>fresh</b> until its first visit.</li>
 *   <li><b>Broken</b>: a candle closing below a demand zone's low (above a supply zone's high)
 *       removes the zone. At most {@code maxZonesPerSide} zones are kept per side; the oldest goes
 *       first.</li>
 * </ul>
 *
 * <p>{@link #distances(double)} measures from a price {@code p}: the nearest demand zone is the one
 * with {@code low <= p} closest below (distance {@code max(0, p - high)}), the nearest supply zone
 * the one with {@code high >= p} closest above (distance {@code max(0, low - p)}); ties go to the
 * newer zone. Distances are given in quote units, in ATRs ({@code distance / ATR}) and in percent of
 * {@code p} ({@code distance / p * 100}); NaN when there is no such zone (in ATRs also while the ATR
 * is undefined). "In a fresh zone" means {@code p} is inside a zone and this is the zone's first
 * visit: the last candle touched it and it has one visit, or it did not and it has none.
 *
 * <p>Defaults ({@link Config#defaults()}): ATR 14, base of up to 4 candles of range &lt;= 0.8 ATR,
 * departure body &gt;= 1.5 ATR with at least the base's mean volume, 20 zones per side.
 *
 * <p>Not thread-safe.
 */
public final class SupplyDemandZones {

    /** The kind of a zone. */
    public enum Kind {
        /** Base followed by a rally: expected support. */
        DEMAND,
        /** Base followed by a drop: expected resistance. */
        SUPPLY
    }

    /**
     * Parameters of the zone rule (see the class comment).
     *
     * @param atrPeriod ATR period, &gt;= 1
     * @param maxBaseCandles longest base, &gt;= 1
     * @param baseMaxRangeAtr a base candle's largest range in ATRs, &gt; 0
     * @param departureMinBodyAtr a departure's smallest body in ATRs, &gt; 0
     * @param departureMinVolumeRatio a departure's smallest volume as a multiple of the base's mean
     *     volume, &gt;= 0 (0 turns the volume confirmation off)
     * @param maxZonesPerSide zones kept per side, &gt;= 1
     */
    public record Config(int atrPeriod, int maxBaseCandles, double baseMaxRangeAtr, double departureMinBodyAtr,
            double departureMinVolumeRatio, int maxZonesPerSide) {

        public Config {
            if (atrPeriod < 1 || maxBaseCandles < 1 || maxZonesPerSide < 1) {
                throw new IllegalArgumentException("zone ATR period, base length and zones per side must be >= 1");
            }
            if (!(baseMaxRangeAtr > 0) || !(departureMinBodyAtr > 0) || !Double.isFinite(baseMaxRangeAtr)
                    || !Double.isFinite(departureMinBodyAtr)) {
                throw new IllegalArgumentException("zone base range and departure body must be finite and > 0 ATRs");
            }
            if (!(departureMinVolumeRatio >= 0) || !Double.isFinite(departureMinVolumeRatio)) {
                throw new IllegalArgumentException("zone departure volume ratio must be finite and >= 0");
            }
        }

        /** The defaults of the class comment. */
        public static Config defaults() {
            return new Config(14, 4, 0.8, 1.5, 1.0, 20);
        }
    }

    /**
     * One zone as it stands.
     *
     * @param kind demand or supply
     * @param low the base's lowest low
     * @param high the base's highest high
     * @param createdAt open time of the departure candle
     * @param baseCandles candles in the base
     * @param departureBodyAtr the departure's body in ATRs (a strength measure)
     * @param visits visits so far (0 = fresh)
     * @param touchedByLastBar the last candle touched the zone
     */
    public record Zone(Kind kind, double low, double high, Instant createdAt, int baseCandles, double departureBodyAtr,
            int visits, boolean touchedByLastBar) {

        /** True until the first visit. */
        public boolean fresh() {
            return visits == 0;
        }
    }

    /**
     * Distances from a price to the nearest zones.
     *
     * @param price the price measured from
     * @param atr the ATR used, NaN while undefined
     * @param demandDistance quote distance down to the nearest demand zone (0 inside it), NaN if none
     * @param demandDistanceAtr demandDistance / atr
     * @param demandDistancePct demandDistance / price * 100
     * @param inFreshDemand price inside a demand zone on its first visit
     * @param supplyDistance quote distance up to the nearest supply zone (0 inside it), NaN if none
     * @param supplyDistanceAtr supplyDistance / atr
     * @param supplyDistancePct supplyDistance / price * 100
     * @param inFreshSupply price inside a supply zone on its first visit
     */
    public record Distances(double price, double atr, double demandDistance, double demandDistanceAtr,
            double demandDistancePct, boolean inFreshDemand, double supplyDistance, double supplyDistanceAtr,
            double supplyDistancePct, boolean inFreshSupply) {
    }

    private static final class MutableZone {
        final Kind kind;
        final double low;
        final double high;
        final Instant createdAt;
        final int baseCandles;
        final double departureBodyAtr;
        int visits;
        boolean touched;

        MutableZone(Kind kind, double low, double high, Instant createdAt, int baseCandles, double departureBodyAtr) {
            this.kind = kind;
            this.low = low;
            this.high = high;
            this.createdAt = createdAt;
            this.baseCandles = baseCandles;
            this.departureBodyAtr = departureBodyAtr;
        }

        Zone view() {
            return new Zone(kind, low, high, createdAt, baseCandles, departureBodyAtr, visits, touched);
        }
    }

    private final Config config;
    private final Atr atr;
    private final Bar[] recent;
    private final List<MutableZone> demand = new ArrayList<>();
    private final List<MutableZone> supply = new ArrayList<>();
    private long bars;
    private Instant lastOpenTime;

    /** Zones with {@link Config#defaults()}. */
    public SupplyDemandZones() {
        this(Config.defaults());
    }

    public SupplyDemandZones(Config config) {
        this.config = Objects.requireNonNull(config, "config");
        this.atr = new Atr(config.atrPeriod());
        this.recent = new Bar[config.maxBaseCandles()];
    }

    /**
     * Feeds the next closed candle: updates the zones' visits, removes broken zones, then looks for
     * a new zone with this candle as the departure.
     *
     * @throws IllegalArgumentException when the candle is not after the previous one (state unchanged)
     */
    public void update(Bar bar) {
        if (lastOpenTime != null && !bar.openTime().isAfter(lastOpenTime)) {
            throw new IllegalArgumentException(
                    "bar " + bar.openTime() + " is not after the previous bar " + lastOpenTime + " of these zones");
        }
        lastOpenTime = bar.openTime();
        double atrBefore = atr.value();
        visit(demand, bar);
        visit(supply, bar);
        if (!Double.isNaN(atrBefore) && atrBefore > 0) {
            detect(bar, atrBefore);
        }
        atr.update(bar);
        recent[(int) (bars % recent.length)] = bar;
        bars++;
    }

    private static void visit(List<MutableZone> zones, Bar bar) {
        zones.removeIf(z -> z.kind == Kind.DEMAND ? bar.close() < z.low : bar.close() > z.high);
        for (MutableZone z : zones) {
            boolean touching = z.kind == Kind.DEMAND ? bar.low() <= z.high : bar.high() >= z.low;
            if (touching && !z.touched) {
                z.visits++;
            }
            z.touched = touching;
        }
    }

    private void detect(Bar bar, double atrBefore) {
        double body = Math.abs(bar.close() - bar.open());
        if (body < config.departureMinBodyAtr() * atrBefore) { // also rules out close == open
            return;
        }
        int available = (int) Math.min(bars, recent.length);
        int base = 0;
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        double volume = 0;
        for (int k = 1; k <= available; k++) {
            Bar b = recent[(int) ((bars - k) % recent.length)];
            if (b.high() - b.low() > config.baseMaxRangeAtr() * atrBefore) {
                break;
            }
            base = k;
            low = Math.min(low, b.low());
            high = Math.max(high, b.high());
            volume += b.volume();
        }
        if (base == 0 || bar.volume() < config.departureMinVolumeRatio() * (volume / base)) {
            return;
        }
        if (bar.close() > bar.open() && bar.close() > high) {
            add(demand, new MutableZone(Kind.DEMAND, low, high, bar.openTime(), base, body / atrBefore));
        } else if (bar.close() < bar.open() && bar.close() < low) {
            add(supply, new MutableZone(Kind.SUPPLY, low, high, bar.openTime(), base, body / atrBefore));
        }
    }

    private void add(List<MutableZone> zones, MutableZone zone) {
        zones.add(zone);
        if (zones.size() > config.maxZonesPerSide()) {
            zones.remove(0);
        }
    }

    /** The active zones of one kind, oldest first. */
    public List<Zone> zones(Kind kind) {
        return (kind == Kind.DEMAND ? demand : supply).stream().map(MutableZone::view).toList();
    }

    /** The ATR after the last candle, NaN while undefined. */
    public double atr() {
        return atr.value();
    }

    /** Candles fed so far. */
    public long barCount() {
        return bars;
    }

    /** Distances from {@code price} to the nearest zones (see the class comment). */
    public Distances distances(double price) {
        double a = atr.value();
        MutableZone d = null;
        double dd = Double.NaN;
        boolean freshDemand = false;
        for (MutableZone z : demand) {
            if (z.low <= price) {
                double distance = Math.max(0, price - z.high);
                if (d == null || distance <= dd) { // later zones win ties
                    d = z;
                    dd = distance;
                }
                freshDemand |= price <= z.high && (z.touched ? z.visits : z.visits + 1) == 1;
            }
        }
        MutableZone s = null;
        double sd = Double.NaN;
        boolean freshSupply = false;
        for (MutableZone z : supply) {
            if (z.high >= price) {
                double distance = Math.max(0, z.low - price);
                if (s == null || distance <= sd) {
                    s = z;
                    sd = distance;
                }
                freshSupply |= price >= z.low && (z.touched ? z.visits : z.visits + 1) == 1;
            }
        }
        return new Distances(price, a, dd, dd / a, dd / price * 100, freshDemand, sd, sd / a, sd / price * 100,
                freshSupply);
    }
}
