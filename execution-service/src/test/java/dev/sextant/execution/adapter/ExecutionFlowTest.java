package dev.sextant.execution.adapter;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.event.CandleSettled;
import dev.sextant.contracts.event.FillExecuted;
import dev.sextant.contracts.event.Interval;
import dev.sextant.contracts.event.OrderAccepted;
import dev.sextant.contracts.event.OrderEvent;
import dev.sextant.contracts.event.OrderFilled;
import dev.sextant.contracts.event.OrderIntent;
import dev.sextant.contracts.event.OrderPurpose;
import dev.sextant.contracts.event.OrderSubmitted;
import dev.sextant.contracts.event.OrderType;
import dev.sextant.contracts.event.PositionChanged;
import dev.sextant.contracts.event.PositionSide;
import dev.sextant.contracts.event.RiskCheck;
import dev.sextant.contracts.event.RiskDecisionMade;
import dev.sextant.contracts.event.Side;
import dev.sextant.contracts.id.ClientOrderId;
import dev.sextant.contracts.id.Ids;
import dev.sextant.contracts.id.Symbol;
import dev.sextant.contracts.json.Json;
import dev.sextant.contracts.state.LatestStateKeys;
import dev.sextant.contracts.topic.Topics;
import dev.sextant.testing.InjectInfra;
import dev.sextant.testing.RealInfraResource;
import dev.sextant.testing.TestInfra;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The service against the real Kafka, PostgreSQL and Redis: an approved decision and candles in,
 * orders, fills and positions out and in the books; a take-profit exit; a redelivered decision.
 */
@QuarkusTest
@QuarkusTestResource(value = RealInfraResource.class, initArgs = @ResourceArg(name = "schema", value = "execution"))
class ExecutionFlowTest {
    private static final Symbol BTC = Symbol.of("BTCUSDT");
    private static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(60);

    @InjectInfra
    TestInfra infra;

    @Inject
    DataSource dataSource;

    @Inject
    RedisDataSource redis;

    @Inject
    MeterRegistry registry;

    private static CandleClosed candle(int n, String open, String high, String low, String close) {
        Instant openTime = T0.plusSeconds(3600L * n);
        return new CandleClosed(Ids.candleId("binance", BTC, Interval.H1, openTime), openTime.plusSeconds(3600),
                openTime.plusSeconds(3600), null, CandleClosed.SCHEMA_VERSION, "binance", BTC, Interval.H1, openTime,
                openTime.plusSeconds(3600), new BigDecimal(open), new BigDecimal(high), new BigDecimal(low),
                new BigDecimal(close), new BigDecimal("12.5"), new BigDecimal("845000"), 1000);
    }

    private static RiskDecisionMade decision(String id) {
        OrderIntent intent = new OrderIntent(Side.BUY, OrderType.MARKET, new BigDecimal("0.1124"),
                new BigDecimal("67650"), new BigDecimal("65870"), new BigDecimal("71210"), new BigDecimal("200"));
        return new RiskDecisionMade(Ids.derive("test", id), T0.plusSeconds(3600), T0.plusSeconds(3601), Ids.derive("test", "prediction-" + id),
                RiskDecisionMade.SCHEMA_VERSION, BTC, Interval.H1, T0, true, intent,
                List.of(new RiskCheck("confidence", true, new BigDecimal("0.61"), ">", new BigDecimal("0.55"), null, null)),
                null);
    }

    private List<OrderEvent> orderEvents(int atLeast) {
        return TestInfra.decode(infra.read(Topics.ORDERS, atLeast, WAIT), OrderEvent.class);
    }

    private long count(String sql, String... params) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                st.setString(i + 1, params[i]);
            }
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private double counter(String name, String... tags) {
        var counter = registry.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void decisionAndCandlesBecomeOrdersFillsAndPositionsThenATakeProfitExitAndARedeliveryChangesNothing()
            throws Exception {
        RiskDecisionMade decision = decision("it-decision-1");
        ClientOrderId entryId = Ids.clientOrderId(decision.eventId());
        ClientOrderId exitId = Ids.exitOrderId(entryId, OrderPurpose.TAKE_PROFIT.name());

        // --- entry: the decision on candle 0 fills at the open of candle 1
        infra.publish(Topics.CANDLES, candle(0, "67500", "67800", "67400", "67650"));
        infra.publish(Topics.SIGNALS, decision);
        infra.publish(Topics.CANDLES, candle(1, "67650", "68000", "67000", "67900"));

        List<OrderEvent> entryEvents = orderEvents(3);
        assertThat(entryEvents).extracting(e -> e.getClass().getSimpleName())
                .containsExactly("OrderSubmitted", "OrderAccepted", "OrderFilled");
        assertThat(entryEvents).allSatisfy(e -> assertThat(e.clientOrderId()).isEqualTo(entryId));
        assertThat(((OrderSubmitted) entryEvents.get(0)).causationId()).isEqualTo(decision.eventId());
        assertThat(entryEvents.get(1)).isInstanceOf(OrderAccepted.class);
        OrderFilled entryFilled = (OrderFilled) entryEvents.get(2);
        assertThat(entryFilled.lastPrice()).isEqualByComparingTo("67683.825");
        assertThat(entryFilled.leavesQuantity()).isEqualByComparingTo("0");
        assertThat(entryFilled.tsEvent()).isEqualTo(T0.plusSeconds(3600));

        List<FillExecuted> entryFills = TestInfra.decode(infra.read(Topics.FILLS, 1, WAIT), FillExecuted.class);
        assertThat(entryFills).singleElement().satisfies(f -> {
            assertThat(f.purpose()).isEqualTo(OrderPurpose.ENTRY);
            assertThat(f.price()).isEqualByComparingTo("67683.825");
            assertThat(f.fee()).isEqualByComparingTo("7.60766193");
        });
        List<PositionChanged> opened = TestInfra.decode(infra.read(Topics.POSITIONS, 1, WAIT), PositionChanged.class);
        assertThat(opened).singleElement().satisfies(p -> {
            assertThat(p.side()).isEqualTo(PositionSide.LONG);
            assertThat(p.quantity()).isEqualByComparingTo("0.1124");
            assertThat(p.positionId()).isEqualTo(entryId.value());
        });
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(count("SELECT count(*) FROM orders WHERE client_order_id = ? AND status = 'FILLED'", entryId.value()))
                    .isEqualTo(1);
            assertThat(count("SELECT count(*) FROM fills WHERE client_order_id = ?", entryId.value())).isEqualTo(1);
            assertThat(count("SELECT count(*) FROM positions WHERE position_id = ? AND closed_at IS NULL", entryId.value()))
                    .isEqualTo(1);
        });
        await().atMost(WAIT).untilAsserted(() -> given().get("/execution/positions").then().statusCode(200)
                .body("$", hasSize(1)).body("[0].positionId", equalTo(entryId.value())));

        // --- exit: candle 2 runs through the take-profit
        infra.publish(Topics.CANDLES, candle(2, "68000", "71500", "67900", "71300"));

        List<OrderEvent> allOrders = orderEvents(6);
        assertThat(allOrders).hasSize(6);
        assertThat(allOrders.subList(3, 6)).allSatisfy(e -> assertThat(e.clientOrderId()).isEqualTo(exitId));
        List<FillExecuted> fills = TestInfra.decode(infra.read(Topics.FILLS, 2, WAIT), FillExecuted.class);
        assertThat(fills).hasSize(2);
        FillExecuted exit = fills.get(1);
        assertThat(exit.purpose()).isEqualTo(OrderPurpose.TAKE_PROFIT);
        assertThat(exit.price()).isEqualByComparingTo("71210");
        assertThat(exit.realizedPnl()).isEqualByComparingTo("380.73040407");
        List<PositionChanged> positions = TestInfra.decode(infra.read(Topics.POSITIONS, 2, WAIT), PositionChanged.class);
        assertThat(positions).hasSize(2);
        assertThat(positions.get(1).side()).isEqualTo(PositionSide.FLAT);
        assertThat(positions.get(1).realizedPnl()).isEqualByComparingTo("380.73040407");

        // --- settlements: for each candle, what belongs to candles up to it and the last decision taken
        await().atMost(WAIT).untilAsserted(() -> {
            List<CandleSettled> settled = TestInfra.decode(infra.read(Topics.SETTLEMENTS, 3, WAIT), CandleSettled.class);
            assertThat(settled).anySatisfy(c -> {
                assertThat(c.candleOpenTime()).isEqualTo(T0.plusSeconds(3600));
                assertThat(List.of(c.fills(), c.positions(), c.orderOutcomes())).containsExactly(1L, 1L, 0L);
                assertThat(c.lastDecisionId()).isEqualTo(decision.eventId());
            });
            assertThat(settled).anySatisfy(c -> {
                assertThat(c.candleOpenTime()).isEqualTo(T0.plusSeconds(7200));
                assertThat(List.of(c.fills(), c.positions(), c.orderOutcomes())).containsExactly(2L, 2L, 0L);
                assertThat(c.lastDecisionId()).isEqualTo(decision.eventId());
            });
        });
        assertThat(count("SELECT coalesce(sum(fills), 0) FROM settlement_counts WHERE symbol = ?", decision.symbol().value()))
                .as("the counts are stored with the books").isEqualTo(2);

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(count("SELECT count(*) FROM closed_trades WHERE position_id = ? AND exit_reason = 'TAKE_PROFIT'"
                    + " AND net_pnl = 380.73040407", entryId.value())).isEqualTo(1);
            assertThat(count("SELECT count(*) FROM positions WHERE position_id = ? AND closed_at IS NOT NULL",
                    entryId.value())).isEqualTo(1);
            assertThat(count("SELECT count(*) FROM equity_points WHERE kind = 'TRADE' AND equity = 10380.73040407"))
                    .isEqualTo(1);
        });
        given().get("/execution/trades?page=0&size=10").then().statusCode(200)
                .body("total", equalTo(1)).body("items[0].exitReason", equalTo("TAKE_PROFIT"));
        given().get("/execution/trades?size=0").then().statusCode(400).body("error", containsString("'size'"));
        // REST snapshot and Redis are updated right after the events are acknowledged
        await().atMost(WAIT).untilAsserted(() -> {
            given().get("/execution/account").then().statusCode(200)
                    .body("tradesClosed", equalTo(1)).body("openPositions", equalTo(0));
            var account = Json.mapper().readTree(
                    redis.value(String.class).get(LatestStateKeys.account(infra.redisKeyPrefix())));
            assertThat(account.get("tradesClosed").asLong()).isEqualTo(1);
            assertThat(account.get("equity").decimalValue()).isEqualByComparingTo("10380.73040407");
            assertThat(account.get("winRate").decimalValue()).isEqualByComparingTo("1");
            assertThat(redis.value(String.class).get(LatestStateKeys.position(infra.redisKeyPrefix(), BTC)))
                    .contains("\"FLAT\"");
        });

        // --- the same decision again: still one order row for it, no new order events
        infra.publish(Topics.SIGNALS, decision);
        await().atMost(WAIT).until(() -> counter("sextant.execution.decisions", "result", "duplicate") >= 1);
        assertThat(count("SELECT count(*) FROM orders WHERE client_order_id = ?", entryId.value())).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM orders")).isEqualTo(2);
        assertThat(infra.read(Topics.ORDERS, 7, Duration.ofSeconds(3))).hasSize(6);

        // a redelivered candle does not exit twice
        infra.publish(Topics.CANDLES, candle(2, "68000", "71500", "67900", "71300"));
        await().atMost(WAIT).until(() -> counter("sextant.execution.events", "topic", Topics.CANDLES,
                "outcome", "duplicate") >= 1);
        assertThat(count("SELECT count(*) FROM fills")).isEqualTo(2);
    }

    @Test
    void anUnreadableDecisionGoesToTheDeadLetterTopicWithItsReason() {
        infra.publishRaw(Topics.SIGNALS, "BTCUSDT", "{\"type\":\"RiskDecisionMade\",\"eventId\":\"x\"}");
        List<ConsumerRecord<String, String>> dead = infra.read(Topics.dlq(Topics.SIGNALS), 1, WAIT);
        assertThat(dead).hasSize(1);
        assertThat(TestInfra.header(dead.get(0), Topics.DLQ_REASON_HEADER)).startsWith("invalid RiskDecisionMade");
    }
}
