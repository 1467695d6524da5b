package dev.sextant.gateway.adapter;

import static dev.sextant.gateway.TestEvents.T0;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import dev.sextant.contracts.event.ControlEvent;
import dev.sextant.contracts.event.Interval;
import dev.sextant.contracts.event.OrderPurpose;
import dev.sextant.contracts.event.PauseRequested;
import dev.sextant.contracts.event.RiskDecisionMade;
import dev.sextant.contracts.event.TradingState;
import dev.sextant.contracts.id.Symbol;
import dev.sextant.contracts.json.EventCodec;
import dev.sextant.contracts.state.LatestStateKeys;
import dev.sextant.contracts.topic.Topics;
import dev.sextant.gateway.TestEvents;
import dev.sextant.testing.InjectInfra;
import dev.sextant.testing.RealInfraResource;
import dev.sextant.testing.TestInfra;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The REST API over the real Kafka, PostgreSQL and Redis: events in, projections and latest state out. */
@QuarkusTest
@QuarkusTestResource(value = RealInfraResource.class, initArgs = @ResourceArg(name = "schema", value = "gateway"))
class GatewayApiTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @InjectInfra
    TestInfra infra;

    @Inject
    RedisDataSource redis;

    @BeforeEach
    void waitLongEnoughForTheConsumers() {
        Awaitility.setDefaultTimeout(WAIT);
    }

    private void putRedis(String key, String value) {
        TestRedis.put(redis, key, value);
    }

    @Test
    void candlesFromTheTopicAreServedLatestNOldestFirst() {
        String symbol = "CANDLEUSDT";
        infra.publish(Topics.CANDLES, TestEvents.candle(symbol, 0, "100.10"));
        infra.publish(Topics.CANDLES, TestEvents.candle(symbol, 2, "102.30"));
        infra.publish(Topics.CANDLES, TestEvents.candle(symbol, 1, "101.20"));
        infra.publish(Topics.CANDLES, TestEvents.candle(symbol, 1, "101.20")); // a duplicate changes nothing

        await().untilAsserted(() -> given().queryParam("symbol", symbol).queryParam("limit", 10)
                .when().get("/api/v1/market/candles")
                .then().statusCode(200).body("$", hasSize(3)));

        given().queryParam("symbol", symbol).queryParam("limit", 2)
                .when().get("/api/v1/market/candles")
                .then().statusCode(200)
                .body("$", hasSize(2))
                .body("[0].openTime", equalTo(T0.plusSeconds(60).toString()))
                .body("[0].close", equalTo(101.2f))
                .body("[1].openTime", equalTo(T0.plusSeconds(120).toString()))
                .body("[1].close", equalTo(102.3f))
                .body("[1].interval", equalTo("1m"))
                .body("[1].symbol", equalTo(symbol));

        // No Redis record for this symbol: the price comes from the gateway's own projection.
        given().queryParam("symbol", symbol).when().get("/api/v1/market/price")
                .then().statusCode(200).body("price", equalTo(102.3f)).body("source", equalTo("gateway"));
    }

    @Test
    void priceComesFromCollectorsLatestCandleInRedis() {
        String symbol = "PRICEUSDT";
        given().queryParam("symbol", symbol).when().get("/api/v1/market/price")
                .then().statusCode(404).body("message", containsString("no candle of PRICEUSDT"));

        putRedis(LatestStateKeys.candle(infra.redisKeyPrefix(), new Symbol(symbol)),
                EventCodec.encode(TestEvents.candle(symbol, 5, "67650.12")));

        given().queryParam("symbol", symbol).when().get("/api/v1/market/price")
                .then().statusCode(200)
                .body("price", equalTo(67650.12f))
                .body("source", equalTo("redis"))
                .body("time", equalTo(T0.plusSeconds(360).minusMillis(1).toString()));
    }

    @Test
    void predictionsHistoryFromTheTopicAndLatestFromRedis() {
        String symbol = "PREDUSDT";
        infra.publish(Topics.PREDICTIONS, TestEvents.prediction(symbol, 0, 0.40));
        infra.publish(Topics.PREDICTIONS, TestEvents.prediction(symbol, 1, 0.67));

        await().untilAsserted(() -> given().queryParam("symbol", symbol).queryParam("limit", 5)
                .when().get("/api/v1/predictions/history")
                .then().statusCode(200)
                .body("$", hasSize(2))
                .body("[0].direction", equalTo("DOWN"))
                .body("[1].direction", equalTo("UP"))
                .body("[1].confidence", equalTo(0.67f))
                .body("[1].horizons[0].candles", equalTo(1)));

        // Before prediction-service wrote Redis: the newest of the history.
        given().queryParam("symbol", symbol).when().get("/api/v1/predictions/latest")
                .then().statusCode(200).body("candleOpenTime", equalTo(T0.plusSeconds(60).toString()));

        putRedis(LatestStateKeys.prediction(infra.redisKeyPrefix(), new Symbol(symbol)),
                EventCodec.encode(TestEvents.prediction(symbol, 2, 0.81)));
        given().queryParam("symbol", symbol).when().get("/api/v1/predictions/latest")
                .then().statusCode(200)
                .body("candleOpenTime", equalTo(T0.plusSeconds(120).toString()))
                .body("confidence", equalTo(0.81f))
                .body("direction", equalTo("UP"))
                .body("modelId", equalTo("direction-logreg"));
    }

    @Test
    void fillsBecomeTradesWithEntryExitAndPnl() {
        String symbol = "TRADEUSDT";
        // risk approves both entries (on the candle before each), then execution fills them: the orders the platform placed
        RiskDecisionMade closedDecision = TestEvents.approvedBuy(symbol, Interval.H1, T0.minusSeconds(3600), "0.1124", "67650");
        RiskDecisionMade openDecision = TestEvents.approvedBuy(symbol, Interval.H1, T0.plusSeconds(3600), "0.05", "70000");
        String closedId = TestEvents.positionId(closedDecision);
        String openId = TestEvents.positionId(openDecision);
        infra.publish(Topics.SIGNALS, closedDecision);
        infra.publish(Topics.SIGNALS, openDecision);
        infra.publish(Topics.FILLS, TestEvents.entry(symbol, closedId, "67650", "0.1124", T0));
        infra.publish(Topics.FILLS, TestEvents.exit(symbol, closedId, OrderPurpose.TAKE_PROFIT, "71210", "0.1124",
                "399.14", T0.plusSeconds(3600)));
        infra.publish(Topics.FILLS, TestEvents.exit(symbol, closedId, OrderPurpose.TAKE_PROFIT, "71210", "0.1124",
                "399.14", T0.plusSeconds(3600))); // duplicate: must not double the P&L
        infra.publish(Topics.FILLS, TestEvents.entry(symbol, openId, "70000", "0.05", T0.plusSeconds(7200)));

        await().untilAsserted(() -> given().queryParam("symbol", symbol).when().get("/api/v1/trades")
                .then().statusCode(200)
                .body("total", equalTo(2))
                .body("items[0].positionId", equalTo(openId))
                .body("items[0].status", equalTo("OPEN")));

        given().queryParam("symbol", symbol).when().get("/api/v1/trades")
                .then().statusCode(200)
                .body("page", equalTo(0))
                .body("size", equalTo(50))
                .body("items[0].entryPrice", equalTo(70000))
                .body("items[0].exitPrice", nullValue())
                .body("items[1].positionId", equalTo(closedId))
                .body("items[1].status", equalTo("CLOSED"))
                .body("items[1].side", equalTo("LONG"))
                .body("items[1].entryPrice", equalTo(67650))
                .body("items[1].exitPrice", equalTo(71210))
                .body("items[1].exitReason", equalTo("TAKE_PROFIT"))
                .body("items[1].realizedPnl", equalTo(399.14f))
                .body("items[1].entryTime", equalTo(T0.toString()))
                .body("items[1].exitTime", equalTo(T0.plusSeconds(3600).toString()));

        given().queryParam("symbol", symbol).queryParam("page", 1).queryParam("size", 1)
                .when().get("/api/v1/trades")
                .then().statusCode(200)
                .body("total", equalTo(2))
                .body("items", hasSize(1))
                .body("items[0].positionId", equalTo(closedId));
    }

    @Test
    void positionsFromRedisAreMarkedToTheLatestPrice() {
        String symbol = "POSUSDT";
        putRedis(LatestStateKeys.position(infra.redisKeyPrefix(), new Symbol(symbol)),
                EventCodec.encode(TestEvents.longPosition(symbol, "sx-cccccccccccccccccccccccccccccccc", "0.1124", "67650", T0)));
        putRedis(LatestStateKeys.candle(infra.redisKeyPrefix(), new Symbol(symbol)),
                EventCodec.encode(TestEvents.candle(symbol, 10, "71210")));

        given().when().get("/api/v1/positions")
                .then().statusCode(200)
                .body("find { it.symbol == 'POSUSDT' }.side", equalTo("LONG"))
                .body("find { it.symbol == 'POSUSDT' }.averageEntryPrice", equalTo(67650))
                .body("find { it.symbol == 'POSUSDT' }.markPrice", equalTo(71210))
                .body("find { it.symbol == 'POSUSDT' }.unrealizedPnl", equalTo(400.144f))
                .body("find { it.symbol == 'POSUSDT' }.stopLoss", equalTo(65870));
    }

    @Test
    void statusReportsTradingStateServicesAccountAndCounts() {
        putRedis(LatestStateKeys.tradingState(infra.redisKeyPrefix()),
                EventCodec.encode(TestEvents.tradingState(TradingState.PAUSED, TradingState.RUNNING, T0.plusSeconds(10))));
        // As execution-service's LatestStateWriter writes it: capital = its starting capital, equity = cash +
        // open positions at their last close (already marked to market). pnlDay: the latest market day of this suite.
        putRedis(LatestStateKeys.account(infra.redisKeyPrefix()), """
                {"capital": 10000.00, "cash": 2850.10, "equity": 10515.6, "realizedPnl": 450.00, "realizedPnlToday": 127.5,
                 "pnlDay": "2024-01-16", "openPositions": 1, "tradesClosed": 24, "wins": 13, "winRate": 0.542}""");

        given().when().get("/api/v1/status")
                .then().statusCode(200)
                .body("botStatus.state", equalTo("PAUSED"))
                .body("services.name", hasItem("risk"))
                .body("services.name", hasItem("api-gateway"))
                .body("services.find { it.name == 'risk' }.status", notNullValue())
                .body("account.initialCapital", equalTo(10000.00f))
                .body("account.capital", equalTo(10450.00f))
                .body("account.equity", equalTo(10515.6f))
                .body("account.unrealizedPnl", equalTo(65.6f))
                .body("account.pnlDay", equalTo("2024-01-16"))
                .body("account.realizedPnlToday", equalTo(127.5f))
                .body("account.winRate", equalTo(0.542f))
                .body("account.source", equalTo("execution"))
                .body("counts.candles", notNullValue())
                .body("defaultSymbol", equalTo("BTCUSDT"));

        // Risk-service then announces RUNNING on the control topic, later than the Redis record.
        infra.publish(Topics.CONTROL, TestEvents.tradingState(TradingState.RUNNING, TradingState.PAUSED, T0.plusSeconds(20)));
        await().untilAsserted(() -> given().when().get("/api/v1/bot/status")
                .then().statusCode(200).body("state", equalTo("RUNNING")).body("previous", equalTo("PAUSED")));
        given().when().get("/api/v1/status").then().statusCode(200).body("botStatus.state", equalTo("RUNNING"));
    }

    @Test
    void todaysPnlCountsTheMarketDayOfTheLatestEventNotTheWallClock() {
        redis.key().del(LatestStateKeys.account(infra.redisKeyPrefix())); // no execution summary: computed here
        String symbol = "DAYUSDT";
        Instant day1 = Instant.parse("2024-01-15T20:00:00Z");
        Instant day2 = Instant.parse("2024-01-16T09:00:00Z");
        RiskDecisionMade yesterdaysDecision = TestEvents.approvedBuy(symbol, Interval.H1, day1.minusSeconds(3600), "1", "100");
        RiskDecisionMade todaysDecision = TestEvents.approvedBuy(symbol, Interval.H1, day2.minusSeconds(3600), "1", "100");
        String yesterday = TestEvents.positionId(yesterdaysDecision);
        String today = TestEvents.positionId(todaysDecision);
        infra.publish(Topics.SIGNALS, yesterdaysDecision);
        infra.publish(Topics.SIGNALS, todaysDecision);
        infra.publish(Topics.FILLS, TestEvents.entry(symbol, yesterday, "100", "1", day1));
        infra.publish(Topics.FILLS, TestEvents.exit(symbol, yesterday, OrderPurpose.STOP_LOSS, "90", "1", "-11", day1.plusSeconds(3600)));
        infra.publish(Topics.FILLS, TestEvents.entry(symbol, today, "100", "1", day2));
        infra.publish(Topics.FILLS, TestEvents.exit(symbol, today, OrderPurpose.TAKE_PROFIT, "126.5", "1", "25.5", day2.plusSeconds(3600)));

        // Market time is in January 2024, the wall clock is not: "today" is 2024-01-16, holding only the second trade.
        await().untilAsserted(() -> given().when().get("/api/v1/status")
                .then().statusCode(200)
                .body("account.pnlDay", equalTo("2024-01-16"))
                .body("account.realizedPnlToday", equalTo(25.5f))
                .body("account.source", equalTo("gateway")));
    }

    @Test
    void countsFollowTheProjections() {
        // close 50: the fixture's open is close - 10 and its low close - 20, and no candle has a price <= 0
        infra.publish(Topics.CANDLES, TestEvents.candle("COUNTUSDT", 0, "50"));
        // an entry risk approved on the candle before, filled at the candle's open (40)
        RiskDecisionMade decision = TestEvents.approvedBuy("COUNTUSDT", Interval.M1, T0.minusSeconds(60), "1", "40");
        infra.publish(Topics.SIGNALS, decision);
        infra.publish(Topics.FILLS, TestEvents.entry("COUNTUSDT", TestEvents.positionId(decision), "40", "1", T0));
        await().untilAsserted(() -> {
            var status = given().when().get("/api/v1/status").then().statusCode(200).extract().jsonPath();
            assertThat(status.getLong("counts.candles")).isPositive();
            assertThat(status.getLong("counts.openTrades")).isPositive();
            assertThat(status.getList("symbols", String.class)).contains("BTCUSDT", "COUNTUSDT");
        });
    }

    @Test
    void pauseSendsAPauseRequestedOnTheControlTopic() {
        String eventId = given().when().post("/api/v1/bot/pause")
                .then().statusCode(202)
                .contentType(ContentType.JSON)
                .body("command", equalTo("PauseRequested"))
                .body("requestedBy", equalTo("api"))
                .extract().path("eventId");

        await().untilAsserted(() -> {
            List<ConsumerRecord<String, String>> records = infra.read(Topics.CONTROL, Integer.MAX_VALUE, Duration.ofSeconds(8));
            List<ControlEvent> commands = TestInfra.decode(records, ControlEvent.class);
            assertThat(commands)
                    .filteredOn(e -> e.eventId().value().equals(eventId))
                    .singleElement()
                    .isInstanceOfSatisfying(PauseRequested.class, p -> {
                        assertThat(p.requestedBy()).isEqualTo("api");
                        assertThat(p.symbol()).isNull();
                    });
        });
    }

    @Test
    void invalidRequestsGet400WithAMessage() {
        given().queryParam("symbol", "btc-usdt").when().get("/api/v1/market/candles")
                .then().statusCode(400).contentType(ContentType.JSON)
                .body("status", equalTo(400))
                .body("message", containsString("invalid symbol 'btc-usdt'"));
        given().queryParam("limit", 0).when().get("/api/v1/market/candles")
                .then().statusCode(400).body("message", equalTo("limit 0 is out of range: must be in 1..1000"));
        given().queryParam("limit", 1001).when().get("/api/v1/predictions/history")
                .then().statusCode(400).body("message", equalTo("limit 1001 is out of range: must be in 1..1000"));
        given().queryParam("limit", "ten").when().get("/api/v1/market/candles")
                .then().statusCode(400).body("message", containsString("must be a whole number"));
        given().queryParam("interval", "7m").when().get("/api/v1/market/candles")
                .then().statusCode(400).body("message", containsString("unknown interval '7m'"));
        given().queryParam("page", -1).when().get("/api/v1/trades")
                .then().statusCode(400).body("message", equalTo("page -1 is out of range: must be >= 0"));
        given().queryParam("size", 0).when().get("/api/v1/trades")
                .then().statusCode(400).body("message", containsString("size 0 is out of range"));
        given().queryParam("symbol", "x").when().post("/api/v1/bot/stop")
                .then().statusCode(400).body("message", containsString("invalid symbol 'x'"));
        given().queryParam("symbol", "BTCUSDT").when().post("/api/v1/bot/pause")
                .then().statusCode(400).body("message", containsString("per-symbol trading control is not supported"));
        given().when().get("/api/v1/predictions/latest?symbol=NOPREDUSDT")
                .then().statusCode(404).body("message", containsString("no prediction for NOPREDUSDT"));
    }

    @Test
    void aMalformedEventIsDeadLetteredWithTheReason() {
        infra.publishRaw(Topics.CANDLES, "BTCUSDT", "{\"type\":\"CandleClosed\",\"symbol\":\"BTCUSDT\"}");

        await().untilAsserted(() -> {
            List<ConsumerRecord<String, String>> dlq = infra.read(Topics.dlq(Topics.CANDLES), 1, Duration.ofSeconds(5));
            assertThat(dlq).isNotEmpty();
            assertThat(TestInfra.header(dlq.get(0), Topics.DLQ_REASON_HEADER)).contains("invalid CandleClosed");
        });
    }
}
