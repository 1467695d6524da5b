package dev.sextant.feature.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.feature.BtcCandles;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ta4j.core.BarSeries;
import org.ta4j.core.BaseBarSeriesBuilder;
import org.ta4j.core.Indicator;
import org.ta4j.core.indicators.ATRIndicator;
import org.ta4j.core.indicators.MACDIndicator;
import org.ta4j.core.indicators.ROCIndicator;
import org.ta4j.core.indicators.RSIIndicator;
import org.ta4j.core.indicators.averages.EMAIndicator;
import org.ta4j.core.indicators.averages.SMAIndicator;
import org.ta4j.core.indicators.bollinger.BollingerBandWidthIndicator;
import org.ta4j.core.indicators.bollinger.BollingerBandsLowerIndicator;
import org.ta4j.core.indicators.bollinger.BollingerBandsMiddleIndicator;
import org.ta4j.core.indicators.bollinger.BollingerBandsUpperIndicator;
import org.ta4j.core.indicators.helpers.ClosePriceIndicator;
import org.ta4j.core.indicators.helpers.VolumeIndicator;
import org.ta4j.core.indicators.numeric.NumericIndicator;
import org.ta4j.core.indicators.statistics.StandardDeviationIndicator;
import org.ta4j.core.num.DecimalNumFactory;
import org.ta4j.core.num.Num;

/**
 * Oracle test: runs all 72,866 real BTCUSDT 1h candles (with the 2018-02-08 33-hour gap and the
 * zero-volume candles) through the engine and through ta4j 0.22.2's indicators (DecimalNum with
 * 32 significant digits) and requires every defined feature to agree.
 *
 * <p>Tolerance: price-denominated features (close, sma, ema, macd, macd_signal, macd_hist, atr,
 * bollinger bands) agree to 1e-9 relative to the bar's close, i.e.
 * {@code |ours - ta4j| <= 1e-9 * max(|ta4j|, close)}; dimensionless features (rsi, returns,
 * bb_width, volume ratio, z-score) to {@code 1e-9 * max(|ta4j|, 1)}.
 */
class Ta4jOracleTest {

    private static final double TOLERANCE = 1e-9;
    private static final Set<String> PRICE_SCALE = Set.of(FeatureSet.CLOSE, FeatureSet.SMA_10, FeatureSet.SMA_20,
            FeatureSet.SMA_50, FeatureSet.EMA_12, FeatureSet.EMA_26, FeatureSet.MACD, FeatureSet.MACD_SIGNAL,
            FeatureSet.MACD_HIST, FeatureSet.ATR_14, FeatureSet.BB_UPPER, FeatureSet.BB_MIDDLE, FeatureSet.BB_LOWER);
    /** Features that ta4j reports as NaN (not a partial-window value) before they are defined. */
    private static final Set<String> TA4J_NAN_WHILE_UNDEFINED = Set.of(FeatureSet.EMA_12, FeatureSet.EMA_26,
            FeatureSet.MACD, FeatureSet.MACD_SIGNAL, FeatureSet.MACD_HIST, FeatureSet.RSI_14, FeatureSet.ATR_14);

    private static List<BtcCandles.Row> rows;
    private static List<FeatureVector> ours;
    private static Map<String, Indicator<Num>> oracle;

    @BeforeAll
    static void computeBoth() {
        rows = BtcCandles.all();
        FeatureEngine engine = new FeatureEngine();
        ours = rows.stream().map(r -> engine.update(r.toBar())).toList();
        oracle = ta4jIndicators(series(rows));
    }

    @Test
    void usesTheWholeRealDatasetIncludingItsGapAndZeroVolumeCandles() {
        assertThat(rows).hasSize(72_866);
        Duration largestGap = Duration.ZERO;
        Instant beforeLargestGap = null;
        for (int i = 1; i < rows.size(); i++) {
            Duration step = Duration.between(rows.get(i - 1).openTime(), rows.get(i).openTime());
            if (step.compareTo(largestGap) > 0) {
                largestGap = step;
                beforeLargestGap = rows.get(i - 1).openTime();
            }
        }
        // 33 missing hours: the candle of 2018-02-08 00:00 is followed by the one of 2018-02-09 10:00
        assertThat(beforeLargestGap).isEqualTo(Instant.parse("2018-02-08T00:00:00Z"));
        assertThat(largestGap).isEqualTo(Duration.ofHours(34));
        assertThat(rows.stream().filter(r -> Double.parseDouble(r.volume()) == 0.0).count()).isEqualTo(3);
    }

    @Test
    void everyDefinedFeatureAgreesWithTa4j() {
        Map<String, Double> worst = new LinkedHashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            FeatureVector vector = ours.get(i);
            double close = Double.parseDouble(rows.get(i).close());
            for (String name : FeatureSet.NAMES) {
                Double value = vector.value(name);
                int definedFrom = FeatureEngine.definedFromIndex(name);
                Num expected = oracle.get(name).getValue(i);
                if (i < definedFrom) {
                    assertThat(value).as("%s at bar %d (%s) is undefined during warm-up", name, i, rows.get(i).openTime()).isNull();
                    if (TA4J_NAN_WHILE_UNDEFINED.contains(name)) {
                        assertThat(Num.isNaNOrNull(expected)).as("ta4j %s at bar %d is NaN too", name, i).isTrue();
                    }
                    continue;
                }
                assertThat(Num.isNaNOrNull(expected)).as("ta4j %s at bar %d is defined", name, i).isFalse();
                assertThat(value).as("%s at bar %d (%s)", name, i, rows.get(i).openTime()).isNotNull();
                double want = expected.doubleValue();
                double scale = Math.max(Math.abs(want), PRICE_SCALE.contains(name) ? close : 1.0);
                double error = Math.abs(value - want) / scale;
                worst.merge(name, error, Math::max);
                assertThat(error)
                        .as("%s at bar %d (%s): ours %s, ta4j %s", name, i, rows.get(i).openTime(), value, want)
                        .isLessThanOrEqualTo(TOLERANCE);
            }
        }
        System.out.println("[Ta4jOracleTest] largest scaled error per feature: " + worst);
        assertThat(worst).containsOnlyKeys(FeatureSet.NAMES);
    }

    @Test
    void everyVectorFromTheFiftiethBarOnIsWarm() {
        for (int i = 0; i < ours.size(); i++) {
            assertThat(ours.get(i).warm()).as("warm at bar %d", i).isEqualTo(i >= FeatureEngine.WARM_UP_BARS - 1);
        }
    }

    private static BarSeries series(List<BtcCandles.Row> rows) {
        BarSeries series = new BaseBarSeriesBuilder().withName("BTCUSDT-1h")
                .withNumFactory(DecimalNumFactory.getInstance(32)).build();
        for (BtcCandles.Row r : rows) {
            series.barBuilder().timePeriod(Duration.ofHours(1)).beginTime(r.openTime())
                    .endTime(r.openTime().plus(Duration.ofHours(1))).openPrice(r.open()).highPrice(r.high())
                    .lowPrice(r.low()).closePrice(r.close()).volume(r.volume()).add();
        }
        return series;
    }

    private static Map<String, Indicator<Num>> ta4jIndicators(BarSeries series) {
        ClosePriceIndicator close = new ClosePriceIndicator(series);
        SMAIndicator sma20 = new SMAIndicator(close, 20);
        StandardDeviationIndicator sd20 = new StandardDeviationIndicator(close, 20);
        MACDIndicator macd = new MACDIndicator(close, 12, 26);
        BollingerBandsMiddleIndicator bbm = new BollingerBandsMiddleIndicator(sma20);
        BollingerBandsUpperIndicator bbu = new BollingerBandsUpperIndicator(bbm, sd20);
        BollingerBandsLowerIndicator bbl = new BollingerBandsLowerIndicator(bbm, sd20);
        VolumeIndicator volume = new VolumeIndicator(series);
        Map<String, Indicator<Num>> m = new LinkedHashMap<>();
        m.put(FeatureSet.CLOSE, close);
        m.put(FeatureSet.SMA_10, new SMAIndicator(close, 10));
        m.put(FeatureSet.SMA_20, sma20);
        m.put(FeatureSet.SMA_50, new SMAIndicator(close, 50));
        m.put(FeatureSet.EMA_12, new EMAIndicator(close, 12));
        m.put(FeatureSet.EMA_26, new EMAIndicator(close, 26));
        m.put(FeatureSet.MACD, macd);
        m.put(FeatureSet.MACD_SIGNAL, macd.getSignalLine(9));
        m.put(FeatureSet.MACD_HIST, macd.getHistogram(9));
        m.put(FeatureSet.RSI_14, new RSIIndicator(close, 14));
        m.put(FeatureSet.ATR_14, new ATRIndicator(series, 14));
        m.put(FeatureSet.BB_UPPER, bbu);
        m.put(FeatureSet.BB_MIDDLE, bbm);
        m.put(FeatureSet.BB_LOWER, bbl);
        // ta4j's band width is a percentage; ours is the plain ratio
        m.put(FeatureSet.BB_WIDTH, NumericIndicator.of(new BollingerBandWidthIndicator(bbu, bbm, bbl)).dividedBy(100));
        // ta4j's rate of change is a percentage; ours is the plain return
        m.put(FeatureSet.RET_1, NumericIndicator.of(new ROCIndicator(close, 1)).dividedBy(100));
        m.put(FeatureSet.RET_2, NumericIndicator.of(new ROCIndicator(close, 2)).dividedBy(100));
        m.put(FeatureSet.RET_3, NumericIndicator.of(new ROCIndicator(close, 3)).dividedBy(100));
        m.put(FeatureSet.VOLUME_RATIO_20, NumericIndicator.of(volume).dividedBy(new SMAIndicator(volume, 20)));
        m.put(FeatureSet.ZSCORE_20, NumericIndicator.of(close).minus(sma20).dividedBy(sd20));
        return m;
    }
}
