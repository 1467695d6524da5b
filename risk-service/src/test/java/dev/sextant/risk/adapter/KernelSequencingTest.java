package dev.sextant.risk.adapter;

import static dev.sextant.risk.domain.TestEvents.BTC;
import static dev.sextant.risk.domain.TestEvents.candle;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sextant.contracts.event.CandleSettled;
import dev.sextant.contracts.event.FillExecuted;
import dev.sextant.contracts.event.Interval;
import dev.sextant.contracts.event.PredictionMade;
import dev.sextant.contracts.event.RiskDecisionMade;
import dev.sextant.contracts.id.EventId;
import dev.sextant.contracts.id.Ids;
import dev.sextant.contracts.topic.Topics;
import dev.sextant.risk.domain.KernelSequencer;
import dev.sextant.risk.domain.TestEvents;
import dev.sextant.testing.InjectInfra;
import dev.sextant.testing.RealInfraResource;
import dev.sextant.testing.TestInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * risk-service's default kernel sequencing over the real Kafka and PostgreSQL: a decision waits for
 * execution's settlement of its candle and the events it counts, an approved one for execution's answer,
 * and a step execution never confirms is denied after the (here 20 s) step timeout, saying why.
 */
@QuarkusTest
@TestProfile(KernelSequencing.class)
@QuarkusTestResource(value = RealInfraResource.class, initArgs = @ResourceArg(name = "schema", value = "risk"))
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KernelSequencingTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @InjectInfra
    TestInfra infra;

    static CandleSettled settled(Instant candle, long fills, long positions, long outcomes, EventId lastDecision) {
        return CandleSettled.of(BTC, Interval.H1, candle, fills, positions, outcomes, lastDecision, null, Instant.now());
    }

    @Test
    @Order(1)
    void decidesOnceExecutionSettledTheCandleAndAppliesARejectionBeforeTheNextStep() throws Exception {
        PredictionMade first = TestEvents.prediction(BTC, candle(0), 0.6, 0.4, 0.6);
        infra.publish(Topics.PREDICTIONS, first);
        infra.publish(Topics.FEATURES, TestEvents.features(BTC, candle(0), 67650.0, 890.0));
        await().atMost(WAIT).until(() -> inbox(false) == 2); // held in the inbox
        assertThat(decisions()).as("no decision before execution settled the candle").isEmpty();

        infra.publish(Topics.SETTLEMENTS, settled(candle(0), 0, 0, 0, null));
        RiskDecisionMade approved = awaitDecisionFor(first);
        assertThat(approved.approved()).as(approved.reason()).isTrue();

        // execution rejects it (its answer: the settlement naming the decision, counting one outcome)
        infra.publish(Topics.SETTLEMENTS, settled(candle(0), 0, 0, 1, approved.eventId()));
        infra.publish(Topics.ORDERS, TestEvents.rejected(BTC, Ids.clientOrderId(approved.eventId()), approved.tsEvent()));
        PredictionMade second = TestEvents.prediction(BTC, candle(1), 0.6, 0.4, 0.6);
        infra.publish(Topics.FEATURES, TestEvents.features(BTC, candle(1), 67650.0, 890.0));
        infra.publish(Topics.PREDICTIONS, second);
        infra.publish(Topics.SETTLEMENTS, settled(candle(1), 0, 0, 1, approved.eventId()));

        RiskDecisionMade again = awaitDecisionFor(second);
        assertThat(again.approved()).as("the rejection freed the symbol: %s", again.reason()).isTrue();
    }

    @Test
    @Order(2)
    void aStepExecutionNeverConfirmsIsDeniedAfterTheTimeoutSayingWhy() {
        PredictionMade third = TestEvents.prediction(BTC, candle(2), 0.6, 0.4, 0.6);
        infra.publish(Topics.FEATURES, TestEvents.features(BTC, candle(2), 67650.0, 890.0));
        infra.publish(Topics.PREDICTIONS, third);

        RiskDecisionMade denied = awaitDecisionFor(third);
        assertThat(denied.approved()).isFalse();
        assertThat(denied.reason()).isEqualTo("account state of BTCUSDT as of " + candle(2)
                + " not confirmed by execution within 20s");
        assertThat(denied.checks()).extracting(c -> c.name()).containsExactly(KernelSequencer.CHECK);
    }

    @Test
    @Order(3)
    void forgedAndFarFutureInputsAreRefusedBeforeTheInboxAndTheNextStepStillRuns() throws Exception {
        FillExecuted forged = TestEvents.entryFill(BTC, Ids.clientOrderId(Ids.derive("test", "forged")), candle(3), "67650", "5", "1");
        PredictionMade far = TestEvents.prediction(BTC, Instant.parse("2099-12-31T00:00:00Z"), 0.6, 0.4, 0.6);
        infra.publish(Topics.FILLS, forged);
        infra.publish(Topics.PREDICTIONS, far);

        assertThat(awaitDeadLetter(Topics.FILLS, forged.eventId())).contains("FillExecuted " + forged.eventId()
                + " refused: position " + forged.positionId() + " was not opened by an entry risk-service approved");
        // refused by the consumer's event-time window (the wall clock) before risk's own day-jump bound
        // (core/risk ForgedInputTest) would be reached
        assertThat(awaitDeadLetter(Topics.PREDICTIONS, far.eventId())).contains("after the wall clock");
        assertThat(inboxRows(forged.eventId())).as("never held, never counted").isZero();
        assertThat(inboxRows(far.eventId())).isZero();

        // the next real step is decided as soon as execution settled it (no timeout: nothing forged is waited for)
        PredictionMade fourth = TestEvents.prediction(BTC, candle(3), 0.6, 0.4, 0.6);
        infra.publish(Topics.FEATURES, TestEvents.features(BTC, candle(3), 67650.0, 890.0));
        infra.publish(Topics.PREDICTIONS, fourth);
        infra.publish(Topics.SETTLEMENTS, settled(candle(3), 0, 0, 1, lastApproved()));
        RiskDecisionMade decision = awaitDecisionFor(fourth);
        assertThat(decision.reason()).doesNotContain("not confirmed by execution");
    }

    private EventId lastApproved() {
        return decisions().stream().filter(RiskDecisionMade::approved).reduce((a, b) -> b).orElseThrow().eventId();
    }

    private String awaitDeadLetter(String topic, EventId id) {
        ConsumerRecord<String, String> dead = await().atMost(WAIT).until(() -> infra.read(Topics.dlq(topic), Integer.MAX_VALUE,
                        Duration.ofSeconds(2)).stream().filter(r -> r.value().contains(id.value())).findFirst().orElse(null),
                r -> r != null);
        return TestInfra.header(dead, Topics.DLQ_REASON_HEADER);
    }

    private int inboxRows(EventId id) throws Exception {
        try (Connection c = TestInfra.jdbc();
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM " + infra.schema("risk") + ".inbox WHERE event_id = ?")) {
            ps.setString(1, id.value());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private RiskDecisionMade awaitDecisionFor(PredictionMade prediction) {
        EventId id = Ids.derivedFrom("decision", prediction.eventId());
        return await().atMost(WAIT).until(
                () -> decisions().stream().filter(d -> d.eventId().equals(id)).findFirst().orElse(null), d -> d != null);
    }

    private List<RiskDecisionMade> decisions() {
        return TestInfra.decode(infra.read(Topics.SIGNALS, Integer.MAX_VALUE, Duration.ofSeconds(1)), RiskDecisionMade.class);
    }

    private int inbox(boolean applied) throws Exception {
        try (Connection c = TestInfra.jdbc();
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM " + infra.schema("risk") + ".inbox WHERE applied = ?")) {
            ps.setBoolean(1, applied);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
