package dev.sextant.prediction.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.sextant.contracts.event.FeaturesComputed;
import dev.sextant.contracts.event.HorizonForecast;
import dev.sextant.contracts.event.Interval;
import dev.sextant.contracts.event.PredictionMade;
import dev.sextant.contracts.id.Symbol;
import dev.sextant.contracts.id.Ids;
import dev.sextant.prediction.TestEvents;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PredictorTest {
    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");
    private static final Instant OPEN = Instant.parse("2026-01-01T10:00:00Z");

    /** A stand-in model: P(up) = sigmoid(ret_1 * 100), recording its inputs. */
    static final class StubModel implements Model {
        final List<double[]> inputs = new ArrayList<>();

        @Override
        public ModelMetadata metadata() {
            return CompatibilityTest.MODEL;
        }

        @Override
        public DirectionProbabilities predict(double[] features) {
            inputs.add(features);
            double up = 1 / (1 + Math.exp(-features[15] * 100));
            return new DirectionProbabilities(up, 1 - up);
        }
    }

    private final StubModel model = new StubModel();
    private final Predictor predictor = new Predictor(model, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void predictsAWarmVectorWithDerivedIdsAndEventTime() {
        FeaturesComputed features = TestEvents.features("BTCUSDT", OPEN, 67650);

        Predictor.Made made = (Predictor.Made) predictor.predict(features);

        PredictionMade p = made.prediction();
        double up = 1 / (1 + Math.exp(-0.2));
        assertThat(p.eventId()).isEqualTo(Ids.derivedFrom("prediction", features.eventId()));
        assertThat(p.causationId()).isEqualTo(features.eventId());
        assertThat(p.tsEvent()).isEqualTo(features.tsEvent());
        assertThat(p.tsInit()).isEqualTo(NOW);
        assertThat(p.symbol()).isEqualTo(Symbol.of("BTCUSDT"));
        assertThat(p.interval()).isEqualTo(Interval.H1);
        assertThat(p.candleOpenTime()).isEqualTo(OPEN);
        assertThat(p.modelId().value()).isEqualTo("direction-logreg");
        assertThat(p.modelVersion()).isEqualTo("1");
        assertThat(p.featureSetVersion()).isEqualTo("fs-v1");
        assertThat(p.probUp()).isCloseTo(up, within(1e-12));
        assertThat(p.probDown()).isCloseTo(1 - up, within(1e-12));
        assertThat(p.confidence()).isCloseTo(up, within(1e-12));
        assertThat(p.horizons()).containsExactly(new HorizonForecast(1, p.probUp(), p.probDown(), p.confidence()));
        assertThat(made.referenceClose()).isEqualTo(67650.0);
        assertThat(model.inputs.get(0)).containsExactly(TestEvents.values(67650).stream().mapToDouble(Double::doubleValue).toArray());
    }

    @Test
    void confidenceIsTheLargerProbability() {
        List<Double> values = new ArrayList<>(TestEvents.values(100));
        values.set(15, -0.01); // ret_1 < 0 -> P(up) < 0.5
        FeaturesComputed features = TestEvents.features("ETHUSDT", OPEN, "fs-v1", TestEvents.NAMES, values, true);

        PredictionMade p = ((Predictor.Made) predictor.predict(features)).prediction();

        assertThat(p.probUp()).isLessThan(0.5);
        assertThat(p.confidence()).isEqualTo(p.probDown());
    }

    @Test
    void skipsAVectorThatIsNotWarmWithoutAskingTheModel() {
        Predictor.Outcome outcome = predictor.predict(TestEvents.coldFeatures("BTCUSDT", OPEN, 100));

        assertThat(outcome).isInstanceOf(Predictor.Skipped.class);
        assertThat(((Predictor.Skipped) outcome).reason()).isEqualTo("not-warm");
        assertThat(model.inputs).isEmpty();
    }

    @Test
    void refusesAnIncompatibleVectorWithoutAskingTheModel() {
        FeaturesComputed features = TestEvents.features("BTCUSDT", OPEN, "fs-v2", TestEvents.NAMES, TestEvents.values(100), true);

        Predictor.Outcome outcome = predictor.predict(features);

        assertThat(outcome).isInstanceOf(Predictor.Refused.class);
        assertThat(((Predictor.Refused) outcome).reason()).isEqualTo(Compatibility.Reason.FEATURE_SET_VERSION);
        assertThat(model.inputs).isEmpty();
    }

    @Test
    void skipsAnotherIntervalThanTheModelWasTrainedOn() {
        FeaturesComputed h1 = TestEvents.features("BTCUSDT", OPEN, 100);
        FeaturesComputed m1 = new FeaturesComputed(h1.eventId(), h1.tsEvent(), h1.tsInit(), h1.causationId(), h1.schemaVersion(),
                h1.symbol(), Interval.M1, h1.candleOpenTime(), h1.featureSetVersion(), h1.names(), h1.values(), true);

        Predictor.Outcome outcome = predictor.predict(m1);

        assertThat(outcome).isEqualTo(new Predictor.Skipped("interval", "model direction-logreg forecasts 1h candles, not 1m"));
    }
}
