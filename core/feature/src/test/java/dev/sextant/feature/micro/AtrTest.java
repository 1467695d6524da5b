package dev.sextant.feature.micro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.sextant.feature.BtcCandles;
import dev.sextant.feature.domain.Bar;
import dev.sextant.feature.domain.FeatureEngine;
import dev.sextant.feature.domain.FeatureSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ta4j.core.BarSeries;
import org.ta4j.core.BaseBarSeriesBuilder;
import org.ta4j.core.indicators.ATRIndicator;
import org.ta4j.core.num.DecimalNumFactory;
import org.ta4j.core.num.Num;

/** The zones' ATR against ta4j's ATRIndicator and fs-v1's atr_14 on real BTCUSDT 1h candles. */
class AtrTest {

    @Test
    void smallSequenceByHand() {
        Instant t = Instant.parse("2024-01-01T00:00:00Z");
        Atr atr = new Atr(2);
        assertThat(atr.update(new Bar(t, 10, 12, 9, 11, 1))).isNaN(); // tr 3
        assertThat(atr.update(new Bar(t.plusSeconds(60), 11, 11.5, 10.5, 11, 1))).isNaN(); // tr 1
        assertThat(atr.update(new Bar(t.plusSeconds(120), 11, 15, 11, 14, 1))).isEqualTo(4); // tr 4: the seed
        // gap down: tr = max(1, |9 - 14|, |14 - 8|) = 6; 4 + (6 - 4) / 2 = 5
        assertThat(atr.update(new Bar(t.plusSeconds(180), 9, 9, 8, 8.5, 1))).isEqualTo(5);
        assertThat(atr.value()).isEqualTo(5);
        assertThat(atr.barCount()).isEqualTo(4);
        assertThatThrownBy(() -> new Atr(0)).hasMessageContaining("period");
    }

    @Test
    void agreesWithTa4jAndFsV1OnRealCandles() {
        List<BtcCandles.Row> rows = BtcCandles.all().subList(0, 5_000);
        BarSeries series = new BaseBarSeriesBuilder().withName("BTCUSDT-1h")
                .withNumFactory(DecimalNumFactory.getInstance(32)).build();
        for (BtcCandles.Row r : rows) {
            series.barBuilder().timePeriod(Duration.ofHours(1)).beginTime(r.openTime())
                    .endTime(r.openTime().plus(Duration.ofHours(1))).openPrice(r.open()).highPrice(r.high())
                    .lowPrice(r.low()).closePrice(r.close()).volume(r.volume()).add();
        }
        ATRIndicator oracle = new ATRIndicator(series, 14);
        Atr atr = new Atr(14);
        FeatureEngine engine = new FeatureEngine();
        for (int i = 0; i < rows.size(); i++) {
            Bar bar = rows.get(i).toBar();
            double ours = atr.update(bar);
            Double fsV1 = engine.update(bar).value(FeatureSet.ATR_14);
            Num expected = oracle.getValue(i);
            if (i < 14) {
                assertThat(ours).as("bar %d", i).isNaN();
                assertThat(fsV1).isNull();
                continue;
            }
            assertThat(ours).as("bar %d vs ta4j", i).isCloseTo(expected.doubleValue(), within(1e-9 * bar.close()));
            assertThat(ours).as("bar %d vs fs-v1", i).isEqualTo(fsV1);
        }
    }
}
