package dev.sextant.feature.micro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.sextant.contracts.event.Side;
import dev.sextant.feature.domain.Bar;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A profile with tick 1 computed by hand. Trades: 100.2 x 1, 101.5 x 4, 101.9 x 2, 102.0 x 3,
 * 104.7 x 1, 99.0 x 2. Buckets: 99: 2, 100: 1, 101: 6, 102: 3, 104: 1 (103 empty). Total 13 over 6
 * rows: mean 13/6.
 */
class VolumeProfileTest {

    static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
    static final double EPS = 1e-12;

    static Trade trade(long id, long seconds, double price, double quantity) {
        return new Trade(id, T0.plusSeconds(seconds), price, quantity, id % 2 == 0 ? Side.BUY : Side.SELL);
    }

    static VolumeProfile handProfile() {
        VolumeProfile vp = new VolumeProfile(1.0);
        vp.offer(trade(1, 0, 100.2, 1));
        vp.offer(trade(2, 1, 101.5, 4));
        vp.offer(trade(3, 2, 101.9, 2));
        vp.offer(trade(4, 3, 102.0, 3));
        vp.offer(trade(5, 4, 104.7, 1));
        vp.offer(trade(6, 5, 99.0, 2));
        return vp;
    }

    @Test
    void pocValueAreaAndNodesOfTheHandProfile() {
        VolumeProfile.Profile p = handProfile().profile(102.5);
        assertThat(p.totalVolume()).isEqualTo(13);
        assertThat(p.buckets()).isEqualTo(5);
        assertThat(p.rows()).isEqualTo(6);
        assertThat(p.pocBucket()).isEqualTo(101);
        assertThat(p.poc()).isEqualTo(101);
        // VA target 9.1: POC 6; above 102 (3) beats below 100 (1): 9; then 100 (1) ties 104 (1, 103 is
        // empty and stepped over): both, 11
        assertThat(p.val()).isEqualTo(100);
        assertThat(p.vah()).isEqualTo(104);
        assertThat(p.valueAreaVolume()).isEqualTo(11);
        assertThat(p.meanRowVolume()).isCloseTo(13.0 / 6, within(EPS));
        assertThat(p.hvnCount()).isEqualTo(1); // >= 3.25: 101 only
        assertThat(p.lvnCount()).isEqualTo(3); // <= 1.0833: 100, 103 (empty), 104
        // measured from 102.5 (bucket 102)
        assertThat(p.pocDistanceBps()).isCloseTo(1.5 / 102.5 * 10_000, within(EPS));
        assertThat(p.valueAreaPosition()).isCloseTo(0.5, within(EPS)); // (102.5 - 100) / (104 + 1 - 100)
        assertThat(p.hvnBelowDistanceBps()).isCloseTo(1.5 / 102.5 * 10_000, within(EPS)); // 101
        assertThat(p.hvnAboveDistanceBps()).isNaN();
        assertThat(p.inLvn()).isFalse(); // bucket 102 holds 3
        assertThat(p.warm()).isFalse();
    }

    @Test
    void distancesFromOtherReferencePrices() {
        VolumeProfile vp = handProfile();
        VolumeProfile.Profile inGap = vp.profile(103.2);
        assertThat(inGap.inLvn()).isTrue(); // the empty row 103
        assertThat(inGap.valueAreaPosition()).isCloseTo(3.2 / 5, within(EPS));
        VolumeProfile.Profile below = vp.profile(100.5);
        assertThat(below.hvnAboveDistanceBps()).isCloseTo(0.5 / 100.5 * 10_000, within(EPS));
        assertThat(below.hvnBelowDistanceBps()).isNaN();
        assertThat(below.inLvn()).isTrue(); // bucket 100 holds 1
        assertThat(below.pocDistanceBps()).isCloseTo(-0.5 / 100.5 * 10_000, within(EPS));
        VolumeProfile.Profile under = vp.profile(98);
        assertThat(under.valueAreaPosition()).isCloseTo(-2.0 / 5, within(EPS));
        assertThat(under.inLvn()).isFalse(); // outside the profile's rows
        VolumeProfile.Profile inPoc = vp.profile(101.7);
        assertThat(inPoc.hvnBelowDistanceBps()).isCloseTo(0.7 / 101.7 * 10_000, within(1e-9)); // own bucket
        assertThat(vp.profile(Double.NaN).hvnBelowDistanceBps()).isNaN();
        assertThat(vp.profile(Double.NaN).poc()).isEqualTo(101);
    }

    @Test
    void pocTiesGoToTheLowerPrice() {
        VolumeProfile vp = new VolumeProfile(1.0);
        vp.offer(trade(1, 0, 105, 2));
        vp.offer(trade(2, 1, 103, 2));
        vp.offer(trade(3, 2, 104, 1));
        VolumeProfile.Profile p = vp.profile(104);
        assertThat(p.poc()).isEqualTo(103);
        // VA target 3.5: 103 (2); below none, above 104 (1): 3; above 105 (2): 5
        assertThat(p.val()).isEqualTo(103);
        assertThat(p.vah()).isEqualTo(105);
        assertThat(p.valueAreaVolume()).isEqualTo(5);
    }

    @Test
    void theValueAreaTakesTheHeavierNeighbourOneBucketAtATime() {
        VolumeProfile vp = new VolumeProfile(Duration.ofHours(1), 10, 0.70, 1.5, 0.5);
        // buckets 90: 5, 100: 10 (POC), 110: 4, 120: 1; total 20, target 14
        vp.offer(trade(1, 0, 95, 5));
        vp.offer(trade(2, 1, 100, 10));
        vp.offer(trade(3, 2, 119.99, 4)); // bucket 110
        vp.offer(trade(4, 3, 120, 1)); // exactly on the edge: bucket 120
        VolumeProfile.Profile p = vp.profile(100);
        assertThat(p.pocBucket()).isEqualTo(10);
        // 10; below 90 (5) beats above 110 (4): 15 >= 14, done
        assertThat(p.val()).isEqualTo(90);
        assertThat(p.vah()).isEqualTo(100);
        assertThat(p.valueAreaVolume()).isEqualTo(15);
        assertThat(p.valueAreaPosition()).isCloseTo(10.0 / 20, within(EPS)); // (100 - 90) / (100 + 10 - 90)
        VolumeProfile all = new VolumeProfile(Duration.ofHours(1), 10, 1.0, 1.5, 0.5);
        all.offer(trade(1, 0, 95, 5));
        all.offer(trade(2, 1, 100, 10));
        all.offer(trade(4, 3, 120, 1));
        VolumeProfile.Profile whole = all.profile(100);
        assertThat(whole.val()).isEqualTo(90);
        assertThat(whole.vah()).isEqualTo(120);
        assertThat(whole.valueAreaVolume()).isEqualTo(16);
    }

    @Test
    void bucketsAbsorbDecimalToBinaryRounding() {
        VolumeProfile vp = new VolumeProfile(0.1);
        assertThat(0.3 / 0.1).isLessThan(3); // the naive floor would say bucket 2
        assertThat(vp.bucketOf(0.3)).isEqualTo(3);
        assertThat(vp.bucketOf(0.7)).isEqualTo(7);
        assertThat(vp.bucketOf(0.29999)).isEqualTo(2);
        VolumeProfile cents = new VolumeProfile(0.01);
        assertThat(cents.bucketOf(39432.48)).isEqualTo(3_943_248);
        assertThat(cents.bucketOf(39432.479)).isEqualTo(3_943_247);
        assertThat(cents.priceOf(3_943_248)).isCloseTo(39432.48, within(1e-9));
    }

    @Test
    void tradesLeaveTheProfileWithTheWindow() {
        VolumeProfile vp = new VolumeProfile(Duration.ofMinutes(60), 1.0, 0.7, 1.5, 0.5);
        vp.offer(trade(1, 0, 100, 5));
        vp.offer(trade(2, 1_800, 101, 3));
        assertThat(vp.profile(100).poc()).isEqualTo(100);
        vp.offer(trade(3, 3_600, 102, 1)); // window (0, 3600 s]: the first trade leaves
        VolumeProfile.Profile p = vp.profile(101);
        assertThat(p.poc()).isEqualTo(101);
        assertThat(p.totalVolume()).isEqualTo(4);
        assertThat(p.buckets()).isEqualTo(2);
        assertThat(p.warm()).isTrue();
        vp.advanceTo(T0.plusSeconds(10_000));
        VolumeProfile.Profile empty = vp.profile(101);
        assertThat(empty.buckets()).isZero();
        assertThat(empty.totalVolume()).isZero();
        assertThat(empty.poc()).isNaN();
        assertThat(empty.valueAreaPosition()).isNaN();
        assertThat(empty.inLvn()).isFalse();
    }

    @Test
    void aHugeTradeLeavesNoRoundingResidueInItsBucket() {
        VolumeProfile vp = new VolumeProfile(Duration.ofSeconds(1), 1.0, 0.7, 1.5, 0.5);
        vp.offer(new Trade(0, T0, 100.5, 1e9, Side.BUY));
        double expected = 0;
        for (int i = 1; i <= 400; i++) { // 0.001 in the same bucket every 10 ms for 4 s
            vp.offer(new Trade(i, T0.plusMillis(10L * i), 100.2, 0.001, Side.SELL));
            expected += i > 300 ? 0.001 : 0;
        }
        VolumeProfile.Profile p = vp.profile(100.2);
        assertThat(p.buckets()).isEqualTo(1);
        assertThat(p.totalVolume()).isCloseTo(expected, within(1e-15)); // 1e9 in and out would leave ~1e-7
    }

    @Test
    void aProfileOfCandlesPutsEachCandlesVolumeAtItsTypicalPrice() {
        VolumeProfile vp = new VolumeProfile(Duration.ofHours(3), 1.0, 0.7, 1.5, 0.5);
        assertThat(vp.offerBar(new Bar(T0, 100, 103, 99, 101, 10))).isEqualTo(TradeAdmission.ACCEPTED); // 101
        vp.offerBar(new Bar(T0.plusSeconds(3_600), 101, 104, 101, 104, 4)); // 103
        vp.offerBar(new Bar(T0.plusSeconds(7_200), 104, 104, 104, 104, 0)); // zero volume: no volume, still a bar
        assertThat(vp.offerBar(new Bar(T0, 100, 103, 99, 101, 10))).isEqualTo(TradeAdmission.DUPLICATE);
        VolumeProfile.Profile p = vp.profile(104);
        assertThat(p.poc()).isEqualTo(101);
        assertThat(p.totalVolume()).isEqualTo(14);
        assertThat(p.rows()).isEqualTo(4); // 101 .. 104
        VolumeProfile zero = new VolumeProfile(1.0);
        zero.offerBar(new Bar(T0, 104, 104, 104, 104, 0));
        assertThat(zero.profile(104).poc()).isNaN(); // no volume, no profile
    }

    @Test
    void parametersAreValidated() {
        assertThatThrownBy(() -> new VolumeProfile(0)).hasMessageContaining("tick");
        assertThatThrownBy(() -> new VolumeProfile(Duration.ofHours(1), 1, 0, 1.5, 0.5)).hasMessageContaining("value area");
        assertThatThrownBy(() -> new VolumeProfile(Duration.ofHours(1), 1, 1.1, 1.5, 0.5)).hasMessageContaining("value area");
        assertThatThrownBy(() -> new VolumeProfile(Duration.ofHours(1), 1, 0.7, 0, 0)).hasMessageContaining("HVN");
        assertThatThrownBy(() -> new VolumeProfile(Duration.ofHours(1), 1, 0.7, 1, 1)).hasMessageContaining("LVN");
        assertThatThrownBy(() -> new VolumeProfile(Duration.ofSeconds(-1), 1, 0.7, 1.5, 0.5)).hasMessageContaining("positive");
    }
}
