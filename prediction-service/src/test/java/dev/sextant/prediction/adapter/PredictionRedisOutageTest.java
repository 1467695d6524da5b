package dev.sextant.prediction.adapter;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sextant.contracts.event.FeaturesComputed;
import dev.sextant.contracts.event.HorizonForecast;
import dev.sextant.contracts.event.Interval;
import dev.sextant.contracts.event.PredictionMade;
import dev.sextant.contracts.id.EventId;
import dev.sextant.contracts.id.Ids;
import dev.sextant.contracts.id.ModelId;
import dev.sextant.contracts.id.Symbol;
import dev.sextant.contracts.json.EventCodec;
import dev.sextant.contracts.state.LatestStateKeys;
import dev.sextant.contracts.topic.Topics;
import dev.sextant.prediction.TestEvents;
import dev.sextant.testing.FrozenRedis;
import dev.sextant.testing.InjectFrozenRedis;
import dev.sextant.testing.InjectInfra;
import dev.sextant.testing.RedisOutageProfile;
import dev.sextant.testing.TestInfra;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Redis frozen (SIGSTOP-like) and gone, in front of the real one ({@link FrozenRedis}): predictions keep
 * flowing, the latest-prediction write returns within the bound, health says "degraded" (never DOWN),
 * and the kept write reaches Redis once it is back.
 */
@QuarkusTest
@TestProfile(PredictionRedisOutageTest.Outage.class)
class PredictionRedisOutageTest {
    /** Generous on a loaded 2-core machine; a write that waited for a frozen Redis without a bound would take forever. */
    private static final Duration BOUND = Duration.ofSeconds(3);
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Instant OPEN = Instant.parse("2026-03-02T10:00:00Z");

    public static class Outage extends RedisOutageProfile {
        public Outage() {
            super("prediction");
        }
    }

    @InjectInfra
    TestInfra infra;

    @InjectFrozenRedis
    FrozenRedis frozen;

    @Inject
    LatestPredictionStore store;

    @Inject
    RedisDataSource redis; // through the proxy: only used while it passes bytes

    @BeforeEach
    @AfterEach
    void redisWorks() {
        frozen.thaw();
        await().atMost(WAIT).until(() -> "up".equals(health().getString("checks.find { it.name == 'redis-cache' }.data.redis")));
    }

    @Test
    void whileRedisIsFrozenPredictionsFlowAndTheCacheWriteIsBoundedThenReplayed() {
        frozen.freeze();
        String symbol = "FRZUSDT";

        // the consumer: features in, prediction out, although its Redis write cannot be answered
        FeaturesComputed features = TestEvents.features(symbol, OPEN, 67650);
        infra.publish(Topics.FEATURES, features);
        PredictionMade published = awaitPredictionOf(features);

        // the store: bounded, and once Redis is known down, immediate
        PredictionMade newer = prediction(symbol, OPEN.plusSeconds(3600));
        assertBounded(() -> store.write(newer), BOUND);
        await().atMost(WAIT).until(() -> "degraded".equals(redisHealth()));
        long started = System.nanoTime();
        for (int i = 0; i < 50; i++) {
            assertThat(store.write(prediction(symbol, OPEN.minusSeconds(3600L * i)))).isFalse(); // older ones, on the 1h grid
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started))
                .as("50 writes while Redis is known to be down cost no timeout each").isLessThan(BOUND);
        store.write(newer); // the newest of the symbol, last

        JsonPath health = health();
        assertThat(health.getString("status")).as("a cache never makes the service DOWN").isEqualTo("UP");
        assertThat(health.getString("checks.find { it.name == 'redis-cache' }.data.breaker")).isEqualTo("open");
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("sextant_redis_breaker_open 1.0");
        assertThat(metrics).containsPattern("sextant_redis_failures_total\\{kind=\"(write|probe)\"} [1-9]");

        frozen.thaw();
        await().atMost(WAIT).until(() -> "up".equals(redisHealth()));
        String cached = redis.value(String.class).get(LatestStateKeys.prediction(infra.redisKeyPrefix(), Symbol.of(symbol)));
        assertThat(EventCodec.decode(cached, PredictionMade.class).eventId())
                .as("the write kept while Redis was frozen is replayed; it is newer than the consumer's %s", published.eventId())
                .isEqualTo(newer.eventId());
        assertThat(store.write(prediction(symbol, OPEN.plusSeconds(7200)))).as("Redis is used again").isTrue();
    }

    @Test
    void whileRedisIsGoneTheWriteReturnsAtOnceAndRedisIsUsedAgainWhenBack() {
        frozen.kill();
        String symbol = "GONEUSDT";
        PredictionMade p = prediction(symbol, OPEN);

        assertBounded(() -> assertThat(store.write(p)).isFalse(), BOUND);
        await().atMost(WAIT).until(() -> "degraded".equals(redisHealth()));
        FeaturesComputed features = TestEvents.features(symbol, OPEN.plusSeconds(3600), 67650);
        infra.publish(Topics.FEATURES, features);
        awaitPredictionOf(features);

        frozen.thaw();
        await().atMost(WAIT).until(() -> "up".equals(redisHealth()));
        String cached = redis.value(String.class).get(LatestStateKeys.prediction(infra.redisKeyPrefix(), Symbol.of(symbol)));
        assertThat(EventCodec.decode(cached, PredictionMade.class).candleOpenTime())
                .as("the newest of the kept write and the consumer's").isEqualTo(OPEN.plusSeconds(3600));
    }

    private static void assertBounded(Runnable call, Duration bound) {
        long started = System.nanoTime();
        call.run();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(bound);
    }

    private static JsonPath health() {
        return given().get("/q/health/ready").then().statusCode(200).extract().jsonPath();
    }

    private static String redisHealth() {
        return health().getString("checks.find { it.name == 'redis-cache' }.data.redis");
    }

    private PredictionMade awaitPredictionOf(FeaturesComputed features) {
        try (KafkaConsumer<String, String> consumer = infra.consumer(Topics.PREDICTIONS)) {
            List<PredictionMade> seen = new java.util.ArrayList<>();
            await().atMost(WAIT).until(() -> {
                consumer.poll(Duration.ofMillis(300)).forEach(r -> seen.add(EventCodec.decode(r.value(), PredictionMade.class)));
                return seen.stream().anyMatch(p -> p.causationId().equals(features.eventId()));
            });
            return seen.stream().filter(p -> p.causationId().equals(features.eventId())).findFirst().orElseThrow();
        }
    }

    private static PredictionMade prediction(String symbol, Instant candleOpen) {
        EventId cause = Ids.derive("test-features", symbol, candleOpen);
        return new PredictionMade(Ids.derivedFrom("prediction", cause), candleOpen.plusSeconds(3600), candleOpen.plusSeconds(3600),
                cause, PredictionMade.SCHEMA_VERSION, Symbol.of(symbol), Interval.H1, candleOpen, ModelId.of("direction-logreg"),
                "1", "fs-v1", 0.62, 0.38, 0.62, List.of(new HorizonForecast(1, 0.62, 0.38, 0.62)));
    }
}
