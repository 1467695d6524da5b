package dev.sextant.feature.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.event.FeaturesComputed;
import dev.sextant.contracts.event.Interval;
import dev.sextant.contracts.id.Ids;
import dev.sextant.contracts.id.Symbol;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DomainTypesTest {

    private static final Instant T = Instant.parse("2024-01-01T00:00:00Z");

    @Test
    void featureSetIsTheAgreedOneInTheAgreedOrder() {
        assertThat(FeatureSet.VERSION).isEqualTo("fs-v1");
        assertThat(FeatureSet.NAMES).containsExactly("close", "sma_10", "sma_20", "sma_50", "ema_12", "ema_26", "macd",
                "macd_signal", "macd_hist", "rsi_14", "atr_14", "bb_upper", "bb_middle", "bb_lower", "bb_width", "ret_1",
                "ret_2", "ret_3", "volume_ratio_20", "zscore_20");
        assertThat(FeatureSet.indexOf("atr_14")).isEqualTo(10);
        assertThatThrownBy(() -> FeatureSet.indexOf("nope")).hasMessageContaining("no feature named 'nope'");
    }

    @Test
    void barRejectsUnusableValuesWithAClearMessage() {
        assertThatThrownBy(() -> new Bar(T, 1, 1, 2, 1, 1)).hasMessageContaining("high 1.0 is below low 2.0");
        assertThatThrownBy(() -> new Bar(T, 1, 1, 1, 0, 1)).hasMessageContaining("close must be finite and > 0");
        assertThatThrownBy(() -> new Bar(T, 1, Double.NaN, 1, 1, 1)).hasMessageContaining("high");
        assertThatThrownBy(() -> new Bar(T, 1, 1, 1, 1, -1)).hasMessageContaining("volume");
        assertThatThrownBy(() -> new Bar(null, 1, 1, 1, 1, 1)).hasMessageContaining("openTime");
        assertThat(new Bar(T, 1, 1, 1, 1, 0).volume()).isZero();
    }

    @Test
    void vectorKeepsNullsAndRefusesToBeWarmWithThem() {
        List<String> names = List.of("a", "b");
        FeatureVector cold = new FeatureVector(names, Arrays.asList(1.0, null), false);
        assertThat(cold.value("b")).isNull();
        assertThat(cold.toArray()[1]).isNaN();
        assertThatThrownBy(() -> new FeatureVector(names, Arrays.asList(1.0, null), true))
                .hasMessageContaining("warm");
        assertThatThrownBy(() -> new FeatureVector(names, List.of(1.0), false)).hasMessageContaining("differ in length");
    }

    @Test
    void streamsDropBarsAtOrBeforeTheLastOneOfTheirSeriesOnly() {
        FeatureStreams streams = new FeatureStreams();
        SeriesKey btc = new SeriesKey(Symbol.of("BTCUSDT"), Interval.H1);
        SeriesKey eth = new SeriesKey(Symbol.of("ETHUSDT"), Interval.H1);
        Bar first = new Bar(T, 1, 1, 1, 1, 1);
        Bar second = new Bar(T.plusSeconds(3600), 2, 2, 2, 2, 1);
        assertThat(streams.accept(btc, first)).isPresent();
        assertThat(streams.accept(btc, second)).isPresent();
        assertThat(streams.accept(btc, second)).isEmpty();
        assertThat(streams.accept(btc, first)).isEmpty();
        assertThat(streams.isStale(btc, second.openTime())).isTrue();
        assertThat(streams.accept(eth, first)).isPresent();
        assertThat(streams.barCount(btc)).isEqualTo(2);
        assertThat(streams.lastOpenTime(eth)).isEqualTo(T);
        assertThat(streams.seriesCount()).isEqualTo(2);
    }

    @Test
    void featuresComputedIsDerivedFromItsCandle() {
        Symbol btc = Symbol.of("BTCUSDT");
        CandleClosed candle = new CandleClosed(Ids.candleId("binance", btc, Interval.H1, T), T.plusSeconds(3600),
                T.plusSeconds(3601), null, CandleClosed.SCHEMA_VERSION, "binance", btc, Interval.H1, T,
                T.plusSeconds(3599), new BigDecimal("100.5"), new BigDecimal("101"), new BigDecimal("99"),
                new BigDecimal("100"), new BigDecimal("0"), BigDecimal.ZERO, 0);
        Bar bar = FeaturesEvents.bar(candle);
        assertThat(bar).isEqualTo(new Bar(T, 100.5, 101, 99, 100, 0));
        FeatureVector vector = new FeatureEngine().update(bar);
        Instant tsInit = Instant.parse("2024-05-05T00:00:00Z");
        FeaturesComputed event = FeaturesEvents.featuresComputed(candle, vector, tsInit);
        assertThat(event.eventId()).isEqualTo(Ids.derivedFrom("features", candle.eventId()));
        assertThat(event.causationId()).isEqualTo(candle.eventId());
        assertThat(event.tsEvent()).isEqualTo(candle.closeTime());
        assertThat(event.tsInit()).isEqualTo(tsInit);
        assertThat(event.candleOpenTime()).isEqualTo(T);
        assertThat(event.featureSetVersion()).isEqualTo("fs-v1");
        assertThat(event.values()).isEqualTo(vector.values());
        assertThat(event.warm()).isFalse();
        assertThat(FeaturesEvents.key(candle)).isEqualTo(new SeriesKey(btc, Interval.H1));
    }
}
