package dev.sextant.feature.micro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.sextant.feature.BtcCandles;
import dev.sextant.feature.domain.Bar;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Zones on hand-made hourly candles. Fifteen flat candles (open 100, high 101, low 99, close 100,
 * volume 10: true range 2) make the ATR(14) defined at bar 14 with the value 2; then a base and a
 * departure.
 */
class SupplyDemandZonesTest {

    static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
    static final double EPS = 1e-12;

    private int hour;

    private Bar bar(double open, double high, double low, double close, double volume) {
        return new Bar(T0.plusSeconds(3_600L * hour++), open, high, low, close, volume);
    }

    private SupplyDemandZones warmedUp() {
        SupplyDemandZones zones = new SupplyDemandZones();
        for (int i = 0; i < 15; i++) {
            zones.update(bar(100, 101, 99, 100, 10));
        }
        assertThat(zones.atr()).isEqualTo(2);
        return zones;
    }

    /** ATR after the two base candles of {@link #aRallyFromABaseMakesAFreshDemandZone}: 2 -> 27/14 -> 362.2/196. */
    static final double ATR_BEFORE_DEPARTURE = 362.2 / 196;

    @Test
    void aRallyFromABaseMakesAFreshDemandZone() {
        SupplyDemandZones zones = warmedUp();
        zones.update(bar(100, 100.5, 99.5, 100, 10)); // base: range 1, ATR -> 2 + (1 - 2) / 14 = 27/14
        zones.update(bar(100, 100.6, 99.8, 100.2, 10)); // base: range 0.8 (true range 0.8), ATR -> 362.2/196
        assertThat(zones.atr()).isCloseTo(ATR_BEFORE_DEPARTURE, within(EPS));
        assertThat(zones.zones(SupplyDemandZones.Kind.DEMAND)).isEmpty();
        // departure: body 3.6 >= 1.5 * 1.848, close 103.8 above the base's high 100.6, volume 30 >= 10;
        // the flat candles before the base have range 2 > 0.8 * 1.848: the base is 2 candles
        zones.update(bar(100.2, 104, 100.1, 103.8, 30));
        List<SupplyDemandZones.Zone> demand = zones.zones(SupplyDemandZones.Kind.DEMAND);
        assertThat(demand).hasSize(1);
        SupplyDemandZones.Zone z = demand.get(0);
        assertThat(z.low()).isEqualTo(99.5);
        assertThat(z.high()).isEqualTo(100.6);
        assertThat(z.baseCandles()).isEqualTo(2);
        assertThat(z.createdAt()).isEqualTo(T0.plusSeconds(3_600L * 17));
        assertThat(z.departureBodyAtr()).isCloseTo((103.8 - 100.2) / ATR_BEFORE_DEPARTURE, within(1e-9));
        assertThat(z.fresh()).isTrue();
        assertThat(zones.zones(SupplyDemandZones.Kind.SUPPLY)).isEmpty();

        double atr = ATR_BEFORE_DEPARTURE + (3.9 - ATR_BEFORE_DEPARTURE) / 14; // true range 3.9
        assertThat(zones.atr()).isCloseTo(atr, within(EPS));
        SupplyDemandZones.Distances d = zones.distances(103.8);
        assertThat(d.demandDistance()).isCloseTo(3.2, within(EPS));
        assertThat(d.demandDistanceAtr()).isCloseTo(3.2 / atr, within(1e-9));
        assertThat(d.demandDistancePct()).isCloseTo(3.2 / 103.8 * 100, within(1e-9));
        assertThat(d.inFreshDemand()).isFalse();
        assertThat(d.supplyDistance()).isNaN();
        assertThat(d.supplyDistanceAtr()).isNaN();
        assertThat(d.inFreshSupply()).isFalse();
    }

    @Test
    void aZoneIsFreshUntilItsFirstVisitAndBrokenByACloseThroughIt() {
        SupplyDemandZones zones = warmedUp();
        zones.update(bar(100, 100.5, 99.5, 100, 10));
        zones.update(bar(100, 100.6, 99.8, 100.2, 10));
        zones.update(bar(100.2, 104, 100.1, 103.8, 30));
        zones.update(bar(103.8, 104, 102, 103, 10)); // low 102 > 100.6: no visit
        SupplyDemandZones.Zone z = zones.zones(SupplyDemandZones.Kind.DEMAND).get(0);
        assertThat(z.visits()).isZero();
        // a price inside the untouched zone is its first visit
        assertThat(zones.distances(100.0).inFreshDemand()).isTrue();
        assertThat(zones.distances(100.0).demandDistance()).isZero();
        assertThat(zones.distances(100.0).demandDistanceAtr()).isZero();

        zones.update(bar(103, 103, 100.3, 100.8, 10)); // low 100.3 <= 100.6: first visit
        z = zones.zones(SupplyDemandZones.Kind.DEMAND).get(0);
        assertThat(z.visits()).isEqualTo(1);
        assertThat(z.touchedByLastBar()).isTrue();
        assertThat(z.fresh()).isFalse();
        assertThat(zones.distances(100.4).inFreshDemand()).isTrue(); // the first visit goes on
        zones.update(bar(100.8, 101, 100.4, 100.7, 10)); // still touching: the same visit
        assertThat(zones.zones(SupplyDemandZones.Kind.DEMAND).get(0).visits()).isEqualTo(1);

        zones.update(bar(100.8, 102, 100.7, 101.5, 10)); // low 100.7: left the zone
        assertThat(zones.distances(100.4).inFreshDemand()).isFalse(); // coming back is the second visit
        assertThat(zones.distances(100.4).demandDistance()).isZero();
        zones.update(bar(101.5, 101.6, 100.5, 100.9, 10)); // second visit
        assertThat(zones.zones(SupplyDemandZones.Kind.DEMAND).get(0).visits()).isEqualTo(2);

        zones.update(bar(100.9, 101, 99, 99.2, 10)); // closes below 99.5: broken
        assertThat(zones.zones(SupplyDemandZones.Kind.DEMAND)).isEmpty();
        assertThat(zones.distances(100).demandDistance()).isNaN();
    }

    @Test
    void aDropFromABaseMakesASupplyZone() {
        SupplyDemandZones zones = warmedUp();
        zones.update(bar(100, 100.5, 99.5, 100, 10));
        zones.update(bar(100, 100.2, 99.4, 99.8, 10)); // range 0.8, true range 0.8
        zones.update(bar(99.8, 99.9, 96, 96.2, 25)); // body 3.6, close below the base's low 99.4
        List<SupplyDemandZones.Zone> supply = zones.zones(SupplyDemandZones.Kind.SUPPLY);
        assertThat(supply).hasSize(1);
        assertThat(supply.get(0).low()).isEqualTo(99.4);
        assertThat(supply.get(0).high()).isEqualTo(100.5);
        SupplyDemandZones.Distances d = zones.distances(96.2);
        assertThat(d.supplyDistance()).isCloseTo(99.4 - 96.2, within(EPS));
        assertThat(d.supplyDistanceAtr()).isCloseTo((99.4 - 96.2) / zones.atr(), within(1e-9));
        assertThat(d.demandDistance()).isNaN();
        assertThat(zones.distances(100).inFreshSupply()).isTrue();
        assertThat(zones.distances(100.6).supplyDistance()).isNaN(); // above the zone: not ahead of price
        zones.update(bar(96.2, 100.8, 96, 100.7, 10)); // closes above 100.5: broken
        assertThat(zones.zones(SupplyDemandZones.Kind.SUPPLY)).isEmpty();
    }

    @Test
    void noZoneWithoutVolumeConfirmationAStrongBodyOrABase() {
        SupplyDemandZones weakVolume = warmedUp();
        weakVolume.update(bar(100, 100.5, 99.5, 100, 10));
        weakVolume.update(bar(100.2, 104, 100.1, 103.8, 9)); // volume 9 < the base's 10
        assertThat(weakVolume.zones(SupplyDemandZones.Kind.DEMAND)).isEmpty();

        hour = 0;
        SupplyDemandZones weakBody = warmedUp();
        weakBody.update(bar(100, 100.5, 99.5, 100, 10));
        weakBody.update(bar(100.2, 104, 100.1, 102.9, 30)); // body 2.7 < 1.5 * 27/14 = 2.89
        assertThat(weakBody.zones(SupplyDemandZones.Kind.DEMAND)).isEmpty();

        hour = 0;
        SupplyDemandZones noBase = warmedUp();
        noBase.update(bar(100.2, 104, 100.1, 103.8, 30)); // the candles before have range 2 > 0.8 * 2
        assertThat(noBase.zones(SupplyDemandZones.Kind.DEMAND)).isEmpty();

        hour = 0;
        SupplyDemandZones inside = warmedUp();
        inside.update(bar(100, 100.5, 99.5, 100, 10));
        inside.update(bar(97.2, 100.4, 97.1, 100.4, 30)); // a rally that does not close above the base
        assertThat(inside.zones(SupplyDemandZones.Kind.DEMAND)).isEmpty();

        hour = 0;
        SupplyDemandZones cold = new SupplyDemandZones();
        for (int i = 0; i < 14; i++) {
            cold.update(bar(100, 100.2, 99.9, 100, 10));
        }
        cold.update(bar(100, 110, 100, 110, 100)); // ATR undefined before this candle: no zone
        assertThat(cold.zones(SupplyDemandZones.Kind.DEMAND)).isEmpty();
        assertThat(cold.distances(105).demandDistanceAtr()).isNaN();
    }

    @Test
    void keepsAtMostTheConfiguredNumberOfZonesPerSideAndTheNearestWins() {
        SupplyDemandZones zones = new SupplyDemandZones(new SupplyDemandZones.Config(14, 4, 0.8, 1.5, 1.0, 2));
        for (int i = 0; i < 15; i++) {
            zones.update(bar(100, 101, 99, 100, 10));
        }
        double level = 100;
        for (int k = 0; k < 3; k++) { // three staircase rallies: zones at 99.5-100.5, +5, +10
            zones.update(bar(level, level + 0.5, level - 0.5, level, 10));
            zones.update(bar(level, level + 5, level - 0.2, level + 5, 30));
            level += 5;
        }
        List<SupplyDemandZones.Zone> demand = zones.zones(SupplyDemandZones.Kind.DEMAND);
        assertThat(demand).extracting(SupplyDemandZones.Zone::low).containsExactly(104.5, 109.5); // the oldest went
        assertThat(zones.distances(115).demandDistance()).isCloseTo(115 - 110.5, within(EPS));
        assertThat(zones.distances(107).demandDistance()).isCloseTo(107 - 105.5, within(EPS));
    }

    /**
     * Every zone standing at a checkpoint of the real BTCUSDT 1h history (72,866 candles) is
     * re-derived from the candles: its base, its departure, its visits, and that no close has
     * broken it since.
     */
    @Test
    void everyZoneOnRealCandlesSatisfiesItsDefinition() {
        List<Bar> bars = BtcCandles.all().stream().map(BtcCandles.Row::toBar).toList();
        double[] atrAfter = new double[bars.size()];
        Atr atr = new Atr(14);
        Map<Instant, Integer> index = new HashMap<>();
        for (int i = 0; i < bars.size(); i++) {
            atrAfter[i] = atr.update(bars.get(i));
            index.put(bars.get(i).openTime(), i);
        }
        SupplyDemandZones.Config c = SupplyDemandZones.Config.defaults();
        SupplyDemandZones zones = new SupplyDemandZones(c);
        Set<Instant> seen = new HashSet<>();
        int checked = 0;
        for (int i = 0; i < bars.size(); i++) {
            zones.update(bars.get(i));
            if (i % 97 != 0 && i != bars.size() - 1) {
                continue;
            }
            for (SupplyDemandZones.Kind kind : SupplyDemandZones.Kind.values()) {
                List<SupplyDemandZones.Zone> standing = zones.zones(kind);
                assertThat(standing.size()).isLessThanOrEqualTo(c.maxZonesPerSide());
                for (SupplyDemandZones.Zone z : standing) {
                    checkZone(z, bars, atrAfter, index.get(z.createdAt()), i, c);
                    seen.add(z.createdAt());
                    checked++;
                }
            }
        }
        // the defaults find a zone every few hundred hours, not every few hours
        assertThat(seen.size()).isBetween(50, 5_000);
        assertThat(checked).isGreaterThan(1_000);
        System.out.printf("[SupplyDemandZonesTest] %d distinct zones seen over %d 1h candles, %d zone checks%n",
                seen.size(), bars.size(), checked);
    }

    private static void checkZone(SupplyDemandZones.Zone z, List<Bar> bars, double[] atrAfter, int d, int now,
            SupplyDemandZones.Config c) {
        Bar departure = bars.get(d);
        double a = atrAfter[d - 1];
        assertThat(a).isFinite();
        double body = Math.abs(departure.close() - departure.open());
        assertThat(body).isGreaterThanOrEqualTo(c.departureMinBodyAtr() * a);
        assertThat(z.departureBodyAtr()).isCloseTo(body / a, within(1e-12));
        int base = z.baseCandles();
        assertThat(base).isBetween(1, c.maxBaseCandles());
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        double volume = 0;
        for (int k = d - base; k < d; k++) {
            Bar b = bars.get(k);
            assertThat(b.high() - b.low()).isLessThanOrEqualTo(c.baseMaxRangeAtr() * a);
            low = Math.min(low, b.low());
            high = Math.max(high, b.high());
            volume += b.volume();
        }
        if (base < c.maxBaseCandles()) { // the base is the longest run
            Bar before = bars.get(d - base - 1);
            assertThat(before.high() - before.low()).isGreaterThan(c.baseMaxRangeAtr() * a);
        }
        assertThat(z.low()).isEqualTo(low);
        assertThat(z.high()).isEqualTo(high);
        assertThat(departure.volume()).isGreaterThanOrEqualTo(c.departureMinVolumeRatio() * volume / base);
        boolean demand = z.kind() == SupplyDemandZones.Kind.DEMAND;
        if (demand) {
            assertThat(departure.close()).isGreaterThan(Math.max(high, departure.open()));
        } else {
            assertThat(departure.close()).isLessThan(Math.min(low, departure.open()));
        }
        int visits = 0;
        boolean touched = false;
        for (int k = d + 1; k <= now; k++) {
            Bar b = bars.get(k);
            assertThat(demand ? b.close() >= low : b.close() <= high).as("zone of %s unbroken at %s", z.createdAt(),
                    b.openTime()).isTrue();
            boolean touching = demand ? b.low() <= high : b.high() >= low;
            visits += touching && !touched ? 1 : 0;
            touched = touching;
        }
        assertThat(z.visits()).isEqualTo(visits);
        assertThat(z.touchedByLastBar()).isEqualTo(touched);
    }

    @Test
    void candlesMustComeInOrderAndTheConfigIsValidated() {
        SupplyDemandZones zones = new SupplyDemandZones();
        zones.update(new Bar(T0, 1, 1, 1, 1, 1));
        assertThatThrownBy(() -> zones.update(new Bar(T0, 1, 1, 1, 1, 1))).hasMessageContaining("is not after");
        assertThat(zones.barCount()).isEqualTo(1);
        assertThatThrownBy(() -> new SupplyDemandZones.Config(0, 4, 0.8, 1.5, 1, 20)).hasMessageContaining(">= 1");
        assertThatThrownBy(() -> new SupplyDemandZones.Config(14, 4, 0, 1.5, 1, 20)).hasMessageContaining("ATRs");
        assertThatThrownBy(() -> new SupplyDemandZones.Config(14, 4, 0.8, 1.5, -1, 20)).hasMessageContaining("volume");
    }
}
