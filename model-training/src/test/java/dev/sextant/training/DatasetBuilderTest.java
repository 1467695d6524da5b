package dev.sextant.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.feature.domain.Bar;
import dev.sextant.feature.domain.FeatureEngine;
import dev.sextant.feature.domain.FeatureSet;
import dev.sextant.feature.domain.FeatureVector;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatasetBuilderTest {
    private final DatasetBuilder builder = new DatasetBuilder(Fixtures.HOUR);

    @Test
    void keepsEveryWarmBarThatHasANextBar() {
        List<Bar> bars = Fixtures.bars(120);

        List<LabeledRow> rows = builder.build("BTCUSDT", bars);

        // warm from the 50th bar (index 49) through the second-to-last bar (the last has no label)
        assertThat(rows).hasSize(120 - FeatureEngine.WARM_UP_BARS);
        assertThat(rows.get(0).openTime()).isEqualTo(bars.get(FeatureEngine.WARM_UP_BARS - 1).openTime());
        assertThat(rows.get(rows.size() - 1).openTime()).isEqualTo(bars.get(118).openTime());
        assertThat(rows).allSatisfy(r -> assertThat(java.util.Arrays.stream(r.features()).boxed().toList())
                .hasSize(FeatureSet.SIZE).allMatch(Double::isFinite));
    }

    @Test
    void labelIsTheDirectionOfTheNextClose() {
        List<Bar> bars = Fixtures.bars(150);
        Map<Instant, Integer> index = new HashMap<>();
        for (int i = 0; i < bars.size(); i++) {
            index.put(bars.get(i).openTime(), i);
        }

        List<LabeledRow> rows = builder.build("BTCUSDT", bars);

        assertThat(rows).extracting(LabeledRow::up).contains(true, false);
        for (LabeledRow row : rows) {
            int t = index.get(row.openTime());
            assertThat(row.up()).as("label of %s", row.openTime()).isEqualTo(bars.get(t + 1).close() > bars.get(t).close());
            assertThat(row.features()[FeatureSet.indexOf(FeatureSet.CLOSE)]).isEqualTo(bars.get(t).close());
        }
    }

    @Test
    void anEqualNextCloseIsDown() {
        List<Bar> bars = new ArrayList<>(Fixtures.bars(60));
        bars.set(59, Fixtures.bar(59, bars.get(58).close()));

        List<LabeledRow> rows = builder.build("BTCUSDT", bars);

        assertThat(rows.get(rows.size() - 1).openTime()).isEqualTo(bars.get(58).openTime());
        assertThat(rows.get(rows.size() - 1).up()).isFalse();
    }

    @Test
    void featuresAtTUseOnlyBarsUpToT() {
        List<Bar> bars = Fixtures.bars(140);
        int cut = 100;
        // Same history up to the cut, a wildly different future after it.
        List<Bar> otherFuture = new ArrayList<>(bars.subList(0, cut + 1));
        for (int i = cut + 1; i < bars.size(); i++) {
            otherFuture.add(Fixtures.bar(i, 500 + 40 * Math.cos(i)));
        }

        Map<Instant, LabeledRow> original = byTime(builder.build("BTCUSDT", bars));
        Map<Instant, LabeledRow> changed = byTime(builder.build("BTCUSDT", otherFuture));

        for (int t = FeatureEngine.WARM_UP_BARS - 1; t <= cut; t++) {
            Instant time = bars.get(t).openTime();
            assertThat(changed.get(time).features()).as("features at %s", time).containsExactly(original.get(time).features());
        }
        // ...and they are exactly what the live engine emits having seen bars 0..t only
        FeatureEngine live = new FeatureEngine();
        FeatureVector atCut = null;
        for (int t = 0; t <= cut; t++) {
            atCut = live.update(bars.get(t));
        }
        assertThat(original.get(bars.get(cut).openTime()).features()).containsExactly(atCut.toArray());
        // the label at the cut does depend on the next bar, as it must
        assertThat(changed.get(bars.get(cut).openTime()).up()).isTrue();
        assertThat(changed.get(bars.get(cut + 1).openTime()).features()).isNotEqualTo(original.get(bars.get(cut + 1).openTime()).features());
    }

    @Test
    void dropsTheRowBeforeAGapBecauseItsNextCandleNeverCame() {
        List<Bar> bars = new ArrayList<>(Fixtures.bars(90));
        Bar beforeGap = bars.get(70);
        bars.remove(71); // hour 71 missing

        Map<Instant, LabeledRow> rows = byTime(builder.build("BTCUSDT", bars));

        assertThat(rows).doesNotContainKey(beforeGap.openTime());
        assertThat(rows).containsKey(bars.get(69).openTime()).containsKey(bars.get(71).openTime());
    }

    private static Map<Instant, LabeledRow> byTime(List<LabeledRow> rows) {
        Map<Instant, LabeledRow> map = new HashMap<>();
        rows.forEach(r -> map.put(r.openTime(), r));
        return map;
    }
}
