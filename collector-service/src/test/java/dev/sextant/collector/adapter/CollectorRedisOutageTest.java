package dev.sextant.collector.adapter;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.id.Symbol;
import dev.sextant.contracts.json.EventCodec;
import dev.sextant.contracts.state.LatestStateKeys;
import dev.sextant.contracts.topic.Topics;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The replay with Redis frozen (SIGSTOP-like), then gone ({@link FrozenRedis}): every candle is still
 * published and stored, the replay never fails or retries for Redis, a frozen Redis costs one timeout
 * rather than one per batch, health says "degraded" (never DOWN), and the latest candle per symbol
 * reaches Redis once it is back. Small batches (4 candles) so that the replay writes Redis 24 times.
 */
@QuarkusTest
@TestProfile(CollectorRedisOutageTest.Outage.class)
class CollectorRedisOutageTest {
    private static final int CANDLES = 2 * 48;
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** Generous on a loaded 2-core machine; an unbounded write to a frozen Redis never returns. */
    private static final Duration BOUND = Duration.ofSeconds(3);
    private static final Instant LAST_OPEN = Instant.parse("2024-01-02T23:00:00Z");

    public static class Outage extends RedisOutageProfile {
        public Outage() {
            super("collector");
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(super.getConfigOverrides());
            config.put("sextant.collector.replay.max-in-flight", "4");
            return config;
        }
    }

    @InjectInfra
    TestInfra infra;

    @InjectFrozenRedis
    FrozenRedis frozen;

    @Inject
    ReplayService replay;

    @Inject
    LatestCandleStore latest;

    @Inject
    RedisDataSource redis; // through the proxy: only used while it passes bytes

    @Test
    void theReplayPublishesEveryCandleWhileRedisIsFrozenAndRedisCatchesUpWhenItThaws() {
        frozen.freeze();

        long started = System.nanoTime();
        assertThat(replay.start()).isTrue();
        await().atMost(WAIT).until(() -> replay.state() == ReplayService.State.FINISHED);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(InfraProbe.recordCount(infra, Topics.CANDLES)).isEqualTo(CANDLES);
        JsonPath status = given().get("/collector/status").then().statusCode(200).extract().jsonPath();
        assertThat(status.getInt("published")).isEqualTo(CANDLES);
        assertThat(status.getString("lastError")).as("Redis never fails the replay").isNull();
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metric(metrics, "sextant_redis_failures_total{kind=\"write\"}"))
                .as("a frozen Redis costs at most a timeout or two, not one per batch").isLessThanOrEqualTo(2);
        assertThat(metric(metrics, "sextant_redis_skipped_total")).isPositive();
        assertThat(metrics).contains("sextant_redis_breaker_open 1.0");
        assertThat(took).as("24 batches, not 24 timeouts").isLessThan(Duration.ofSeconds(20));
        JsonPath health = given().get("/q/health/ready").then().statusCode(200).extract().jsonPath();
        assertThat(health.getString("status")).isEqualTo("UP");
        assertThat(health.getString("checks.find { it.name == 'redis-cache' }.data.redis")).isEqualTo("degraded");

        frozen.thaw();
        await().atMost(WAIT).until(() -> "up".equals(redisHealth()));
        for (Symbol symbol : List.of(Symbol.of("BTCUSDT"), Symbol.of("ETHUSDT"))) {
            String json = redis.value(String.class, String.class).get(LatestStateKeys.candle(infra.redisKeyPrefix(), symbol));
            assertThat(json).as("latest candle of %s, kept while Redis was frozen", symbol).isNotNull();
            assertThat(EventCodec.decode(json, CandleClosed.class).openTime()).isEqualTo(LAST_OPEN);
        }

        // gone: refused at once, the store's write still returns within the bound and never throws
        CandleClosed newest = EventCodec.decode(
                redis.value(String.class, String.class).get(LatestStateKeys.candle(infra.redisKeyPrefix(), Symbol.of("BTCUSDT"))),
                CandleClosed.class);
        frozen.kill();
        long writeStarted = System.nanoTime();
        latest.write(newest);
        assertThat(Duration.ofNanos(System.nanoTime() - writeStarted)).isLessThan(BOUND);
        await().atMost(WAIT).until(() -> "degraded".equals(redisHealth()));
        frozen.thaw();
        await().atMost(WAIT).until(() -> "up".equals(redisHealth()));
        assertThat(latest.write(newest)).as("Redis is used again").isTrue();
    }

    private static String redisHealth() {
        return given().get("/q/health/ready").then().statusCode(200).extract().jsonPath()
                .getString("checks.find { it.name == 'redis-cache' }.data.redis");
    }

    private static double metric(String metrics, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(metrics);
        assertThat(m.find()).as("metric %s", series).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
