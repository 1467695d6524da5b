package dev.sextant.gateway.adapter;

import static dev.sextant.gateway.TestEvents.T0;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import dev.sextant.contracts.event.Interval;
import dev.sextant.contracts.event.RiskDecisionMade;
import dev.sextant.contracts.event.TradingState;
import dev.sextant.contracts.id.Symbol;
import dev.sextant.contracts.json.EventCodec;
import dev.sextant.contracts.state.LatestStateKeys;
import dev.sextant.contracts.topic.Topics;
import dev.sextant.gateway.TestEvents;
import dev.sextant.testing.FrozenRedis;
import dev.sextant.testing.InjectFrozenRedis;
import dev.sextant.testing.InjectInfra;
import dev.sextant.testing.RedisOutageProfile;
import dev.sextant.testing.TestInfra;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The gateway with Redis frozen (SIGSTOP-like: connections accepted, nothing answered) and gone
 * (connections refused), in front of the real Redis ({@link FrozenRedis}). Redis holds values that
 * differ from the gateway's projections, so each answer shows where it came from: while Redis is
 * away every endpoint answers within the bound from the projections (never a 500, never a hang), a
 * frozen Redis costs one timeout and then nothing, health says "degraded" (never DOWN), and once
 * Redis is back the answers come from it again.
 */
@QuarkusTest
@TestProfile(GatewayRedisOutageTest.Outage.class)
class GatewayRedisOutageTest {
    /** Generous on a loaded 2-core machine (on main, a frozen Redis made /api/v1/status take 45 s). */
    private static final Duration BOUND = Duration.ofSeconds(3);
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String SYMBOL = "OUTUSDT";
    /** The entry risk approved on the candle before T0 (2 at about 100), filled at T0: the projection's open trade. */
    private static final RiskDecisionMade DECISION = TestEvents.approvedBuy(SYMBOL, Interval.M1, T0.minusSeconds(60), "2", "100");
    private static final String TRADE_ID = TestEvents.positionId(DECISION);
    private static final String REDIS_POSITION_ID = "sx-55555555555555555555555555555555";

    public static class Outage extends RedisOutageProfile {
        public Outage() {
            super("gateway");
        }
    }

    @InjectInfra
    TestInfra infra;

    @InjectFrozenRedis
    FrozenRedis frozen;

    @Inject
    RedisDataSource redis; // through the proxy: only used while it passes bytes

    @Test
    void whileRedisIsFrozenOrGoneEveryEndpointAnswersFromTheProjectionsAndRedisIsUsedAgainWhenBack() {
        // Projections (from the topics) and Redis disagree on purpose.
        infra.publish(Topics.CANDLES, TestEvents.candle(SYMBOL, 0, "100.10"));
        infra.publish(Topics.CANDLES, TestEvents.candle(SYMBOL, 1, "101.20"));
        infra.publish(Topics.PREDICTIONS, TestEvents.prediction(SYMBOL, 0, 0.40));
        infra.publish(Topics.PREDICTIONS, TestEvents.prediction(SYMBOL, 1, 0.67));
        infra.publish(Topics.SIGNALS, DECISION);
        infra.publish(Topics.FILLS, TestEvents.entry(SYMBOL, TRADE_ID, "100", "2", T0));
        infra.publish(Topics.CONTROL, TestEvents.tradingState(TradingState.PAUSED, TradingState.RUNNING, T0.plusSeconds(10)));
        putRedis(LatestStateKeys.candle(infra.redisKeyPrefix(), new Symbol(SYMBOL)), EventCodec.encode(TestEvents.candle(SYMBOL, 5, "999.99")));
        putRedis(LatestStateKeys.prediction(infra.redisKeyPrefix(), new Symbol(SYMBOL)), EventCodec.encode(TestEvents.prediction(SYMBOL, 2, 0.81)));
        putRedis(LatestStateKeys.position(infra.redisKeyPrefix(), new Symbol(SYMBOL)),
                EventCodec.encode(TestEvents.longPosition(SYMBOL, REDIS_POSITION_ID, "0.5", "95", "92", "101", T0)));
        putRedis(LatestStateKeys.tradingState(infra.redisKeyPrefix()),
                EventCodec.encode(TestEvents.tradingState(TradingState.RUNNING, TradingState.STOPPED, T0.plusSeconds(5))));
        putRedis(LatestStateKeys.account(infra.redisKeyPrefix()), """
                {"capital": 10000.00, "cash": 9000.00, "equity": 12345.67, "realizedPnl": 0, "realizedPnlToday": 0,
                 "pnlDay": "2024-01-15", "openPositions": 1, "tradesClosed": 0, "wins": 0, "winRate": 0}""");
        await().atMost(WAIT).untilAsserted(() -> {
            given().queryParam("symbol", SYMBOL).get("/api/v1/market/candles").then().statusCode(200).body("$", hasSize(2));
            given().queryParam("symbol", SYMBOL).get("/api/v1/predictions/history").then().statusCode(200).body("$", hasSize(2));
            given().queryParam("symbol", SYMBOL).get("/api/v1/trades").then().statusCode(200).body("total", equalTo(1));
            given().get("/api/v1/bot/status").then().statusCode(200).body("state", equalTo("PAUSED"));
        });
        assertAnswersFromRedis();

        // Frozen.
        frozen.freeze();
        assertAnswersFromTheProjections("frozen");
        double readFailures = metric("sextant_redis_failures_total{kind=\"read\"}");
        long started = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            given().get("/api/v1/status").then().statusCode(200);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("20 status requests while Redis is known to be down")
                .isLessThan(Duration.ofSeconds(20));
        assertThat(metric("sextant_redis_failures_total{kind=\"read\"}"))
                .as("a frozen Redis costs one timeout, then reads skip it (the background probe pays the rest)")
                .isEqualTo(readFailures);
        assertThat(metric("sextant_redis_breaker_open")).isEqualTo(1.0);

        frozen.thaw();
        await().atMost(WAIT).untilAsserted(this::assertAnswersFromRedis);

        // Gone.
        frozen.kill();
        assertAnswersFromTheProjections("gone");
        frozen.thaw();
        await().atMost(WAIT).untilAsserted(this::assertAnswersFromRedis);
        assertThat(metric("sextant_redis_breaker_open")).isEqualTo(0.0);
    }

    private void assertAnswersFromRedis() {
        given().queryParam("symbol", SYMBOL).get("/api/v1/market/price").then().statusCode(200)
                .body("source", equalTo("redis")).body("price", equalTo(999.99f));
        given().queryParam("symbol", SYMBOL).get("/api/v1/predictions/latest").then().statusCode(200)
                .body("confidence", equalTo(0.81f));
        given().get("/api/v1/positions").then().statusCode(200)
                .body("find { it.symbol == 'OUTUSDT' }.positionId", equalTo(REDIS_POSITION_ID));
        given().get("/api/v1/status").then().statusCode(200).body("account.equity", equalTo(12345.67f))
                .body("services.find { it.name == 'api-gateway' }.detail", equalTo("this service"));
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'redis-cache' }.data.redis", equalTo("up"));
    }

    private void assertAnswersFromTheProjections(String how) {
        JsonPath price = timed(how + " /market/price", () -> given().queryParam("symbol", SYMBOL).get("/api/v1/market/price"));
        assertThat(price.getString("source")).isEqualTo("gateway");
        assertThat(new BigDecimal(price.getString("price"))).isEqualByComparingTo("101.20");

        JsonPath prediction = timed(how + " /predictions/latest",
                () -> given().queryParam("symbol", SYMBOL).get("/api/v1/predictions/latest"));
        assertThat(prediction.getString("candleOpenTime")).as("the newest of the history").isEqualTo(T0.plusSeconds(60).toString());
        assertThat(prediction.getDouble("confidence")).isEqualTo(0.67);

        JsonPath positions = timed(how + " /positions", () -> given().get("/api/v1/positions"));
        assertThat(positions.getList("positionId", String.class)).as("the open trade of the projection")
                .contains(TRADE_ID).doesNotContain(REDIS_POSITION_ID);
        assertThat(new BigDecimal(positions.getString("find { it.positionId == '" + TRADE_ID + "' }.quantity"))).isEqualByComparingTo("2");
        assertThat(new BigDecimal(positions.getString("find { it.positionId == '" + TRADE_ID + "' }.markPrice")))
                .isEqualByComparingTo("101.20");

        JsonPath bot = timed(how + " /bot/status", () -> given().get("/api/v1/bot/status"));
        assertThat(bot.getString("state")).as("the control topic's last change").isEqualTo("PAUSED");

        JsonPath status = timed(how + " /status", () -> given().get("/api/v1/status"));
        assertThat(status.getString("botStatus.state")).isEqualTo("PAUSED");
        assertThat(status.getString("account.source")).as("computed from the trade projection").isEqualTo("gateway");
        assertThat(status.getLong("counts.openPositions")).isEqualTo(1);
        assertThat(status.getString("services.find { it.name == 'api-gateway' }.detail")).contains("Redis unavailable");

        JsonPath health = timed(how + " /q/health/ready", () -> given().get("/q/health/ready"));
        assertThat(health.getString("status")).as("a cache never makes the gateway DOWN").isEqualTo("UP");
        assertThat(health.getString("checks.find { it.name == 'redis-cache' }.data.redis")).isEqualTo("degraded");
    }

    /** Runs the request, asserts a 200 within {@link #BOUND}, returns the body. */
    private static JsonPath timed(String what, Supplier<Response> request) {
        long started = System.nanoTime();
        Response response = request.get();
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        System.out.printf("GatewayRedisOutageTest: Redis %s answered in %d ms%n", what, took.toMillis());
        assertThat(response.statusCode()).as("%s: %s", what, response.asString()).isEqualTo(200);
        assertThat(took).as(what).isLessThan(BOUND);
        return response.jsonPath();
    }

    private void putRedis(String key, String value) {
        TestRedis.put(redis, key, value);
    }

    private static double metric(String series) {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(metrics);
        assertThat(m.find()).as("metric %s", series).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
