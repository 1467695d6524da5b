package dev.sextant.risk.domain;

import static dev.sextant.risk.domain.TestEvents.BTC;
import static dev.sextant.risk.domain.TestEvents.ETH;
import static dev.sextant.risk.domain.TestEvents.candle;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.contracts.event.PredictionMade;
import org.junit.jupiter.api.Test;

class FeatureJoinTest {
    private final FeatureJoin join = new FeatureJoin(10, 2);

    @Test
    void featuresFirstMatchAtOnce() {
        MarketMark mark = TestEvents.mark(BTC, candle(0), "67650", "890");
        assertThat(join.onFeatures(mark).matched()).isEmpty();

        FeatureJoin.Joined joined = join.onPrediction(TestEvents.prediction(BTC, candle(0), 0.6, 0.6));

        assertThat(joined.matched()).singleElement().satisfies(m -> assertThat(m.mark()).isEqualTo(mark));
        assertThat(join.waiting()).isEmpty();
    }

    @Test
    void aPredictionWaitsForItsFeatures() {
        PredictionMade prediction = TestEvents.prediction(BTC, candle(0), 0.6, 0.6);
        assertThat(join.onPrediction(prediction).matched()).isEmpty();
        assertThat(join.waiting()).containsExactly(prediction);
        assertThat(join.onFeatures(TestEvents.mark(ETH, candle(0), "3500", "50")).matched()).isEmpty();

        FeatureJoin.Joined joined = join.onFeatures(TestEvents.mark(BTC, candle(0), "67650", "890"));

        assertThat(joined.matched()).extracting(FeatureJoin.Match::prediction).containsExactly(prediction);
        assertThat(join.waiting()).isEmpty();
    }

    @Test
    void aPredictionGivesUpWhenALaterCandlesFeaturesArriveOrTheBufferOverflows() {
        PredictionMade old = TestEvents.prediction(BTC, candle(0), 0.6, 0.6);
        join.onPrediction(old);
        FeatureJoin.Joined later = join.onFeatures(TestEvents.mark(BTC, candle(1), "67650", "890"));
        assertThat(later.unmatched()).containsExactly(old);

        PredictionMade a = TestEvents.prediction(ETH, candle(5), 0.6, 0.6);
        PredictionMade b = TestEvents.prediction(ETH, candle(6), 0.6, 0.6);
        PredictionMade c = TestEvents.prediction(ETH, candle(7), 0.6, 0.6);
        join.onPrediction(a);
        join.onPrediction(b);
        assertThat(join.onPrediction(c).unmatched()).containsExactly(a);
        assertThat(join.waiting()).containsExactly(b, c);
    }

    @Test
    void marksAreBounded() {
        for (int i = 0; i < 11; i++) {
            join.onFeatures(TestEvents.mark(BTC, candle(i), "67650", "890"));
        }
        PredictionMade late = TestEvents.prediction(BTC, candle(0), 0.6, 0.6);
        FeatureJoin.Joined forgotten = join.onPrediction(late);
        assertThat(forgotten.matched()).as("forgotten").isEmpty();
        assertThat(forgotten.unmatched()).as("its series' features moved past it: it does not wait").containsExactly(late);
        assertThat(join.waiting()).isEmpty();
        assertThat(join.onPrediction(TestEvents.prediction(ETH, candle(0), 0.6, 0.6)).unmatched())
                .as("another series' features say nothing about it").isEmpty();
        assertThat(join.onPrediction(TestEvents.prediction(BTC, candle(10), 0.6, 0.6)).matched()).hasSize(1);
    }
}
