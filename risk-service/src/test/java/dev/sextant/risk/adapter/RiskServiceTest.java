package dev.sextant.risk.adapter;

import static dev.sextant.risk.domain.TestEvents.BTC;
import static dev.sextant.risk.domain.TestEvents.ETH;
import static dev.sextant.risk.domain.TestEvents.candle;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.sextant.contracts.event.CandleSettled;
import dev.sextant.contracts.event.ControlEvent;
import dev.sextant.contracts.event.FeaturesComputed;
import dev.sextant.contracts.event.FillExecuted;
import dev.sextant.contracts.event.Interval;
import dev.sextant.contracts.event.PositionChanged;
import dev.sextant.contracts.event.PositionSide;
import dev.sextant.contracts.event.OrderBookSnapshotTaken;
import dev.sextant.contracts.event.PredictionMade;
import dev.sextant.contracts.event.RiskCheck;
import dev.sextant.contracts.event.RiskDecisionMade;
import dev.sextant.contracts.event.StopRequested;
import dev.sextant.contracts.event.TradingState;
import dev.sextant.contracts.event.TradingStateChanged;
import dev.sextant.contracts.id.ClientOrderId;
import dev.sextant.contracts.id.EventId;
import dev.sextant.contracts.id.Ids;
import dev.sextant.contracts.json.EventCodec;
import dev.sextant.contracts.state.LatestStateKeys;
import dev.sextant.contracts.topic.Topics;
import dev.sextant.risk.domain.TestEvents;
import dev.sextant.testing.InjectInfra;
import dev.sextant.testing.RealInfraResource;
import dev.sextant.testing.TestInfra;
import io.quarkus.redis.datasource.RedisDataSource;
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
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * risk-service against the real Kafka, PostgreSQL and Redis (own topics, schema and keys per run).
 * The steps build on each other, hence the order. Inputs are applied as they arrive
 * ({@link ArrivalSequencing}): these steps publish no settlements; {@link KernelSequencingTest} covers the
 * default kernel sequencing.
 */
@QuarkusTest
@TestProfile(ArrivalSequencing.class)
@QuarkusTestResource(value = RealInfraResource.class, initArgs = @ResourceArg(name = "schema", value = "risk"))
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RiskServiceTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final PredictionMade FIRST = TestEvents.prediction(BTC, candle(0), 0.6, 0.4, 0.6);

    @InjectInfra
    TestInfra infra;

    @Inject
    RedisDataSource redis;

    @Test
    @Order(1)
    void announcesTheTradingStateAtStartup() {
        TradingStateChanged hello = await().atMost(WAIT).until(() -> stateChanges().stream().findFirst().orElse(null),
                change -> change != null);
        assertThat(hello.state()).isEqualTo(TradingState.RUNNING);
        assertThat(hello.previous()).isEqualTo(TradingState.RUNNING);
        assertThat(hello.reason()).isEqualTo("risk-service started in state RUNNING");
    }

    @Test
    @Order(2)
    void approvesTheWorkedExampleWithItsIntentAndEveryCheck() throws Exception {
        infra.publish(Topics.FEATURES, TestEvents.features(BTC, candle(0), 67650.0, 890.0));
        infra.publish(Topics.PREDICTIONS, FIRST);

        RiskDecisionMade decision = awaitDecisionFor(FIRST);

        assertThat(decision.approved()).as(decision.reason()).isTrue();
        assertThat(decision.eventId()).isEqualTo(Ids.derivedFrom("decision", FIRST.eventId()));
        assertThat(decision.tsEvent()).isEqualTo(FIRST.tsEvent());
        assertThat(decision.intent().quantity()).isEqualByComparingTo("0.1124");
        assertThat(decision.intent().stopLoss()).isEqualByComparingTo("65870");
        assertThat(decision.intent().takeProfit()).isEqualByComparingTo("71210");
        assertThat(decision.checks()).extracting(RiskCheck::name).containsExactly("trading_state", "direction",
                "confidence", "position", "daily_loss", "volatility", "spread", "notional_cap", "min_notional", "slippage",
                "liquidity");
        assertThat(decision.checks()).allMatch(RiskCheck::passed);
        assertThat(decision.checks()).filteredOn(c -> c.name().equals("spread")).singleElement()
                .satisfies(c -> assertThat(c.detail()).isEqualTo("spread unknown"));

        String cached = redis.value(String.class).get(LatestStateKeys.decision(infra.redisKeyPrefix(), BTC));
        assertThat(EventCodec.decode(cached, RiskDecisionMade.class)).isEqualTo(decision);
        assertThat(storedDecisions(decision.eventId())).isEqualTo(1);
    }

    @Test
    @Order(3)
    void deniesASecondEntryInTheSameSymbolWhileTheFirstIsPending() {
        PredictionMade second = TestEvents.prediction(BTC, candle(1), 0.7, 0.3, 0.7);
        infra.publish(Topics.PREDICTIONS, second); // before its features: the join waits for them
        infra.publish(Topics.FEATURES, TestEvents.features(BTC, candle(1), 67700.0, 880.0));

        RiskDecisionMade decision = awaitDecisionFor(second);

        assertThat(decision.approved()).isFalse();
        assertThat(decision.reason()).startsWith("position open in BTCUSDT");
        assertThat(decision.causationId()).isEqualTo(second.eventId());
    }

    @Test
    @Order(4)
    void aRedeliveredPredictionProducesNoSecondDecision() throws Exception {
        infra.publish(Topics.PREDICTIONS, FIRST);
        PredictionMade marker = TestEvents.prediction(BTC, candle(2), 0.6, 0.4, 0.6);
        infra.publish(Topics.FEATURES, TestEvents.features(BTC, candle(2), 67700.0, 880.0));
        infra.publish(Topics.PREDICTIONS, marker); // same key, same partition: handled after the redelivery

        awaitDecisionFor(marker);

        EventId first = Ids.derivedFrom("decision", FIRST.eventId());
        assertThat(decisions()).filteredOn(d -> d.eventId().equals(first)).hasSize(1);
        assertThat(storedDecisions(first)).isEqualTo(1);
    }

    @Test
    @Order(5)
    void pauseAnnouncesPausedAndDeniesTheNextEntry() {
        infra.publish(Topics.CONTROL, TestEvents.pause(candle(3)));

        TradingStateChanged paused = await().atMost(WAIT).until(
                () -> stateChanges().stream().filter(c -> c.state() == TradingState.PAUSED).findFirst().orElse(null),
                change -> change != null);
        assertThat(paused.previous()).isEqualTo(TradingState.RUNNING);
        assertThat(paused.causationId()).isEqualTo(TestEvents.pause(candle(3)).eventId());

        PredictionMade eth = TestEvents.prediction(ETH, candle(3), 0.6, 0.4, 0.6);
        infra.publish(Topics.FEATURES, TestEvents.features(ETH, candle(3), 3500.0, 50.0));
        infra.publish(Topics.PREDICTIONS, eth);
        RiskDecisionMade decision = awaitDecisionFor(eth);
        assertThat(decision.approved()).isFalse();
        assertThat(decision.reason()).isEqualTo("trading state PAUSED: new entries need RUNNING");

        String equity = given().get("/risk/state").then().statusCode(200).extract().jsonPath().getString("equity");
        assertThat(new BigDecimal(equity)).as("booked at execution's quote scale").isEqualByComparingTo("10000");
        given().get("/risk/state").then().statusCode(200)
                .body("tradingState", equalTo("PAUSED"))
                .body("pendingSymbols", hasItem("BTCUSDT"))
                .body("thresholds.'confidence-threshold'", equalTo("0.55"))
                .body("thresholds.'min-notional'", equalTo("10"))
                .body("tradingStateReason", equalTo("pause requested by operator"));
        String cached = redis.value(String.class).get(LatestStateKeys.tradingState(infra.redisKeyPrefix()));
        assertThat(((TradingStateChanged) EventCodec.decode(cached, ControlEvent.class)).state()).isEqualTo(TradingState.PAUSED);
    }

    @Test
    @Order(6)
    void aMalformedPredictionGoesToTheDeadLetterTopicWithTheReason() {
        infra.publishRaw(Topics.PREDICTIONS, "BTCUSDT", "{\"type\":\"PredictionMade\",\"symbol\":\"BTCUSDT\"}");

        List<ConsumerRecord<String, String>> dead = await().atMost(WAIT)
                .until(() -> infra.read(Topics.dlq(Topics.PREDICTIONS), 1, Duration.ofSeconds(3)), records -> !records.isEmpty());

        assertThat(dead.get(0).value()).contains("\"symbol\":\"BTCUSDT\"");
        assertThat(TestInfra.header(dead.get(0), Topics.DLQ_REASON_HEADER)).contains("invalid PredictionMade");
    }

    @Test
    @Order(7)
    void aLossBeyondTheDailyLimitHaltsAndOnlyAStartResumes() {
        // the entry risk approved in step 2 (fills of positions risk never approved are refused: see step 10); part of
        // it is closed here at a 600 loss, the rest in step 9
        ClientOrderId entry = Ids.clientOrderId(Ids.derivedFrom("decision", FIRST.eventId()));
        infra.publish(Topics.FILLS, TestEvents.entryFill(BTC, entry, candle(1), "67652", "0.1124", "0.00"));
        infra.publish(Topics.FILLS, TestEvents.exitFill(BTC, entry, candle(4), "62300", "0.1000", "7.00", "-600.00"));

        TradingStateChanged halted = await().atMost(WAIT).until(
                () -> stateChanges().stream().filter(c -> c.state() == TradingState.HALTED).findFirst().orElse(null),
                change -> change != null);
        assertThat(halted.previous()).isEqualTo(TradingState.PAUSED);
        assertThat(halted.reason()).startsWith("daily loss 0.06000000 reached limit 0.05");
        assertThat(new BigDecimal(given().get("/risk/state").then().statusCode(200).extract().path("equity").toString()))
                .isEqualByComparingTo("9400.00");

        infra.publish(Topics.CONTROL, TestEvents.resume(candle(5)));
        infra.publish(Topics.CONTROL, TestEvents.start(candle(5)));
        TradingStateChanged running = await().atMost(WAIT).until(
                () -> stateChanges().stream().filter(c -> c.causationId() != null && c.state() == TradingState.RUNNING)
                        .findFirst().orElse(null), change -> change != null);
        assertThat(running.previous()).as("resume did not lift the halt").isEqualTo(TradingState.HALTED);
        assertThat(running.causationId()).isEqualTo(TestEvents.start(candle(5)).eventId());
    }

    @Test
    @Order(8)
    void anInvalidSettingsUpdateGoesToTheDeadLetterTopicAndChangesNothing() {
        infra.publish(Topics.CONTROL, TestEvents.settings("risk-service", Map.of("risk-per-trade", "-0.02"), candle(6)));

        List<ConsumerRecord<String, String>> dead = await().atMost(WAIT)
                .until(() -> infra.read(Topics.dlq(Topics.CONTROL), 1, Duration.ofSeconds(3)), records -> !records.isEmpty());

        assertThat(TestInfra.header(dead.get(0), Topics.DLQ_REASON_HEADER)).contains("sextant.risk.risk-per-trade");
        given().get("/risk/state").then().statusCode(200).body("thresholds.'risk-per-trade'", equalTo("0.02"));
    }

    @Test
    @Order(9)
    void aDailyLossHaltLiftsAtTheNextUtcDayAndTheChangeIsPublished() {
        // still day 2024-03-01 with a 6 % loss: the next fill (the rest of step 7's position) halts again
        // (daily-loss-halt = until-next-day by default)
        ClientOrderId entry = Ids.clientOrderId(Ids.derivedFrom("decision", FIRST.eventId()));
        FillExecuted rest = TestEvents.exitFill(BTC, entry, candle(6), "62400", "0.0124", "0.77", "-65.00");
        infra.publish(Topics.FILLS, rest);
        TradingStateChanged halted = await().atMost(WAIT).until(() -> stateChanges().stream()
                .filter(c -> c.state() == TradingState.HALTED && rest.eventId().equals(c.causationId())).findFirst().orElse(null),
                change -> change != null);
        assertThat(halted.previous()).isEqualTo(TradingState.RUNNING);
        assertThat(halted.reason()).endsWith("; the halt lifts at the next UTC day boundary (the first event of 2024-03-02 or later)"
                + " or with an operator start");

        // the first prediction of 2024-03-02 (candle 10 closes at 01:00) lifts it before it is decided
        PredictionMade nextDay = TestEvents.prediction(BTC, candle(10), 0.6, 0.4, 0.6);
        infra.publish(Topics.FEATURES, TestEvents.features(BTC, candle(10), 67650.0, 890.0));
        infra.publish(Topics.PREDICTIONS, nextDay);

        TradingStateChanged lifted = await().atMost(WAIT).until(() -> stateChanges().stream()
                .filter(c -> halted.eventId().equals(c.causationId())).findFirst().orElse(null), change -> change != null);
        assertThat(lifted.state()).isEqualTo(TradingState.RUNNING);
        assertThat(lifted.previous()).isEqualTo(TradingState.HALTED);
        assertThat(lifted.reason()).isEqualTo("daily loss halt of 2024-03-01 lifted at the UTC day boundary 2024-03-02");
        assertThat(lifted.eventId()).isEqualTo(Ids.derivedFrom("trading-state-halt-lifted", halted.eventId()));
        assertThat(lifted.tsEvent()).isEqualTo(Instant.parse("2024-03-02T00:00:00Z"));
        RiskDecisionMade decision = awaitDecisionFor(nextDay);
        assertThat(decision.approved()).as(decision.reason()).isTrue();
        assertThat(stateChanges()).filteredOn(c -> c.eventId().equals(lifted.eventId())).as("published once").hasSize(1);

        given().get("/risk/state").then().statusCode(200)
                .body("tradingState", equalTo("RUNNING"))
                .body("tradingStateReason", equalTo(lifted.reason()))
                .body("day", equalTo("2024-03-02"))
                .body("thresholds.'daily-loss-halt'", equalTo("until-next-day"));
        String cached = redis.value(String.class).get(LatestStateKeys.tradingState(infra.redisKeyPrefix()));
        assertThat(EventCodec.decode(cached, ControlEvent.class)).isEqualTo(lifted);
    }

    @Test
    @Order(10)
    void forgedFillsAndPositionsAreDeadLetteredWithTheReasonAndBookNothing() {
        BigDecimal equity = new BigDecimal(given().get("/risk/state").then().statusCode(200).extract().path("equity").toString());
        BigDecimal available = new BigDecimal(given().get("/risk/state").then().statusCode(200)
                .extract().path("availableEquity").toString());

        // the hostile tester's records: a position and fills of a position execution never opened
        ClientOrderId forged = Ids.clientOrderId(Ids.derive("decision", "never-approved"));
        PositionChanged position = TestEvents.position(ETH, forged.value(), PositionSide.LONG, "10", "3000", candle(11));
        FillExecuted entry = TestEvents.entryFill(ETH, forged, candle(11), "3000", "10", "30");
        FillExecuted loss = TestEvents.exitFill(ETH, forged, candle(12), "1", "10", "0", "-20010");
        FillExecuted farFuture = TestEvents.entryFill(BTC, Ids.clientOrderId(Ids.derivedFrom("decision", FIRST.eventId())),
                Instant.parse("2099-12-31T00:00:00Z"), "67652", "0.0001", "0");
        infra.publish(Topics.POSITIONS, position);
        infra.publish(Topics.FILLS, entry);
        infra.publish(Topics.FILLS, loss);
        infra.publish(Topics.FILLS, farFuture);

        String reason = "was not opened by an entry risk-service approved";
        assertThat(awaitDeadLetter(Topics.POSITIONS, position.eventId())).contains(reason);
        assertThat(awaitDeadLetter(Topics.FILLS, entry.eventId())).contains(reason);
        assertThat(awaitDeadLetter(Topics.FILLS, loss.eventId())).contains(reason);
        // refused by the consumer's event-time window (the wall clock) before risk's own day-jump bound
        // (core/risk ForgedInputTest) would be reached
        assertThat(awaitDeadLetter(Topics.FILLS, farFuture.eventId())).contains("after the wall clock");
        given().get("/risk/state").then().statusCode(200).body("day", equalTo("2024-03-02"));
        assertThat(new BigDecimal(given().get("/risk/state").then().statusCode(200).extract().path("equity").toString()))
                .isEqualByComparingTo(equity);
        assertThat(new BigDecimal(given().get("/risk/state").then().statusCode(200).extract().path("availableEquity")
                .toString())).isEqualByComparingTo(available);
    }

    @Test
    @Order(11)
    void aCommandIsAppliedOncePerIdAndAReplayedOldStopDoesNotStopTheBot() throws Exception {
        StopRequested stop = TestEvents.stop(candle(12));
        infra.publish(Topics.CONTROL, stop);
        infra.publish(Topics.CONTROL, stop); // delivered twice
        infra.publish(Topics.CONTROL, TestEvents.start(candle(13)));
        infra.publish(Topics.CONTROL, stop); // the old stop replayed after the start
        StopRequested staleCopy = new StopRequested(Ids.derive("stop-copy", candle(12)), candle(12), candle(12), null,
                StopRequested.SCHEMA_VERSION, null, "operator"); // the same old stop under a new id
        infra.publish(Topics.CONTROL, staleCopy);
        infra.publish(Topics.CONTROL, TestEvents.pause(candle(14)));

        // the pause applies only from RUNNING: had either stop been applied again, the bot would stay STOPPED
        TradingStateChanged paused = await().atMost(WAIT).until(() -> stateChanges().stream()
                .filter(c -> TestEvents.pause(candle(14)).eventId().equals(c.causationId())).findFirst().orElse(null),
                change -> change != null);
        assertThat(paused.previous()).isEqualTo(TradingState.RUNNING);
        assertThat(paused.state()).isEqualTo(TradingState.PAUSED);
        assertThat(stateChanges()).filteredOn(c -> stop.eventId().equals(c.causationId())).as("the stop changed the state once")
                .singleElement().satisfies(c -> assertThat(c.state()).isEqualTo(TradingState.STOPPED));
        assertThat(stateChanges()).filteredOn(c -> staleCopy.eventId().equals(c.causationId())).isEmpty();
        given().get("/risk/state").then().statusCode(200).body("tradingState", equalTo("PAUSED"));
        assertThat(commandOutcomes(stop.eventId())).containsExactly("applied");
        assertThat(commandOutcomes(staleCopy.eventId())).containsExactly("stale");
    }

    @Test
    @Order(12)
    void executionsSettlementsMoveTheLatestAdmittedTimeSoItsReportsDaysAheadAreNotRefused() throws Exception {
        // a fast replay: execution settles candle after candle while features and predictions lag behind; 20 days
        // ahead of today, a features record would be refused as forged without the settlements' market time
        for (int day = 2; day <= 20; day += 2) {
            infra.publish(Topics.SETTLEMENTS, CandleSettled.of(BTC, Interval.H1, candle(24 * day), 0, 0, 0, null, null,
                    Instant.now()));
        }
        FeaturesComputed ahead = TestEvents.features(BTC, candle(24 * 20), 67650.0, 890.0);
        infra.publish(Topics.FEATURES, ahead);
        await().atMost(WAIT).until(() -> markStored(candle(24 * 20)));
        FeaturesComputed forged = TestEvents.features(BTC, candle(24 * 40), 67650.0, 890.0);
        infra.publish(Topics.FEATURES, forged);
        assertThat(awaitDeadLetter(Topics.FEATURES, forged.eventId())).contains("market time may move at most 7 day(s)");
    }

    @Test
    @Order(13)
    void anOrderBookDatedPastTheWallClocksBoundIsDeadLettered() {
        OrderBookSnapshotTaken forged = TestEvents.book(BTC, "67640", "67660", Instant.parse("2099-01-01T00:00:00Z"));
        infra.publish(Topics.ORDERBOOK, forged);
        assertThat(awaitDeadLetter(Topics.ORDERBOOK, forged.eventId())).contains("after the wall clock");
    }

    private boolean markStored(Instant candleOpenTime) throws Exception {
        try (Connection c = TestInfra.jdbc(); PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM "
                + infra.schema("risk") + ".feature_marks WHERE symbol = 'BTCUSDT' AND candle_open_time = ?")) {
            ps.setTimestamp(1, java.sql.Timestamp.from(candleOpenTime));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getInt(1) == 1;
            }
        }
    }

    private String awaitDeadLetter(String topic, EventId id) {
        ConsumerRecord<String, String> dead = await().atMost(WAIT).until(() -> infra.read(Topics.dlq(topic), Integer.MAX_VALUE,
                        Duration.ofSeconds(2)).stream().filter(r -> r.value().contains(id.value())).findFirst().orElse(null),
                r -> r != null);
        assertThat(TestInfra.header(dead, Topics.DLQ_CONSUMER_HEADER)).as("the refusing service").isEqualTo("risk-service");
        return TestInfra.header(dead, Topics.DLQ_REASON_HEADER);
    }

    private List<String> commandOutcomes(EventId id) throws Exception {
        try (Connection c = TestInfra.jdbc(); PreparedStatement ps = c.prepareStatement("SELECT outcome FROM "
                + infra.schema("risk") + ".applied_commands WHERE event_id = ?")) {
            ps.setString(1, id.value());
            List<String> outcomes = new java.util.ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    outcomes.add(rs.getString(1));
                }
            }
            return outcomes;
        }
    }

    private RiskDecisionMade awaitDecisionFor(PredictionMade prediction) {
        EventId id = Ids.derivedFrom("decision", prediction.eventId());
        return await().atMost(WAIT).until(
                () -> decisions().stream().filter(d -> d.eventId().equals(id)).findFirst().orElse(null), d -> d != null);
    }

    private List<RiskDecisionMade> decisions() {
        return TestInfra.decode(infra.read(Topics.SIGNALS, Integer.MAX_VALUE, Duration.ofSeconds(3)), RiskDecisionMade.class);
    }

    private List<TradingStateChanged> stateChanges() {
        return TestInfra.decode(infra.read(Topics.CONTROL, Integer.MAX_VALUE, Duration.ofSeconds(3)), ControlEvent.class)
                .stream().filter(TradingStateChanged.class::isInstance).map(TradingStateChanged.class::cast).toList();
    }

    private int storedDecisions(EventId id) throws Exception {
        try (Connection c = TestInfra.jdbc();
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM " + infra.schema("risk") + ".decisions WHERE event_id = ?")) {
            ps.setString(1, id.value());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
