package dev.sextant.risk.adapter;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sextant.contracts.event.ControlEvent;
import dev.sextant.contracts.event.TradingState;
import dev.sextant.contracts.event.TradingStateChanged;
import dev.sextant.contracts.id.EventId;
import dev.sextant.contracts.id.Ids;
import dev.sextant.contracts.json.EventCodec;
import dev.sextant.contracts.state.LatestStateKeys;
import dev.sextant.contracts.topic.Topics;
import dev.sextant.risk.domain.TestEvents;
import dev.sextant.testing.FrozenRedis;
import dev.sextant.testing.InjectFrozenRedis;
import dev.sextant.testing.InjectInfra;
import dev.sextant.testing.RedisOutageProfile;
import dev.sextant.testing.TestInfra;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * risk-service with Redis frozen (SIGSTOP-like) and gone ({@link FrozenRedis}): commands are obeyed and
 * announced on the control topic, the Redis write of the publisher returns within the bound, health says
 * "degraded" (never DOWN), and the newest trading state reaches Redis once it is back.
 */
@QuarkusTest
@TestProfile(RiskRedisOutageTest.Outage.class)
class RiskRedisOutageTest {
    /** Generous on a loaded 2-core machine; an unbounded write to a frozen Redis never returns. */
    private static final Duration BOUND = Duration.ofSeconds(3);
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Instant T0 = Instant.parse("2024-03-01T14:00:00Z");

    public static class Outage extends RedisOutageProfile {
        public Outage() {
            super("risk");
        }
    }

    @InjectInfra
    TestInfra infra;

    @InjectFrozenRedis
    FrozenRedis frozen;

    @Inject
    RiskPublisher publisher;

    @Inject
    RedisDataSource redis; // through the proxy: only used while it passes bytes

    @BeforeEach
    @AfterEach
    void redisWorks() {
        frozen.thaw();
        await().atMost(WAIT).until(() -> "up".equals(redisHealth()));
    }

    @Test
    void frozenThenGoneRedisNeitherStopsNorSlowsTheControlFlowAndTheNewestStateArrivesWhenBack() {
        frozen.freeze();
        // The publisher's own write: Kafka acknowledged, Redis bounded. (risk-service ignores TradingStateChanged on control.)
        EventId id = Ids.derive("test-state", "frozen");
        TradingStateChanged marker = new TradingStateChanged(id, T0, T0, null, TradingStateChanged.SCHEMA_VERSION, null,
                TradingState.RUNNING, TradingState.RUNNING, "test marker");
        long started = System.nanoTime();
        publisher.publish(marker);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(BOUND);
        await().atMost(WAIT).until(() -> "degraded".equals(redisHealth()));

        infra.publish(Topics.CONTROL, TestEvents.pause(T0.plusSeconds(60)));
        awaitState(TradingState.PAUSED);
        assertThat(given().get("/q/metrics").then().statusCode(200).extract().asString())
                .contains("sextant_redis_breaker_open 1.0")
                .containsPattern("sextant_risk_redis_write_failures_total [1-9]");

        frozen.kill();
        infra.publish(Topics.CONTROL, TestEvents.resume(T0.plusSeconds(120)));
        TradingStateChanged resumed = awaitState(TradingState.RUNNING);
        assertThat(given().get("/q/health/ready").then().statusCode(200).extract().jsonPath().getString("status"))
                .as("a cache never makes the service DOWN").isEqualTo("UP");

        frozen.thaw();
        await().atMost(WAIT).until(() -> "up".equals(redisHealth()));
        String cached = redis.value(String.class).get(LatestStateKeys.tradingState(infra.redisKeyPrefix()));
        assertThat(((TradingStateChanged) EventCodec.decode(cached, ControlEvent.class)).eventId())
                .as("the newest state, kept while Redis was away, is replayed").isEqualTo(resumed.eventId());
    }

    private TradingStateChanged awaitState(TradingState state) {
        return await().atMost(WAIT).until(() -> TestInfra.decode(infra.read(Topics.CONTROL, Integer.MAX_VALUE, Duration.ofSeconds(2)),
                        ControlEvent.class).stream()
                .filter(TradingStateChanged.class::isInstance).map(TradingStateChanged.class::cast)
                .filter(c -> c.state() == state && c.causationId() != null).reduce((a, b) -> b).orElse(null), c -> c != null);
    }

    private static String redisHealth() {
        return given().get("/q/health/ready").then().statusCode(200).extract().jsonPath()
                .getString("checks.find { it.name == 'redis-cache' }.data.redis");
    }
}
