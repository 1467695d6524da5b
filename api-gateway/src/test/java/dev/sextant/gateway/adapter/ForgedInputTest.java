package dev.sextant.gateway.adapter;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sextant.contracts.event.ControlEvent;
import dev.sextant.contracts.event.FillExecuted;
import dev.sextant.contracts.event.Interval;
import dev.sextant.contracts.event.OrderIntent;
import dev.sextant.contracts.event.OrderType;
import dev.sextant.contracts.event.RiskCheck;
import dev.sextant.contracts.event.RiskDecisionMade;
import dev.sextant.contracts.event.Side;
import dev.sextant.contracts.event.StopRequested;
import dev.sextant.contracts.id.EventId;
import dev.sextant.contracts.id.Ids;
import dev.sextant.contracts.id.Symbol;
import dev.sextant.contracts.json.EventCodec;
import dev.sextant.contracts.topic.Topics;
import dev.sextant.gateway.TestEvents;
import dev.sextant.gateway.adapter.db.PlacedOrderRepository;
import dev.sextant.gateway.adapter.db.TradeRepository;
import dev.sextant.gateway.domain.FillOrigin;
import dev.sextant.kit.CommandSignatures;
import dev.sextant.testing.InjectInfra;
import dev.sextant.testing.RealInfraResource;
import dev.sextant.testing.TestInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Forged input at the gateway (docs/reliability.md, "Forged input and control commands") over the real Kafka,
 * PostgreSQL and Redis: signed control commands, a "today" forged times cannot move, and a trade projection fed only
 * with fills of orders the platform placed.
 */
@QuarkusTest
@TestProfile(SignedControl.class)
@QuarkusTestResource(value = RealInfraResource.class, initArgs = @ResourceArg(name = "schema", value = "gateway"))
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ForgedInputTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Instant CANDLE = Instant.parse("2024-01-15T10:00:00Z");
    private static final Instant FILL_TIME = CANDLE.plusSeconds(3600);
    private static final ObjectMapper JSON = new ObjectMapper();

    @InjectInfra
    TestInfra infra;

    @Inject
    TradeProjection projection;

    @Inject
    TradeRepository trades;

    @Inject
    PlacedOrderRepository orders;

    @Inject
    GatewayReadModel readModel;

    /** The decision named {@code name}: its id a UUID derived from the name, as the platform's ids are derived. */
    static EventId decisionId(String name) {
        return Ids.derive("decision-test", name);
    }

    static RiskDecisionMade decision(String name, String symbol, Instant candle, boolean approved) {
        OrderIntent intent = new OrderIntent(Side.BUY, OrderType.MARKET, new BigDecimal("0.1"), new BigDecimal("60000"),
                new BigDecimal("58000"), new BigDecimal("64000"), new BigDecimal("200"));
        Instant ts = candle.plusSeconds(3600);
        return new RiskDecisionMade(decisionId(name), ts, ts, Ids.derive("prediction-test", name),
                RiskDecisionMade.SCHEMA_VERSION, Symbol.of(symbol), Interval.H1, candle, approved, approved ? intent : null,
                List.of(new RiskCheck("confidence", approved, null, ">", null, null, null)), approved ? null : "denied");
    }

    /** The position (entry order id) decision {@code name} opens, or would open: no decision of "never" is ever read. */
    static String position(String name) {
        return Ids.clientOrderId(decisionId(name)).value();
    }

    @Test
    @Order(1)
    void everyControlCommandTheGatewaySendsIsSignedWithTheConfiguredKey() {
        String eventId = given().when().post("/api/v1/bot/stop").then().statusCode(202).extract().path("eventId");

        ConsumerRecord<String, String> record = await().atMost(WAIT).until(() -> infra.read(Topics.CONTROL, Integer.MAX_VALUE,
                Duration.ofSeconds(2)).stream().filter(r -> r.value().contains(eventId)).findFirst().orElse(null), r -> r != null);
        assertThat(EventCodec.decode(record.value(), ControlEvent.class)).isInstanceOf(StopRequested.class);
        String signature = CommandSignatures.signatureOf(record.headers());
        assertThat(signature).matches("[0-9a-f]{64}");
        CommandSignatures consumer = CommandSignatures.of(SignedControl.KEY);
        assertThatCode(() -> consumer.verify(record.value(), record.headers())).doesNotThrowAnyException();
        assertThatThrownBy(() -> consumer.verify(record.value().replace("\"api\"", "\"eve\""), record.headers()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not match");
        assertThatThrownBy(() -> CommandSignatures.of(SignedControl.KEY + "-other").verify(record.value(), record.headers()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @Order(2)
    void aFillHeldBeforeTheGatewayHadATodayIsCheckedAgainstTodayWhenItsDecisionReleasesIt() {
        // runs before anything moves market time: the gateway has no today to measure a jump from
        assertThat(readModel.marketDay()).as("a fresh gateway has no today yet").isEmpty();
        RiskDecisionMade placed = TestEvents.approvedBuy("HELDUSDT", Interval.H1, Instant.parse("2024-02-29T23:00:00Z"),
                "0.1", "60000");
        FillExecuted farAhead = TestEvents.entry("HELDUSDT", TestEvents.positionId(placed), "60030", "0.1",
                Instant.parse("2024-03-01T00:00:00Z"));
        assertThat(projection.onFill(farAhead)).as("held: its decision has not been read").isEmpty();
        assertThat(orders.heldStatus(farAhead.eventId().value())).hasValueSatisfying(s -> assertThat(s).startsWith("HELD"));

        // market time starts on 2024-01-15 (a real candle), 46 days before the held fill
        infra.publish(Topics.CANDLES, TestEvents.hourCandle("HELDUSDT", Instant.parse("2024-01-15T08:00:00Z"), "100", "101"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(readModel.marketDay()).contains(LocalDate.parse("2024-01-15")));

        // its decision comes: the held fill is refused as onFill would refuse it now; the decision itself goes through
        assertThat(projection.onDecision(placed)).isEmpty();
        assertThat(orders.heldStatus(farAhead.eventId().value())).hasValueSatisfying(s -> assertThat(s)
                .startsWith("REFUSED: FillExecuted " + farAhead.eventId() + " tsEvent 2024-03-01T00:00:00Z is 46 days after today")
                .contains("today stays 2024-01-15"));
        assertThat(trades.find(TestEvents.positionId(placed))).isEmpty();
        assertThat(orders.approved(TestEvents.positionId(placed))).as("the decision is recorded").isPresent();
        assertThat(readModel.marketDay()).contains(LocalDate.parse("2024-01-15"));
    }

    @Test
    @Order(3)
    void aFillIsBookedOnlyForAnOrderThePlatformPlacedWhicheverTopicComesFirst() {
        // decision first, then its fill: booked
        projection.onDecision(decision("gw-d1", "ORIGINUSDT", CANDLE, true));
        FillExecuted first = TestEvents.entry("ORIGINUSDT", position("gw-d1"), "60030", "0.1", FILL_TIME);
        assertThat(projection.onFill(first)).hasValueSatisfying(b -> assertThat(b.trade().positionId()).isEqualTo(position("gw-d1")));
        assertThat(projection.onFill(first)).as("a duplicate books nothing").isEmpty();

        // a fill before its decision: held, then booked when the decision comes
        FillExecuted early = TestEvents.entry("ORIGINUSDT", position("gw-d2"), "60030", "0.1", FILL_TIME.plusSeconds(3600));
        assertThat(projection.onFill(early)).isEmpty();
        assertThat(trades.find(position("gw-d2"))).isEmpty();
        assertThat(orders.heldStatus(early.eventId().value())).hasValueSatisfying(s -> assertThat(s).startsWith("HELD"));
        List<TradeProjection.Booked> released = projection.onDecision(decision("gw-d2", "ORIGINUSDT", CANDLE.plusSeconds(3600), true));
        assertThat(released).singleElement().satisfies(b -> assertThat(b.fill()).isEqualTo(early));
        assertThat(trades.find(position("gw-d2"))).isPresent();
        assertThat(orders.heldStatus(early.eventId().value())).isEmpty();

        // a forged fill of a position no decision placed, after the symbol's decisions passed it: refused
        FillExecuted forged = TestEvents.entry("ORIGINUSDT", position("never"), "60000", "5", FILL_TIME);
        assertThatThrownBy(() -> projection.onFill(forged)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("was not opened by an order the platform placed");
        assertThat(trades.find(position("never"))).isEmpty();

        // a forged fill ahead of the decisions read: held, and refused once a later decision shows none will come
        FillExecuted ahead = TestEvents.entry("ORIGINUSDT", position("never-2"), "60000", "5", FILL_TIME.plusSeconds(4 * 3600));
        assertThat(projection.onFill(ahead)).isEmpty();
        assertThat(projection.onDecision(decision("gw-d3", "ORIGINUSDT", FILL_TIME.plusSeconds(5 * 3600), false))).isEmpty();
        assertThat(orders.heldStatus(ahead.eventId().value())).hasValueSatisfying(s -> assertThat(s)
                .startsWith("REFUSED: FillExecuted " + ahead.eventId()).contains("was not opened by an order the platform placed"));
        assertThat(trades.find(position("never-2"))).isEmpty();

        // a fill that contradicts its decision: refused
        FillExecuted tooMuch = TestEvents.exit("ORIGINUSDT", position("gw-d1"), dev.sextant.contracts.event.OrderPurpose.STOP_LOSS,
                "58000", "3", "-6000", FILL_TIME.plusSeconds(7200));
        assertThatThrownBy(() -> projection.onFill(tooMuch)).hasMessageContaining("exceeds the approved quantity 0.1");

        // positions: the same rule
        assertThat(projection.checkPosition(TestEvents.longPosition("ORIGINUSDT", position("gw-d1"), "0.1", "60030", FILL_TIME))
                .kind()).isEqualTo(FillOrigin.Kind.BOOK);
        assertThatThrownBy(() -> projection.checkPosition(TestEvents.longPosition("ORIGINUSDT", position("never"), "10", "3000",
                FILL_TIME))).hasMessageContaining("was not opened by an order the platform placed");
    }

    @Test
    @Order(4)
    void aForgedFarFutureFillCannotMoveTodayButARealLaterCandleStillAdvancesIt() throws Exception {
        infra.publish(Topics.CANDLES, TestEvents.hourCandle("TODAYUSDT", Instant.parse("2024-01-16T08:00:00Z"), "100", "101"));
        await().atMost(WAIT).untilAsserted(() -> given().get("/api/v1/status").then().statusCode(200)
                .body("account.pnlDay", equalTo("2024-01-16")));

        // A fill dated 9999-12-31, as a forger writes it: no record can hold that time (the static rules refuse it at
        // construction), so the JSON of a real fill is edited. The strict codec refuses it before the gateway sees it.
        FillExecuted real = TestEvents.entry("TODAYUSDT", "sx-forged-far", "100", "1", Instant.parse("2024-01-16T09:00:00Z"));
        String farJson = withField(EventCodec.encode(real), "tsEvent", "9999-12-31T00:00:00Z");
        infra.publishRaw(Topics.FILLS, real.key(), farJson);
        ConsumerRecord<String, String> deadFar = deadLetter(Topics.FILLS, real.eventId().value());
        assertThat(TestInfra.header(deadFar, Topics.DLQ_REASON_HEADER)).contains("tsEvent").contains("9999-12-31T00:00:00Z")
                .contains("2100-01-01T00:00:00Z");

        // A forged fill dated within what the static rules and the wall clock allow, but 45 days after today: the
        // gateway's own bound refuses it, and today stays.
        FillExecuted far = TestEvents.entry("TODAYUSDT", "sx-forged-later", "100", "1", Instant.parse("2024-03-01T00:00:00Z"));
        infra.publish(Topics.FILLS, far);
        ConsumerRecord<String, String> dead = deadLetter(Topics.FILLS, far.eventId().value());
        assertThat(TestInfra.header(dead, Topics.DLQ_REASON_HEADER)).contains("market time may move at most 7 day(s) at once")
                .contains("today stays 2024-01-16");
        // the same for a position update and a fill handed to the trade projection
        assertThatThrownBy(() -> projection.checkPosition(TestEvents.longPosition("TODAYUSDT", "sx-forged-later", "1", "100",
                "97", "106", far.tsEvent()))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("today stays 2024-01-16");
        assertThatThrownBy(() -> projection.onFill(far)).hasMessageContaining("market time may move at most 7 day(s)");
        given().get("/api/v1/status").then().statusCode(200).body("account.pnlDay", equalTo("2024-01-16"));
        assertThat(storedMarketTime()).as("what a restart continues from").isEqualTo(Instant.parse("2024-01-16T08:59:59.999Z"));

        infra.publish(Topics.CANDLES, TestEvents.hourCandle("TODAYUSDT", Instant.parse("2024-01-18T08:00:00Z"), "101", "102"));
        await().atMost(WAIT).untilAsserted(() -> given().get("/api/v1/status").then().statusCode(200)
                .body("account.pnlDay", equalTo("2024-01-18")));
        assertThat(storedMarketTime()).isEqualTo(Instant.parse("2024-01-18T08:59:59.999Z"));
    }

    /** The dead letter of the record of {@code topic} whose payload carries {@code eventId}. */
    private ConsumerRecord<String, String> deadLetter(String topic, String eventId) {
        return await().atMost(WAIT).until(() -> infra.read(Topics.dlq(topic), Integer.MAX_VALUE, Duration.ofSeconds(2))
                .stream().filter(r -> r.value().contains(eventId)).findFirst().orElse(null), r -> r != null);
    }

    /** {@code json} with its top-level text field {@code field} set to {@code value}: a forger's edit. */
    private static String withField(String json, String field, String value) throws Exception {
        ObjectNode node = (ObjectNode) JSON.readTree(json);
        assertThat(node.has(field)).as("field %s in %s", field, json).isTrue();
        node.put(field, value);
        return JSON.writeValueAsString(node);
    }

    private Instant storedMarketTime() throws Exception {
        try (Connection c = TestInfra.jdbc(); PreparedStatement ps = c.prepareStatement("SELECT latest FROM "
                + infra.schema("gateway") + ".market_time WHERE id = 1"); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getTimestamp(1).toInstant() : null;
        }
    }
}
