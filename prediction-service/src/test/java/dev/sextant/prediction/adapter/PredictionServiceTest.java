package dev.sextant.prediction.adapter;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.sextant.contracts.event.FeaturesComputed;
import dev.sextant.contracts.event.PredictionMade;
import dev.sextant.contracts.id.Ids;
import dev.sextant.contracts.id.Symbol;
import dev.sextant.contracts.json.EventCodec;
import dev.sextant.contracts.state.LatestStateKeys;
import dev.sextant.contracts.topic.Topics;
import dev.sextant.prediction.TestEvents;
import dev.sextant.testing.InjectInfra;
import dev.sextant.testing.RealInfraResource;
import dev.sextant.testing.TestInfra;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The whole service against the real Kafka, PostgreSQL and Redis, with the bundled model. */
@QuarkusTest
@QuarkusTestResource(value = RealInfraResource.class, initArgs = @ResourceArg(name = "schema", value = "prediction"))
class PredictionServiceTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Instant OPEN = Instant.parse("2026-03-01T10:00:00Z");

    @InjectInfra
    TestInfra infra;

    @Inject
    RedisDataSource redis;

    @ConfigProperty(name = "sextant.redis.key-prefix")
    String redisPrefix;

    private KafkaConsumer<String, String> predictions;
    private final List<ConsumerRecord<String, String>> seen = new ArrayList<>();

    @BeforeEach
    void subscribe() {
        predictions = infra.consumer(Topics.PREDICTIONS);
    }

    @AfterEach
    void close() {
        predictions.close();
    }

    @Test
    void aWarmVectorIsPredictedPublishedStoredAndCachedOnce() throws Exception {
        FeaturesComputed features = TestEvents.features("BTCUSDT", OPEN, 67650);

        infra.publish(Topics.FEATURES, features);
        PredictionMade p = awaitPredictionOf(features);

        assertThat(p.eventId()).isEqualTo(Ids.derivedFrom("prediction", features.eventId()));
        assertThat(p.tsEvent()).isEqualTo(features.tsEvent());
        assertThat(p.candleOpenTime()).isEqualTo(OPEN);
        assertThat(p.modelId().value()).isEqualTo("direction-logreg");
        assertThat(p.featureSetVersion()).isEqualTo("fs-v1");
        assertThat(p.probUp() + p.probDown()).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-6));
        assertThat(p.confidence()).isEqualTo(Math.max(p.probUp(), p.probDown()));
        assertThat(p.horizons()).hasSize(1);
        assertThat(p.horizons().get(0).candles()).isEqualTo(1);

        await().atMost(WAIT).untilAsserted(() -> assertThat(storedCount(p.eventId().value())).isEqualTo(1));
        await().atMost(WAIT).untilAsserted(() -> assertThat(
                redis.value(String.class).get(LatestStateKeys.prediction(redisPrefix, Symbol.of("BTCUSDT"))))
                .isNotNull()
                .satisfies(json -> assertThat(EventCodec.decode(json, PredictionMade.class).eventId()).isEqualTo(p.eventId())));

        // the same vector again (a redelivery) stores nothing new
        infra.publish(Topics.FEATURES, features);
        FeaturesComputed later = TestEvents.features("BTCUSDT", OPEN.plusSeconds(3600), 67700);
        infra.publish(Topics.FEATURES, later);
        PredictionMade latest = awaitPredictionOf(later);
        assertThat(storedCount(p.eventId().value())).isEqualTo(1);

        // a prediction for an older candle (late arrival) is stored but does not replace the latest in Redis
        FeaturesComputed older = TestEvents.features("BTCUSDT", OPEN.minusSeconds(3600), 67600);
        infra.publish(Topics.FEATURES, older);
        PredictionMade old = awaitPredictionOf(older);
        await().atMost(WAIT).untilAsserted(() -> assertThat(storedCount(old.eventId().value())).isEqualTo(1));
        String cached = redis.value(String.class).get(LatestStateKeys.prediction(redisPrefix, Symbol.of("BTCUSDT")));
        assertThat(EventCodec.decode(cached, PredictionMade.class).eventId()).isEqualTo(latest.eventId());
    }

    @Test
    void aVectorOfAnotherFeatureSetIsRefusedCountedAndDeadLettered() {
        FeaturesComputed wrong = TestEvents.features("SOLUSDT", OPEN, "fs-v0", TestEvents.NAMES, TestEvents.values(150), true);
        FeaturesComputed cold = TestEvents.coldFeatures("SOLUSDT", OPEN.plusSeconds(3600), 151);
        FeaturesComputed right = TestEvents.features("SOLUSDT", OPEN.plusSeconds(7200), 152);

        infra.publish(Topics.FEATURES, wrong);
        infra.publish(Topics.FEATURES, cold);
        infra.publish(Topics.FEATURES, right);

        // same symbol = same partition, processed in order: once `right` is out, `wrong` and `cold` were handled
        awaitPredictionOf(right);
        assertThat(predictionsCausedBy(wrong)).isEmpty();
        assertThat(predictionsCausedBy(cold)).isEmpty();
        assertThat(storedCount(Ids.derivedFrom("prediction", wrong.eventId()).value())).isZero();

        List<ConsumerRecord<String, String>> dlq = infra.read(Topics.dlq(Topics.FEATURES), 1, WAIT);
        assertThat(dlq).hasSize(1);
        assertThat(EventCodec.decode(dlq.get(0).value(), FeaturesComputed.class).eventId()).isEqualTo(wrong.eventId());
        assertThat(TestInfra.header(dlq.get(0), Topics.DLQ_REASON_HEADER)).contains("fs-v0").contains("fs-v1");

        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("sextant_prediction_features_refused_total{reason=\"feature-set-version\"} 1.0"))
                .body(containsString("sextant_prediction_features_skipped_total{reason=\"not-warm\"} 1.0"))
                .body(containsString("sextant_prediction_model_latency_seconds_bucket"));
    }

    @Test
    void theNextCandleResolvesTheOutcomeInEitherArrivalOrder() throws Exception {
        given().get("/predictions/accuracy?symbol=ETHUSDT").then().statusCode(200)
                .body("count", equalTo(0)).body("resolved", equalTo(0));

        // prediction first, then the candle after it closes higher
        FeaturesComputed first = TestEvents.features("ETHUSDT", OPEN, 3120.5);
        infra.publish(Topics.FEATURES, first);
        PredictionMade p1 = awaitPredictionOf(first);
        given().get("/predictions/accuracy?symbol=ETHUSDT").then().body("count", equalTo(1)).body("resolved", equalTo(0));
        infra.publish(Topics.CANDLES, TestEvents.candle("ETHUSDT", OPEN.plusSeconds(3600), "3130.00"));

        await().atMost(WAIT).untilAsserted(() -> given().get("/predictions/accuracy?symbol=ETHUSDT").then()
                .statusCode(200).body("count", equalTo(1)).body("resolved", equalTo(1)));
        assertThat(outcome(p1)).contains(new boolean[] {true, p1.probUp() > 0.5});

        // candle first (closing lower), then the prediction it resolves
        Instant second = OPEN.plusSeconds(3 * 3600);
        infra.publish(Topics.CANDLES, TestEvents.candle("ETHUSDT", second.plusSeconds(3600), "3000.00"));
        FeaturesComputed late = TestEvents.features("ETHUSDT", second, 3125.0);
        infra.publish(Topics.FEATURES, late);
        PredictionMade p2 = awaitPredictionOf(late);

        await().atMost(WAIT).untilAsserted(() -> given().get("/predictions/accuracy?symbol=ETHUSDT").then()
                .body("count", equalTo(2)).body("resolved", equalTo(2)));
        assertThat(outcome(p2)).contains(new boolean[] {false, p2.probUp() <= 0.5});
        int correct = (p1.probUp() > 0.5 ? 1 : 0) + (p2.probUp() <= 0.5 ? 1 : 0);
        given().get("/predictions/accuracy?symbol=ETHUSDT").then().body("correct", equalTo(correct));
        given().get("/q/metrics").then()
                .body(containsString("sextant_prediction_accuracy{symbol=\"ETHUSDT\"} " + (correct / 2.0)));
    }

    @Test
    void readinessReportsTheLoadedModel() {
        given().get("/q/health/ready").then().statusCode(200)
                .body(containsString("\"model\""))
                .body(containsString("direction-logreg"))
                .body(containsString("fs-v1"));
    }

    @Test
    void accuracyRefusesAnInvalidSymbol() {
        given().get("/predictions/accuracy?symbol=btc-usdt").then().statusCode(400).body("error", containsString("symbol"));
    }

    private PredictionMade awaitPredictionOf(FeaturesComputed features) {
        List<PredictionMade> found = new ArrayList<>();
        await().atMost(WAIT).until(() -> {
            found.clear();
            found.addAll(predictionsCausedBy(features));
            return !found.isEmpty();
        });
        return found.get(0);
    }

    private List<PredictionMade> predictionsCausedBy(FeaturesComputed features) {
        predictions.poll(Duration.ofMillis(300)).forEach(seen::add);
        return seen.stream()
                .map(r -> EventCodec.decode(r.value(), PredictionMade.class))
                .filter(p -> p.causationId().equals(features.eventId()))
                .toList();
    }

    private long storedCount(String eventId) {
        try (Connection c = TestInfra.jdbc();
             PreparedStatement st = c.prepareStatement("SELECT count(*) FROM " + infra.schema("prediction")
                     + ".predictions WHERE event_id = ?")) {
            st.setString(1, eventId);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** [actual_up, correct] of a stored prediction, when resolved. */
    private Optional<boolean[]> outcome(PredictionMade p) throws Exception {
        try (Connection c = TestInfra.jdbc();
             PreparedStatement st = c.prepareStatement("SELECT actual_up, correct FROM " + infra.schema("prediction")
                     + ".predictions WHERE event_id = ? AND actual_up IS NOT NULL")) {
            st.setString(1, p.eventId().value());
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(new boolean[] {rs.getBoolean(1), rs.getBoolean(2)}) : Optional.empty();
            }
        }
    }
}
