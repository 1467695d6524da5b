package dev.sextant.execution.adapter;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sextant.contracts.event.PositionChanged;
import dev.sextant.contracts.event.PositionSide;
import dev.sextant.contracts.id.EventId;
import dev.sextant.contracts.id.Ids;
import dev.sextant.contracts.id.Symbol;
import dev.sextant.contracts.json.EventCodec;
import dev.sextant.contracts.json.Json;
import dev.sextant.contracts.state.LatestStateKeys;
import dev.sextant.execution.domain.AccountSummary;
import dev.sextant.testing.FrozenRedis;
import dev.sextant.testing.InjectFrozenRedis;
import dev.sextant.testing.InjectInfra;
import dev.sextant.testing.RedisOutageProfile;
import dev.sextant.testing.TestInfra;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * execution-service's latest-state writes with Redis frozen (SIGSTOP-like) and gone ({@link FrozenRedis}):
 * each returns within the bound, health says "degraded" (never DOWN), and the newest position and
 * account reach Redis once it is back.
 */
@QuarkusTest
@TestProfile(ExecutionRedisOutageTest.Outage.class)
class ExecutionRedisOutageTest {
    /** Generous on a loaded 2-core machine; an unbounded write to a frozen Redis never returns. */
    private static final Duration BOUND = Duration.ofSeconds(3);
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Instant T0 = Instant.parse("2024-01-15T10:00:00Z");

    public static class Outage extends RedisOutageProfile {
        public Outage() {
            super("execution");
        }
    }

    @InjectInfra
    TestInfra infra;

    @InjectFrozenRedis
    FrozenRedis frozen;

    @Inject
    LatestStateWriter latest;

    @Inject
    RedisDataSource redis; // through the proxy: only used while it passes bytes

    @BeforeEach
    @AfterEach
    void redisWorks() {
        frozen.thaw();
        await().atMost(WAIT).until(() -> "up".equals(redisHealth()));
    }

    @Test
    void frozenRedisCostsOneBoundedWriteThenNoneAndTheNewestStateArrivesWhenItThaws() {
        frozen.freeze();
        String symbol = "FRZUSDT";

        assertBounded(() -> latest.position(position(symbol, "0.1000")));
        await().atMost(WAIT).until(() -> "degraded".equals(redisHealth()));
        long started = System.nanoTime();
        for (int i = 1; i <= 50; i++) {
            assertThat(latest.position(position(symbol, "0.1" + String.format("%03d", i)))).isFalse();
            assertThat(latest.account(account("10000." + i))).isFalse();
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started))
                .as("100 writes while Redis is known to be down cost no timeout each").isLessThan(BOUND);
        assertThat(given().get("/q/metrics").then().statusCode(200).extract().asString())
                .contains("sextant_redis_breaker_open 1.0")
                .containsPattern("sextant_execution_redis_failures_total [1-9]");

        frozen.thaw();
        await().atMost(WAIT).until(() -> "up".equals(redisHealth()));
        PositionChanged cached = EventCodec.decode(
                redis.value(String.class).get(LatestStateKeys.position(infra.redisKeyPrefix(), Symbol.of(symbol))), PositionChanged.class);
        assertThat(cached.quantity()).as("the newest kept position is replayed").isEqualByComparingTo("0.1050");
        assertThat(new BigDecimal(accountInRedis().get("cash").toString())).isEqualByComparingTo("10000.50");
        assertThat(latest.position(position(symbol, "0.2000"))).as("Redis is used again").isTrue();
    }

    @Test
    void goneRedisIsSkippedAtOnceAndUsedAgainWhenBack() {
        frozen.kill();
        assertBounded(() -> assertThat(latest.account(account("9000.00"))).isFalse());
        assertThat(given().get("/q/health/ready").then().statusCode(200).extract().jsonPath().getString("status")).isEqualTo("UP");

        frozen.thaw();
        await().atMost(WAIT).until(() -> "up".equals(redisHealth()));
        assertThat(new BigDecimal(accountInRedis().get("cash").toString())).isEqualByComparingTo("9000.00");
    }

    private Map<String, Object> accountInRedis() {
        try {
            return Json.mapper().readValue(redis.value(String.class).get(LatestStateKeys.account(infra.redisKeyPrefix())),
                    new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() {});
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertBounded(Runnable call) {
        long started = System.nanoTime();
        call.run();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(BOUND);
    }

    private static String redisHealth() {
        return given().get("/q/health/ready").then().statusCode(200).extract().jsonPath()
                .getString("checks.find { it.name == 'redis-cache' }.data.redis");
    }

    private static PositionChanged position(String symbol, String quantity) {
        EventId id = Ids.derive("test-position", symbol, quantity);
        return new PositionChanged(id, T0, T0, id, PositionChanged.SCHEMA_VERSION, Symbol.of(symbol), "sx-" + "a".repeat(32),
                PositionSide.LONG, new BigDecimal(quantity), new BigDecimal("67650"), new BigDecimal("65870"),
                new BigDecimal("71210"), BigDecimal.ZERO, new BigDecimal("7.60"), T0, null);
    }

    private static AccountSummary account(String cash) {
        return new AccountSummary(new BigDecimal("10000.00"), new BigDecimal(cash), new BigDecimal(cash), BigDecimal.ZERO,
                BigDecimal.ZERO, LocalDate.of(2024, 1, 15), 1, 0, 0, BigDecimal.ZERO);
    }
}
