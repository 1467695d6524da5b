package dev.sextant.gateway.adapter;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.sextant.contracts.topic.Topics;
import dev.sextant.gateway.ExplainFixture;
import dev.sextant.testing.InjectInfra;
import dev.sextant.testing.RealInfraResource;
import dev.sextant.testing.TestInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * GET /api/v1/explain/{id} over the real Kafka and PostgreSQL: a whole trade is published on its seven topics (as the
 * services publish it: the fills derived from the candles that filled them, joined to the decision only by their order
 * and position ids), and the gateway answers its chain from its own tables for any id of it.
 */
@QuarkusTest
@QuarkusTestResource(value = RealInfraResource.class, initArgs = @ResourceArg(name = "schema", value = "gateway"))
class ExplainApiTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ExplainFixture TRADE = new ExplainFixture("EXPLUSDT");

    @InjectInfra
    TestInfra infra;

    @BeforeEach
    void publishTheTrade() {
        // the same events again change nothing (each test class of this app may publish them)
        TRADE.published().forEach(e -> infra.publish(e.getKey(), e.getValue()));
        await().atMost(WAIT).untilAsserted(() -> assertThat(chain(TRADE.positionId).getList("events.id"))
                .hasSize(TRADE.chainIds().size()));
    }

    private static JsonPath chain(String id) {
        return given().when().get("/api/v1/explain/{id}", id).then().statusCode(200).extract().jsonPath();
    }

    @Test
    void aTradeIdIsExplainedFromItsCandleThroughItsDecisionToItsExitFill() {
        // the trade as the trades API lists it
        String positionId = given().queryParam("symbol", "EXPLUSDT").when().get("/api/v1/trades")
                .then().statusCode(200).extract().jsonPath().getString("items[0].positionId");
        assertThat(positionId).isEqualTo(TRADE.positionId);

        JsonPath chain = chain(positionId);
        assertThat(chain.getString("resolvedFrom")).isEqualTo("trade");
        assertThat(chain.getString("targetId")).isEqualTo(TRADE.decision.eventId().value());
        assertThat(chain.getString("anchorId")).isEqualTo(TRADE.decision.eventId().value());
        assertThat(chain.getString("positionId")).isEqualTo(positionId);
        assertThat(chain.getBoolean("truncated")).isFalse();
        assertThat(chain.getList("events.id")).containsExactlyElementsOf(TRADE.chainIds());
        assertThat(chain.getList("events.type")).containsExactly("CandleClosed", "FeaturesComputed", "PredictionMade",
                "RiskDecisionMade", "OrderSubmitted", "OrderAccepted", "OrderFilled", "FillExecuted", "PositionChanged",
                "OrderSubmitted", "OrderAccepted", "OrderFilled", "FillExecuted", "PositionChanged");
        assertThat(chain.getList("events.topic")).containsExactly(Topics.CANDLES, Topics.FEATURES, Topics.PREDICTIONS,
                Topics.SIGNALS, Topics.ORDERS, Topics.ORDERS, Topics.ORDERS, Topics.FILLS, Topics.POSITIONS, Topics.ORDERS,
                Topics.ORDERS, Topics.ORDERS, Topics.FILLS, Topics.POSITIONS);
        assertThat(chain.getList("events.relation")).containsExactly("cause", "cause", "cause", "anchor", "effect",
                "effect", "effect", "effect", "effect", "effect", "effect", "effect", "effect", "effect");
        assertThat(chain.getList("events.target", Boolean.class)).containsExactly(false, false, false, true, false, false,
                false, false, false, false, false, false, false, false);

        // the candle's OHLC and the links of the causes
        assertThat(chain.getString("events[0].tsEvent")).isEqualTo(TRADE.candle.tsEvent().toString());
        assertThat(chain.getString("events[0].causationId")).isNull();
        assertThat(chain.getDouble("events[0].fields.open")).isEqualTo(67320.00);
        assertThat(chain.getDouble("events[0].fields.high")).isEqualTo(67980.00);
        assertThat(chain.getDouble("events[0].fields.low")).isEqualTo(67090.00);
        assertThat(chain.getDouble("events[0].fields.close")).isEqualTo(67650.00);
        assertThat(chain.getString("events[1].causationId")).isEqualTo(TRADE.candle.eventId().value());
        assertThat(chain.getList("events[1].fields.names")).containsExactly("ret_1", "rsi_14", "atr_14", "atr_pct");
        assertThat(chain.getString("events[2].causationId")).isEqualTo(TRADE.features.eventId().value());
        // the prediction
        assertThat(chain.getDouble("events[2].fields.probUp")).isEqualTo(0.62);
        assertThat(chain.getDouble("events[2].fields.confidence")).isEqualTo(0.62);
        assertThat(chain.getString("events[2].fields.modelId")).isEqualTo("direction-logreg");
        assertThat(chain.getInt("events[2].fields.horizons[1].candles")).isEqualTo(4);
        // the decision with every check in full
        assertThat(chain.getString("events[3].causationId")).isEqualTo(TRADE.prediction.eventId().value());
        assertThat(chain.getBoolean("events[3].fields.approved")).isTrue();
        assertThat(chain.getDouble("events[3].fields.intent.quantity")).isEqualTo(0.1124);
        List<Map<String, Object>> checks = chain.getList("events[3].fields.checks");
        assertThat(checks).extracting(c -> c.get("name"))
                .containsExactly("confidence", "open_position", "daily_loss_pct", "atr_pct", "spread_pct");
        assertThat(checks).extracting(c -> c.get("passed")).containsOnly(true);
        assertThat(chain.getDouble("events[3].fields.checks[0].value")).isEqualTo(0.62);
        assertThat(chain.getString("events[3].fields.checks[0].comparator")).isEqualTo(">");
        assertThat(chain.getDouble("events[3].fields.checks[0].threshold")).isEqualTo(0.55);
        assertThat(chain.getDouble("events[3].fields.checks[3].upperThreshold")).isEqualTo(3.00);
        assertThat(chain.getString("events[3].fields.checks[1].detail")).isEqualTo("no open position");
        // the entry fill (derived from the candle that filled its order) and the exit's P&L
        assertThat(chain.getString("events[6].causationId")).isEqualTo(TRADE.fillCandle.eventId().value());
        assertThat(chain.getString("events[7].fields.purpose")).isEqualTo("ENTRY");
        assertThat(chain.getDouble("events[7].fields.price")).isEqualTo(67652.10);
        assertThat(chain.getDouble("events[7].fields.fee")).isEqualTo(7.6041);
        assertThat(chain.getString("events[9].fields.clientOrderId")).isEqualTo(TRADE.exitOrderId.value());
        assertThat(chain.getString("events[12].fields.purpose")).isEqualTo("TAKE_PROFIT");
        assertThat(chain.getDouble("events[12].fields.price")).isEqualTo(71210.00);
        assertThat(chain.getDouble("events[12].fields.fee")).isEqualTo(8.0040);
        assertThat(chain.getDouble("events[12].fields.realizedPnl")).isEqualTo(384.2999);
        assertThat(chain.getString("events[13].fields.side")).isEqualTo("FLAT");
        // numbers as the services wrote them (BigDecimal, trailing zeros kept)
        String raw = given().when().get("/api/v1/explain/{id}", positionId).then().statusCode(200).extract().asString();
        assertThat(raw).contains("\"threshold\":5.00", "\"fee\":8.0040", "\"quoteVolume\":76567742.93411230");
        // the common fields are the event's coordinates, not repeated among its own fields
        assertThat(chain.getMap("events[3].fields")).doesNotContainKeys("type", "eventId", "tsEvent", "causationId");
    }

    @Test
    void anyEventOrOrderOfTheTradeGivesTheSameChainWithItselfAsTarget() {
        List<String> ids = TRADE.chainIds();
        for (String id : List.of(TRADE.decision.eventId().value(), TRADE.entryAccepted.eventId().value(),
                TRADE.exitFill.eventId().value(), TRADE.closed.eventId().value(), TRADE.exitFilled.eventId().value())) {
            JsonPath chain = chain(id);
            assertThat(chain.getString("resolvedFrom")).as(id).isEqualTo("event");
            assertThat(chain.getString("targetId")).as(id).isEqualTo(id);
            assertThat(chain.getString("anchorId")).as(id).isEqualTo(TRADE.decision.eventId().value());
            assertThat(chain.getList("events.id")).as(id).containsExactlyElementsOf(ids);
            assertThat(chain.getList("events.target", Boolean.class).indexOf(true)).as(id).isEqualTo(ids.indexOf(id));
        }
        // an exit order's client id: its first event
        JsonPath byOrder = chain(TRADE.exitOrderId.value());
        assertThat(byOrder.getString("resolvedFrom")).isEqualTo("order");
        assertThat(byOrder.getString("targetId")).isEqualTo(TRADE.exitSubmitted.eventId().value());
        assertThat(byOrder.getList("events.id")).containsExactlyElementsOf(ids);
    }

    @Test
    void aCauseIsExplainedUpToItsCandleAndDownToTheTradeItLedTo() {
        // the prediction: its causes, then what followed (the decision and the trade it placed)
        JsonPath chain = chain(TRADE.prediction.eventId().value());
        assertThat(chain.getString("anchorId")).isEqualTo(TRADE.prediction.eventId().value());
        assertThat(chain.getList("events.id")).containsExactlyElementsOf(TRADE.chainIds());
        assertThat(chain.getList("events.relation").subList(0, 4)).containsExactly("cause", "cause", "anchor", "effect");
    }

    @Test
    void anUnknownIdIs404AndAMalformedOne400() {
        given().when().get("/api/v1/explain/{id}", "00000000-0000-4000-8000-000000000000")
                .then().statusCode(404)
                .body("status", equalTo(404))
                .body("message", containsString("no event, trade or order 00000000-0000-4000-8000-000000000000 is stored"));
        given().when().get("/api/v1/explain/{id}", "sx-notatrade")
                .then().statusCode(404).body("message", containsString("no event, trade or order sx-notatrade"));
        given().when().get("/api/v1/explain/{id}", "not an id")
                .then().statusCode(400)
                .body("status", equalTo(400))
                .body("message", containsString("id must be an event id"));
        given().when().get("/api/v1/explain/{id}", "x".repeat(37))
                .then().statusCode(400).body("message", containsString("trade/order id"));
    }

    @Test
    void aDatabaseThatDoesNotAnswerGetsA503WithTheReasonWithinTheTimeout() throws Exception {
        // another session holds explain_event: the explain query waits for it, and is cancelled after 5 s
        try (Connection locker = TestInfra.jdbc()) {
            locker.setAutoCommit(false);
            try (Statement st = locker.createStatement()) {
                st.execute("LOCK TABLE " + infra.schema("gateway") + ".explain_event IN ACCESS EXCLUSIVE MODE");
            }
            long started = System.nanoTime();
            given().when().get("/api/v1/explain/{id}", TRADE.positionId)
                    .then().statusCode(503)
                    .body("message", containsString("did not finish within 5000 ms (sextant.explain.timeout)"));
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("answered within the timeout and a margin")
                    .isBetween(Duration.ofSeconds(4), Duration.ofSeconds(15));
            locker.rollback();
        }
        assertThat(chain(TRADE.positionId).getList("events.id")).hasSize(TRADE.chainIds().size());
    }

    @Test
    void theOpenApiDocumentListsExplain() {
        String doc = given().accept("application/json").when().get("/q/openapi?format=json")
                .then().statusCode(200).extract().asString();
        assertThat(doc).contains("/api/v1/explain/{id}", "The causal chain of an event, a trade or an order");
    }
}
