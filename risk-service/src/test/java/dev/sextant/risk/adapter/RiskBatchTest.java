package dev.sextant.risk.adapter;

import static dev.sextant.risk.domain.TestEvents.BTC;
import static dev.sextant.risk.domain.TestEvents.ETH;
import static dev.sextant.risk.domain.TestEvents.candle;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.sextant.contracts.event.CandleSettled;
import dev.sextant.contracts.event.Event;
import dev.sextant.contracts.event.Interval;
import dev.sextant.contracts.event.PredictionMade;
import dev.sextant.contracts.event.RiskDecisionMade;
import dev.sextant.contracts.event.TradingState;
import dev.sextant.contracts.id.EventId;
import dev.sextant.contracts.id.Ids;
import dev.sextant.contracts.id.Symbol;
import dev.sextant.kit.consumer.FailureKind;
import dev.sextant.kit.consumer.InfrastructureException;
import dev.sextant.risk.domain.KernelSequencer;
import dev.sextant.risk.domain.TestEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * risk-service's kernel sequencing in batches, over the real PostgreSQL (a schema per service) with a recording
 * publisher: a consumer batch is taken in memory and stored by its flush in one transaction, its events sent together
 * and their acknowledgements awaited together; the result is the same as one record per batch, failures of the flush
 * are retried without storing or publishing anything twice, a bug in one record leaves the others' work intact, and
 * every other writer of the snapshot (control commands, the ticker, start-up) stores the pending batch first.
 */
class RiskBatchTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    // ------------------------------------------------------------------ a scenario

    static CandleSettled settled(Symbol symbol, Instant candle, long outcomes, EventId lastDecision) {
        return CandleSettled.of(symbol, Interval.H1, candle, 0, 0, outcomes, lastDecision, null, candle.plus(Duration.ofHours(1)));
    }

    /** The inputs of a scenario and what the reference (one record per batch) published for each prediction. */
    record Scenario(List<Event> inputs, List<PredictionMade> predictions) {}

    /**
     * Features, predictions and execution's settlements of BTC and ETH for {@code candles} candles; every third
     * prediction has too little confidence (denied), an approved decision is answered by execution (an OrderRejected
     * and the settlement naming the decision, counting it), and every other candle the prediction arrives before its
     * features. Built against {@code reference}, which applies one record per batch and decides what execution
     * answers.
     */
    static Scenario scenario(RiskHarness reference, int candles) {
        List<Event> inputs = new ArrayList<>();
        List<PredictionMade> predictions = new ArrayList<>();
        Map<Symbol, Long> outcomes = new HashMap<>();
        Map<Symbol, EventId> lastApproved = new HashMap<>();
        for (int i = 0; i < candles; i++) {
            for (Symbol symbol : List.of(BTC, ETH)) {
                Instant open = candle(i);
                double confidence = i % 3 == 2 ? 0.5 : 0.6;
                PredictionMade prediction = TestEvents.prediction(symbol, open, 0.6, 0.4, confidence);
                Event features = symbol.equals(BTC) ? TestEvents.features(BTC, open, 67650.0, 890.0)
                        : TestEvents.features(ETH, open, 3500.0, 50.0);
                List<Event> step = i % 2 == 0 ? List.of(features, prediction) : List.of(prediction, features);
                List<Event> all = new ArrayList<>(step);
                all.add(settled(symbol, open, outcomes.getOrDefault(symbol, 0L), lastApproved.get(symbol)));
                reference.perRecord(all);
                inputs.addAll(all);
                predictions.add(prediction);
                RiskDecisionMade decision = reference.decisionFor(prediction);
                if (decision.approved()) {
                    outcomes.merge(symbol, 1L, Long::sum);
                    lastApproved.put(symbol, decision.eventId());
                    List<Event> answer = List.of(TestEvents.rejected(symbol, Ids.clientOrderId(decision.eventId()),
                            decision.tsEvent()), settled(symbol, open, outcomes.get(symbol), decision.eventId()));
                    reference.perRecord(answer);
                    inputs.addAll(answer);
                }
            }
        }
        return new Scenario(inputs, predictions);
    }

    private static List<String> outcomes(List<RiskDecisionMade> decisions) {
        return decisions.stream().map(d -> d.eventId() + " " + d.approved() + " " + d.reason()).toList();
    }

    /** Stored and in-memory state, decisions and their publishing are those of the reference. */
    private static void assertSameAs(RiskHarness reference, RiskHarness batched) {
        assertSameAs(reference, batched, true);
    }

    private static void assertSameAs(RiskHarness reference, RiskHarness batched, boolean inOrder) {
        if (inOrder) {
            assertThat(outcomes(batched.publishedDecisions())).as("decisions published once each, in the reference's order")
                    .containsExactlyElementsOf(outcomes(reference.publishedDecisions()));
        } else {
            assertThat(outcomes(batched.publishedDecisions())).as("decisions published once each")
                    .containsExactlyInAnyOrderElementsOf(outcomes(reference.publishedDecisions()));
        }
        assertThat(batched.publishedStates()).containsExactlyElementsOf(reference.publishedStates());
        assertThat(batched.storedSnapshot()).isEqualTo(reference.storedSnapshot());
        assertThat(batched.storedSequencerState()).isEqualTo(reference.storedSequencerState());
        assertThat(batched.storedDecisions()).isEqualTo(reference.storedDecisions()).allMatch(d -> d.endsWith(" true"));
        assertThat(batched.memorySnapshot()).as("memory is what is stored").isEqualTo(batched.storedSnapshot());
        assertThat(batched.memorySequencerState()).isEqualTo(batched.storedSequencerState());
    }

    // ------------------------------------------------------------------ equivalence and cost

    @Test
    void aBatchFlushedOnceDecidesAndStoresExactlyWhatOneRecordPerBatchDoesInOneTransaction() {
        try (RiskHarness reference = RiskHarness.kernel(); RiskHarness batched = RiskHarness.kernel();
             RiskHarness chunked = RiskHarness.kernel()) {
            Scenario scenario = scenario(reference, 13);
            assertThat(scenario.inputs()).hasSizeGreaterThanOrEqualTo(100);
            assertThat(reference.publishedDecisions()).hasSize(26).anyMatch(RiskDecisionMade::approved)
                    .anyMatch(d -> !d.approved());
            int referenceCommits = reference.db.commits.get();

            batched.apply(scenario.inputs());
            assertThat(batched.publishedDecisions()).as("nothing is published before the flush").isEmpty();
            assertThat(batched.storedDecisions()).as("nothing is stored before the flush").isEmpty();
            int commits = batched.db.commits.get();
            int statements = batched.db.statements.get();
            batched.flush();

            assertThat(batched.db.commits.get() - commits)
                    .as("one transaction for the batch and one statement marking its decisions published")
                    .isEqualTo(2);
            assertThat(batched.db.statements.get() - statements).as("statements of the flush").isLessThanOrEqualTo(9);
            assertThat(referenceCommits).as("one record per batch").isGreaterThan(100);
            assertSameAs(reference, batched);
            assertThat(batched.inboxRows()).isEqualTo(reference.inboxRows());
            assertThat(batched.service.knownInboxIds().stream().map(EventId::value).toList())
                    .containsExactlyInAnyOrderElementsOf(batched.inboxIds());

            // the same in batches of 7 through the kit's batch runner
            List<Event> inputs = scenario.inputs();
            for (int from = 0; from < inputs.size(); from += 7) {
                chunked.run(inputs.subList(from, Math.min(inputs.size(), from + 7)));
            }
            assertSameAs(reference, chunked);
            assertThat(chunked.inboxRows()).isEqualTo(reference.inboxRows());
            assertThat(chunked.policy.parked.rows).isEmpty();
            assertThat(chunked.policy.deadLetters.sent).isEmpty();
        }
    }

    @Test
    void theBatchsEventsAreAllSentBeforeTheirAcknowledgementsAreAwaitedTogether() {
        try (RiskHarness reference = RiskHarness.kernel(); RiskHarness batched = RiskHarness.kernel()) {
            Scenario scenario = scenario(reference, 4);
            batched.apply(scenario.inputs());
            batched.publisher.holdAcks = true;

            CompletableFuture<Void> flushed = CompletableFuture.runAsync(batched::flush);

            await().atMost(WAIT).until(() -> batched.publisher.sent.size() == 8);
            assertThat(flushed).as("the flush waits for the acknowledgements").isNotDone();
            assertThat(batched.publisher.acked).isEmpty();
            batched.publisher.releaseAcks();
            flushed.join();
            assertSameAs(reference, batched);
        }
    }

    @Test
    void redeliveredInputsAreIgnoredWhetherPendingOrStored() {
        try (RiskHarness reference = RiskHarness.kernel(); RiskHarness batched = RiskHarness.kernel()) {
            Scenario scenario = scenario(reference, 3);
            List<Event> twice = new ArrayList<>(scenario.inputs());
            twice.addAll(scenario.inputs()); // redelivered while pending
            batched.batch(twice);
            batched.batch(scenario.inputs()); // redelivered once stored

            assertSameAs(reference, batched);
            assertThat(batched.inboxRows()).isEqualTo(reference.inboxRows());
        }
    }

    @Test
    void theInboxIdsInMemoryArePrunedWithTheTableAndARedeliveredPrunedPredictionIsNotDecidedTwice() {
        RiskHarness.TestConfig small = new RiskHarness.TestConfig("kernel", Duration.ofSeconds(3), 6);
        try (RiskHarness reference = RiskHarness.with(small); RiskHarness batched = RiskHarness.with(small)) {
            Scenario scenario = scenario(reference, 8);
            batched.batch(scenario.inputs());
            PredictionMade first = scenario.predictions().getFirst();
            assertThat(batched.inboxIds()).as("pruned").doesNotContain(first.eventId().value())
                    .hasSizeLessThan(scenario.inputs().size());
            assertThat(batched.service.knownInboxIds().stream().map(EventId::value).toList())
                    .containsExactlyInAnyOrderElementsOf(batched.inboxIds());

            batched.batch(List.of(first)); // late now: denied again under the same id, neither stored nor published twice
            reference.batch(List.of(first));

            assertSameAs(reference, batched);
            assertThat(batched.publishedDecisions()).filteredOn(d -> d.causationId().equals(first.eventId())).hasSize(1);
        }
    }

    // ------------------------------------------------------------------ failures of the flush

    @Test
    void aFlushWhoseTransactionFailsIsRetriedAndStoresAndPublishesEachDecisionOnce() {
        try (RiskHarness reference = RiskHarness.kernel(); RiskHarness batched = RiskHarness.kernel()) {
            Scenario scenario = scenario(reference, 5);
            batched.db.failOnce = "INSERT INTO decisions";

            batched.run(scenario.inputs());

            assertThat(batched.db.failOnce).as("the failure happened").isNull();
            assertThat(batched.policy.sleeps).as("retried once, as infrastructure").hasSize(1);
            assertSameAs(reference, batched);
            assertThat(batched.inboxRows()).isEqualTo(reference.inboxRows());
        }
    }

    @Test
    void aCommitThatHappenedButWasReportedFailedStillPublishesEachDecisionOnce() {
        try (RiskHarness reference = RiskHarness.kernel(); RiskHarness batched = RiskHarness.kernel()) {
            Scenario scenario = scenario(reference, 5);
            batched.db.loseCommitReplyOnce = true;

            batched.run(scenario.inputs());

            assertThat(batched.db.loseCommitReplyOnce).isFalse();
            assertThat(batched.policy.sleeps).hasSize(1);
            assertSameAs(reference, batched);
        }
    }

    @Test
    void aPublishThatFailsIsRetriedAndPublishesEachEventOnce() {
        try (RiskHarness reference = RiskHarness.kernel(); RiskHarness batched = RiskHarness.kernel()) {
            Scenario scenario = scenario(reference, 5);
            EventId third = reference.publishedDecisions().get(2).eventId();
            batched.publisher.failNext = e -> e.eventId().equals(third);

            batched.run(scenario.inputs());

            assertThat(batched.publisher.failNext).as("the failure happened").isNull();
            assertThat(batched.policy.sleeps).hasSize(1);
            assertThat(batched.publisher.sent).filteredOn(e -> e.eventId().equals(third)).as("sent again").hasSize(2);
            assertThat(batched.publisher.sent).as("only the failed one is sent again")
                    .hasSize(reference.publisher.sent.size() + 1);
            // the one sent again is on the topic after those acknowledged at the first attempt
            assertSameAs(reference, batched, false);
        }
    }

    @Test
    void aDecisionWhosePublishFailedIsStoredAndPublishedOnceBeforeTheNextInputsDecision() {
        try (RiskHarness reference = RiskHarness.kernel(); RiskHarness batched = RiskHarness.kernel()) {
            Scenario scenario = scenario(reference, 2);
            List<Event> inputs = scenario.inputs();
            PredictionMade last = scenario.predictions().getLast();
            int split = inputs.indexOf(last);
            RiskDecisionMade failing = reference.publishedDecisions().get(reference.publishedDecisions().size() - 2);
            batched.publisher.failNext = e -> e.eventId().equals(failing.eventId());

            batched.apply(inputs.subList(0, split));
            assertThatThrownBy(batched::flush).isInstanceOf(InfrastructureException.class)
                    .satisfies(e -> assertThat(FailureKind.of(e)).isEqualTo(FailureKind.INFRASTRUCTURE));
            assertThat(batched.storedDecisions()).contains(failing.eventId() + " " + failing.approved() + " false");
            assertThat(batched.publishedDecisions()).doesNotContain(failing);

            batched.batch(inputs.subList(split, inputs.size())); // the next input, with the last decision

            List<RiskDecisionMade> published = batched.publishedDecisions();
            assertThat(published).filteredOn(d -> d.eventId().equals(failing.eventId())).hasSize(1);
            assertThat(published.getLast()).isEqualTo(batched.decisionFor(last));
            assertThat(published.get(published.size() - 2).eventId()).isEqualTo(failing.eventId());
            assertSameAs(reference, batched);
        }
    }

    @Test
    void aDecisionStoredButNotPublishedBeforeACrashIsPublishedOnceAtStartUp() {
        try (RiskHarness reference = RiskHarness.kernel(); RiskHarness batched = RiskHarness.kernel()) {
            Scenario scenario = scenario(reference, 2);
            RiskDecisionMade failing = reference.publishedDecisions().getLast();
            batched.publisher.failNext = e -> e.eventId().equals(failing.eventId());
            batched.apply(scenario.inputs());
            assertThatThrownBy(batched::flush).isInstanceOf(InfrastructureException.class);

            batched.restart();

            assertThat(batched.publishedDecisions()).filteredOn(d -> d.eventId().equals(failing.eventId())).hasSize(1);
            batched.batch(scenario.inputs()); // the batch is redelivered: its offsets were never committed
            assertSameAs(reference, batched);
        }
    }

    // ------------------------------------------------------------------ a bug in one record

    @Test
    void aBugInOneRecordLeavesTheBatchsEarlierRecordsStoredAndPublishedOnceAndMemoryWithoutIt() {
        try (RiskHarness reference = RiskHarness.kernel(); RiskHarness batched = RiskHarness.kernel();
             RiskHarness without = RiskHarness.kernel()) {
            Scenario scenario = scenario(reference, 6);
            List<Event> inputs = scenario.inputs();
            // record k: the settlement that completes BTC's step of candle 4 (it makes the decision)
            int k = inputs.indexOf(scenario.predictions().get(8)) + 1;
            Event bad = inputs.get(k);
            assertThat(bad).isInstanceOf(CandleSettled.class);
            List<Event> before = inputs.subList(0, k);
            without.perRecord(before);
            // how often record k reads the clock (each advance, each decision): the bug comes at its last reading,
            // after every step it made ran in memory
            RiskHarness counting = RiskHarness.kernel();
            int readings;
            try (counting) {
                counting.perRecord(before);
                int start = counting.clock.readings.get();
                counting.batch(List.of(bad));
                readings = counting.clock.readings.get() - start;
                assertThat(counting.publishedDecisions()).hasSize(without.publishedDecisions().size() + 1);
            }

            batched.run(inputs.subList(0, k + 1), record -> {
                if (record.value().contains(bad.eventId().value())) {
                    batched.clock.failAt(readings, new ArithmeticException("long overflow (simulated)"));
                }
            });

            assertThat(batched.policy.parked.rows).singleElement()
                    .satisfies(r -> assertThat(r.error()).contains("long overflow"));
            assertSameAs(without, batched);
            assertThat(batched.inboxRows()).isEqualTo(without.inboxRows()).noneMatch(r -> r.startsWith(bad.eventId().value()));

            // the parked record taken up again (e.g. after a fix), then the rest: as if nothing had failed
            batched.batch(List.of(bad));
            batched.batch(inputs.subList(k + 1, inputs.size()));
            without.perRecord(inputs.subList(k, inputs.size()));
            assertSameAs(reference, batched);
            assertSameAs(reference, without);
        }
    }

    // ------------------------------------------------------------------ other writers store the pending batch first

    @Test
    void aControlCommandStoresThePendingBatchFirstSoARestartAppliesNothingTwice() {
        try (RiskHarness reference = RiskHarness.kernel(); RiskHarness batched = RiskHarness.kernel()) {
            Scenario scenario = scenario(reference, 3);
            var pause = TestEvents.pause(Instant.parse("2024-03-01T15:00:00Z"));
            reference.batch(List.of(pause));

            batched.apply(scenario.inputs());
            batched.apply(List.of(pause)); // stores the pending inputs, then the command's own transaction
            assertThat(batched.storedSnapshot().path("tradingState").asText()).isEqualTo(TradingState.PAUSED.name());
            batched.restart(); // before any flush: the batch's offsets were never committed
            List<Event> redelivered = new ArrayList<>(scenario.inputs());
            redelivered.add(pause);
            batched.batch(redelivered);

            assertThat(batched.storedSnapshot()).isEqualTo(reference.storedSnapshot());
            assertThat(batched.storedSequencerState()).isEqualTo(reference.storedSequencerState());
            assertThat(batched.storedDecisions()).isEqualTo(reference.storedDecisions());
            assertThat(outcomes(batched.publishedDecisions())).containsExactlyElementsOf(outcomes(reference.publishedDecisions()));
            assertThat(batched.inboxRows()).isEqualTo(reference.inboxRows());
            assertThat(batched.memorySnapshot()).isEqualTo(batched.storedSnapshot());
        }
    }

    @Test
    void theTickerStoresThePendingInputsWithTheStepsThatTimedOutAndARestartAppliesNothingTwice() {
        try (RiskHarness batched = RiskHarness.kernel()) {
            PredictionMade prediction = TestEvents.prediction(BTC, candle(0), 0.6, 0.4, 0.6);
            List<Event> inputs = List.of(TestEvents.features(BTC, candle(0), 67650.0, 890.0), prediction);
            batched.apply(inputs); // the step waits for execution's settlement (pending: not stored yet)
            assertThat(batched.inboxRows()).isEmpty();

            batched.clock.advance(Duration.ofSeconds(4)); // past the 3 s step timeout
            batched.service.tick();

            RiskDecisionMade denied = batched.decisionFor(prediction);
            assertThat(denied.approved()).isFalse();
            assertThat(denied.checks()).extracting(c -> c.name()).containsExactly(KernelSequencer.CHECK);
            assertThat(batched.inboxRows()).containsExactlyInAnyOrder(inputs.get(0).eventId() + " true",
                    prediction.eventId() + " true");
            assertThat(batched.memorySnapshot()).isEqualTo(batched.storedSnapshot());
            assertThat(batched.memorySequencerState()).isEqualTo(batched.storedSequencerState());
            var snapshot = batched.storedSnapshot();
            var sequencer = batched.storedSequencerState();

            batched.restart();
            batched.batch(inputs); // redelivered: the consumers' flush had not run

            assertThat(batched.publishedDecisions()).containsExactly(denied);
            assertThat(batched.storedSnapshot()).isEqualTo(snapshot);
            assertThat(batched.storedSequencerState()).isEqualTo(sequencer);
            assertThat(batched.storedDecisions()).containsExactly(denied.eventId() + " false true");
        }
    }

    @Test
    void aRefusedInputIsDeadLetteredWithNothingStoredOrBufferedAndTheBatchGoesOn() {
        try (RiskHarness reference = RiskHarness.kernel(); RiskHarness batched = RiskHarness.kernel()) {
            Scenario scenario = scenario(reference, 3);
            var forged = TestEvents.entryFill(BTC, Ids.clientOrderId(Ids.derive("test", "forged")), candle(1), "67650", "5", "1");
            List<Event> inputs = new ArrayList<>(scenario.inputs());
            inputs.add(inputs.size() / 2, forged);

            batched.run(inputs);

            assertThat(batched.policy.deadLetters.reasons()).singleElement().asString()
                    .contains("was not opened by an entry risk-service approved");
            assertSameAs(reference, batched);
            assertThat(batched.inboxIds()).doesNotContain(forged.eventId().value());
        }
    }

    // ------------------------------------------------------------------ arrival sequencing

    @Test
    void arrivalSequencingStoresEachInputAndPublishesTheBatchAtItsFlush() {
        try (RiskHarness arrival = RiskHarness.with(RiskHarness.TestConfig.arrival())) {
            List<Event> inputs = new ArrayList<>();
            List<PredictionMade> predictions = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                PredictionMade prediction = TestEvents.prediction(ETH, candle(i), 0.6, 0.4, 0.5);
                predictions.add(prediction);
                inputs.add(TestEvents.features(ETH, candle(i), 3500.0, 50.0));
                inputs.add(prediction);
            }
            arrival.apply(inputs);
            assertThat(arrival.publishedDecisions()).isEmpty();
            assertThat(arrival.storedDecisions()).hasSize(3).allMatch(d -> d.endsWith(" false"));

            arrival.flush();
            arrival.batch(inputs); // redelivered

            assertThat(arrival.publishedDecisions()).extracting(RiskDecisionMade::causationId)
                    .containsExactlyElementsOf(predictions.stream().map(PredictionMade::eventId).toList());
            assertThat(arrival.storedDecisions()).hasSize(3).allMatch(d -> d.endsWith(" true"));
        }
    }
}
