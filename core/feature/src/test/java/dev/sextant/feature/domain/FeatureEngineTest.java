package dev.sextant.feature.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every indicator of the engine on small hand-computed series. */
class FeatureEngineTest {

    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
    private static final double EPS = 1e-12;

    private static Bar bar(int i, double close) {
        return new Bar(T0.plus(Duration.ofHours(i)), close, close + 1, close / 2, close, 10);
    }

    private static Bar bar(int i, double high, double low, double close, double volume) {
        return new Bar(T0.plus(Duration.ofHours(i)), close, high, low, close, volume);
    }

    /** Feeds closes (high = close + 1, low = close / 2, volume 10) and returns every vector. */
    private static List<FeatureVector> run(double... closes) {
        FeatureEngine engine = new FeatureEngine();
        List<FeatureVector> out = new ArrayList<>();
        for (int i = 0; i < closes.length; i++) {
            out.add(engine.update(bar(i, closes[i])));
        }
        return out;
    }

    private static double[] linear(int n) {
        double[] c = new double[n];
        for (int i = 0; i < n; i++) {
            c[i] = i + 1;
        }
        return c;
    }

    @Test
    void simpleMovingAveragesOfTheLastNCloses() {
        List<FeatureVector> v = run(linear(60)); // closes 1, 2, ..., 60
        assertThat(v.get(8).value("sma_10")).isNull();
        assertThat(v.get(9).value("sma_10")).isCloseTo(5.5, within(EPS)); // mean(1..10)
        assertThat(v.get(18).value("sma_20")).isNull();
        assertThat(v.get(19).value("sma_20")).isCloseTo(10.5, within(EPS)); // mean(1..20)
        assertThat(v.get(48).value("sma_50")).isNull();
        assertThat(v.get(49).value("sma_50")).isCloseTo(25.5, within(EPS)); // mean(1..50)
        assertThat(v.get(49).value("sma_10")).isCloseTo(45.5, within(EPS)); // mean(41..50)
        assertThat(v.get(59).value("sma_50")).isCloseTo(35.5, within(EPS)); // mean(11..60)
    }

    @Test
    void emaIsSeededWithTheCloseOfBarPeriodThenSmoothedWithTwoOverPeriodPlusOne() {
        List<FeatureVector> v = run(linear(30));
        assertThat(v.get(11).value("ema_12")).isNull();
        assertThat(v.get(12).value("ema_12")).isEqualTo(13.0); // close of bar index 12
        assertThat(v.get(13).value("ema_12")).isCloseTo(13 + (14 - 13) * 2.0 / 13, within(EPS));
        assertThat(v.get(25).value("ema_26")).isNull();
        assertThat(v.get(26).value("ema_26")).isEqualTo(27.0);
    }

    @Test
    void macdSignalAndHistogramOnALinearSeries() {
        // On closes c_t = t + 1 the lag L = close - ema12 follows L_t = (1 - a)(L_{t-1} + 1), a = 2/13, from
        // L_12 = 0, so at bar 26 (14 steps later) L = 5.5 * (1 - (11/13)^14); ema26 is seeded at 27 there.
        List<FeatureVector> v = run(linear(28));
        double lag = 5.5 * (1 - Math.pow(11.0 / 13, 14));
        assertThat(v.get(25).value("macd")).isNull();
        assertThat(v.get(26).value("ema_12")).isCloseTo(27 - lag, within(1e-9));
        assertThat(v.get(26).value("macd")).isCloseTo(-lag, within(1e-9));
        // the signal line is seeded with the first macd, so the histogram starts at 0
        assertThat(v.get(26).value("macd_signal")).isEqualTo(v.get(26).value("macd"));
        assertThat(v.get(26).value("macd_hist")).isZero();
        double macd27 = v.get(27).value("macd");
        double signal27 = v.get(26).value("macd") + (macd27 - v.get(26).value("macd")) * 0.2; // a = 2/(9+1)
        assertThat(v.get(27).value("macd_signal")).isCloseTo(signal27, within(EPS));
        assertThat(v.get(27).value("macd_hist")).isCloseTo(macd27 - signal27, within(EPS));
    }

    @Test
    void rsiUsesWilderAveragesSeededWithTheGainAndLossOfBar14() {
        double[] closes = new double[17];
        java.util.Arrays.fill(closes, 100);
        closes[14] = 107; // bar 14: gain 7, loss 0 -> seeds avgGain 7, avgLoss 0
        closes[15] = 100; // gain 0, loss 7 -> avgGain 7 - 7/14 = 6.5, avgLoss 7/14 = 0.5, RS 13
        closes[16] = 100; // gain 0, loss 0 -> both * 13/14, RS still 13
        List<FeatureVector> v = run(closes);
        assertThat(v.get(13).value("rsi_14")).isNull();
        assertThat(v.get(14).value("rsi_14")).isEqualTo(100.0); // no loss yet
        assertThat(v.get(15).value("rsi_14")).isCloseTo(100 - 100 / 14.0, within(EPS));
        assertThat(v.get(16).value("rsi_14")).isCloseTo(100 - 100 / 14.0, within(EPS));
    }

    @Test
    void rsiOfAFlatSeriesIsZeroAsInTa4j() {
        double[] closes = new double[20];
        java.util.Arrays.fill(closes, 50);
        assertThat(run(closes).get(19).value("rsi_14")).isZero();
    }

    @Test
    void atrIsTheWilderAverageOfTheTrueRangeIncludingGaps() {
        FeatureEngine engine = new FeatureEngine();
        FeatureVector v = null;
        for (int i = 0; i < 15; i++) {
            v = engine.update(bar(i, 101, 99, 100, 10)); // true range 2
            if (i < 14) {
                assertThat(v.value("atr_14")).isNull();
            }
        }
        assertThat(v.value("atr_14")).isEqualTo(2.0);
        // gap up: prev close 100, high 110, low 108 -> TR = max(2, |110 - 100|, |100 - 108|) = 10
        v = engine.update(bar(15, 110, 108, 109, 10));
        assertThat(v.value("atr_14")).isCloseTo(2 + (10 - 2) / 14.0, within(EPS));
        // gap down: prev close 109, high 100, low 95 -> TR = max(5, 9, 14) = 14
        v = engine.update(bar(16, 100, 95, 97, 10));
        double atr15 = 2 + (10 - 2) / 14.0;
        assertThat(v.value("atr_14")).isCloseTo(atr15 + (14 - atr15) / 14.0, within(EPS));
    }

    @Test
    void bollingerBandsUseThePopulationStandardDeviation() {
        double[] closes = new double[20];
        for (int i = 0; i < 20; i++) {
            closes[i] = i % 2 == 0 ? 9 : 11; // mean 10, population sd 1 (sample sd would be sqrt(20/19))
        }
        List<FeatureVector> v = run(closes);
        assertThat(v.get(18).value("bb_middle")).isNull();
        FeatureVector last = v.get(19);
        assertThat(last.value("bb_middle")).isCloseTo(10, within(EPS));
        assertThat(last.value("bb_upper")).isCloseTo(12, within(EPS));
        assertThat(last.value("bb_lower")).isCloseTo(8, within(EPS));
        assertThat(last.value("bb_width")).isCloseTo(0.4, within(EPS)); // (12 - 8) / 10, not a percentage
        assertThat(last.value("zscore_20")).isCloseTo(1, within(EPS)); // (11 - 10) / 1
    }

    @Test
    void zscoreIsUndefinedWhenTheLast20ClosesAreEqual() {
        double[] closes = new double[60];
        java.util.Arrays.fill(closes, 42);
        List<FeatureVector> v = run(closes);
        assertThat(v.get(59).value("bb_upper")).isEqualTo(42.0);
        assertThat(v.get(59).value("zscore_20")).isNull();
        assertThat(v.get(59).warm()).isFalse();
    }

    @Test
    void returnsOverOneToThreeBars() {
        List<FeatureVector> v = run(100, 110, 99, 121);
        assertThat(v.get(0).value("ret_1")).isNull();
        assertThat(v.get(1).value("ret_1")).isCloseTo(0.1, within(EPS));
        assertThat(v.get(1).value("ret_2")).isNull();
        assertThat(v.get(2).value("ret_1")).isCloseTo(-0.1, within(EPS));
        assertThat(v.get(2).value("ret_2")).isCloseTo(-0.01, within(EPS));
        assertThat(v.get(3).value("ret_1")).isCloseTo(121.0 / 99 - 1, within(EPS));
        assertThat(v.get(3).value("ret_2")).isCloseTo(0.1, within(EPS));
        assertThat(v.get(3).value("ret_3")).isCloseTo(0.21, within(EPS));
    }

    @Test
    void volumeRatioIsVolumeOverItsTwentyBarMean() {
        FeatureEngine engine = new FeatureEngine();
        FeatureVector v = null;
        for (int i = 0; i < 20; i++) {
            v = engine.update(bar(i, 101, 99, 100, i + 1)); // volumes 1..20, mean 10.5
        }
        assertThat(v.value("volume_ratio_20")).isCloseTo(20 / 10.5, within(EPS));
        v = engine.update(bar(20, 101, 99, 100, 0)); // a zero-volume candle: volumes 2..20, 0
        assertThat(v.value("volume_ratio_20")).isZero();
    }

    @Test
    void volumeRatioIsUndefinedWhenTwentyCandlesHadNoVolume() {
        FeatureEngine engine = new FeatureEngine();
        FeatureVector v = null;
        for (int i = 0; i < 70; i++) {
            v = engine.update(bar(i, 101 + i % 3, 99, 100 + i % 2, i < 50 ? 5 : 0));
        }
        assertThat(v.value("volume_ratio_20")).isNull();
        assertThat(v.warm()).isFalse();
    }

    @Test
    void warmUpFollowsTheDefinitionOfEveryFeature() {
        double[] closes = new double[60];
        for (int i = 0; i < 60; i++) {
            closes[i] = 100 + Math.sin(i) * 5;
        }
        List<FeatureVector> v = run(closes);
        for (int i = 0; i < v.size(); i++) {
            for (String name : FeatureSet.NAMES) {
                boolean defined = i >= FeatureEngine.definedFromIndex(name);
                assertThat(v.get(i).value(name) != null).as("%s defined at bar %d", name, i).isEqualTo(defined);
            }
            assertThat(v.get(i).warm()).isEqualTo(i >= FeatureEngine.WARM_UP_BARS - 1);
        }
        assertThat(v.get(0).value("close")).isEqualTo(100.0);
        assertThat(v.get(0).names()).containsExactlyElementsOf(FeatureSet.NAMES);
    }

    @Test
    void rejectsABarThatIsNotAfterThePreviousOneWithoutChangingState() {
        FeatureEngine engine = new FeatureEngine();
        FeatureEngine reference = new FeatureEngine();
        for (int i = 0; i < 30; i++) {
            engine.update(bar(i, 100 + i));
            reference.update(bar(i, 100 + i));
        }
        assertThatThrownBy(() -> engine.update(bar(29, 500))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not after the previous bar");
        assertThatThrownBy(() -> engine.update(bar(3, 500))).isInstanceOf(IllegalArgumentException.class);
        assertThat(engine.barCount()).isEqualTo(30);
        assertThat(engine.update(bar(30, 131))).isEqualTo(reference.update(bar(30, 131)));
    }
}
