package dev.sextant.risk.domain;

import static dev.sextant.risk.domain.TestEvents.BTC;
import static dev.sextant.risk.domain.TestEvents.CLOCK;
import static dev.sextant.risk.domain.TestEvents.ETH;
import static dev.sextant.risk.domain.TestEvents.candle;
import static dev.sextant.risk.domain.TestEvents.entryFill;
import static dev.sextant.risk.domain.TestEvents.features;
import static dev.sextant.risk.domain.TestEvents.prediction;
import static dev.sextant.risk.domain.TestEvents.rejected;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.contracts.event.CandleSettled;
import dev.sextant.contracts.event.Interval;
import dev.sextant.contracts.event.PositionSide;
import dev.sextant.contracts.event.RiskDecisionMade;
import dev.sextant.contracts.event.TradingState;
import dev.sextant.contracts.id.EventId;
import dev.sextant.contracts.id.Ids;
import dev.sextant.contracts.id.Symbol;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The sequencer's rules one by one (the parity with TradingKernel under random interleavings is
 * {@code LiveOrderParityTest} in core/kernel).
 */
class KernelSequencerTest {
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

    final RiskEngine engine = new RiskEngine(RiskLimits.defaults(), new BigDecimal("10000"), TradingState.RUNNING, CLOCK);
    final KernelSequencer sequencer = new KernelSequencer(TIMEOUT, CLOCK);

    static CandleSettled settled(Symbol symbol, Instant candle, long fills, long positions, long outcomes, EventId lastDecision) {
        return CandleSettled.of(symbol, Interval.H1, candle, fills, positions, outcomes, lastDecision, null, NOW);
    }

    List<KernelSequencer.Step> drain(Instant now) {
        List<KernelSequencer.Step> steps = new ArrayList<>();
        for (Optional<KernelSequencer.Step> s = sequencer.advance(engine, now); s.isPresent(); s = sequencer.advance(engine, now)) {
            steps.add(s.get());
        }
        return steps;
    }

    @Test
    void decidesOnlyOnceTheSettlementTheFeaturesAndThePredictionAreIn() {
        sequencer.offer(prediction(BTC, candle(0), 0.4, 0.6));
        assertThat(drain(NOW)).isEmpty();
        sequencer.offer(features(BTC, candle(0), 67650.0, 890.0));
        assertThat(drain(NOW)).isEmpty();
        assertThat(sequencer.waitingFor()).contains("waits for its settlement");
        sequencer.offer(settled(BTC, candle(0), 0, 0, 0, null));

        List<KernelSequencer.Step> steps = drain(NOW);
        assertThat(steps).singleElement().satisfies(s -> {
            assertThat(s.outcome()).isEqualTo(KernelSequencer.Outcome.STEPPED);
            assertThat(s.decision()).isNotNull();
            assertThat(s.decision().approved()).isFalse();
        });
        assertThat(sequencer.frontier()).isEqualTo("BTCUSDT " + candle(0));
        assertThat(sequencer.held()).isZero();
    }

    @Test
    void aSettlementWaitsForTheEventsItCountsAndEventsOfLaterCandlesWaitForTheirStep() {
        var orderId = Ids.clientOrderId(Ids.derive("test", "d-0"));
        sequencer.offer(features(BTC, candle(0), 67650.0, null)); // warming up: no prediction to wait for
        sequencer.offer(entryFill(BTC, orderId, candle(1), "67650", "0.01", "0.67")); // belongs to candle 1
        sequencer.offer(settled(BTC, candle(0), 1, 0, 0, null)); // counts a fill of candle 0 that has not come
        assertThat(drain(NOW)).isEmpty();
        assertThat(sequencer.waitingFor()).contains("received [0, 0, 0]");

        sequencer.offer(entryFill(BTC, orderId, candle(0).plusSeconds(60), "67650", "0.01", "0.67"));
        List<KernelSequencer.Step> steps = drain(NOW);
        assertThat(steps).singleElement().satisfies(s -> assertThat(s.note()).startsWith("1 execution event(s) applied"));
        assertThat(sequencer.held()).as("the fill of candle 1 is held for its step").isEqualTo(1);
    }

    @Test
    void anApprovedDecisionWaitsForExecutionsAnswerAndARejectionIsAppliedBeforeTheNextStep() {
        sequencer.offer(features(BTC, candle(0), 67650.0, 890.0));
        sequencer.offer(prediction(BTC, candle(0), 0.62, 0.62));
        sequencer.offer(settled(BTC, candle(0), 0, 0, 0, null));
        List<KernelSequencer.Step> first = drain(NOW);
        RiskDecisionMade approved = first.getFirst().decision();
        assertThat(approved.approved()).as(approved.reason()).isTrue();
        assertThat(engine.pendingIntents()).hasSize(1);

        sequencer.offer(features(BTC, candle(1), 67650.0, null));
        sequencer.offer(settled(BTC, candle(1), 0, 0, 0, null)); // execution settled candle 1 before it took the decision
        assertThat(drain(NOW)).isEmpty();
        assertThat(sequencer.waitingFor()).contains("waits for execution's answer");

        sequencer.offer(settled(BTC, candle(0), 0, 0, 1, approved.eventId()));
        sequencer.offer(rejected(BTC, Ids.clientOrderId(approved.eventId()), candle(1).minusMillis(1))); // the decision's time
        assertThat(drain(NOW)).extracting(KernelSequencer.Step::outcome).containsExactly(KernelSequencer.Outcome.ANSWERED);
        assertThat(engine.pendingIntents()).as("the rejection cleared the pending entry").isEmpty();

        sequencer.offer(settled(BTC, candle(1), 0, 0, 1, approved.eventId()));
        assertThat(drain(NOW)).extracting(KernelSequencer.Step::outcome).containsExactly(KernelSequencer.Outcome.STEPPED);
    }

    @Test
    void oneSettlementOfALaterCandleNamingTheDecisionSettlesEveryCandleUpToItOnceItsEventsAreIn() {
        sequencer.offer(features(BTC, candle(0), 67650.0, 890.0));
        sequencer.offer(prediction(BTC, candle(0), 0.62, 0.62));
        sequencer.offer(settled(BTC, candle(0), 0, 0, 0, null));
        RiskDecisionMade approved = drain(NOW).getFirst().decision();
        assertThat(approved.approved()).as(approved.reason()).isTrue();

        // execution ran ahead: it settled candles 1..3 before it took the decision, naming none
        for (int n = 1; n <= 3; n++) {
            sequencer.offer(features(BTC, candle(n), 67650.0, null));
            sequencer.offer(settled(BTC, candle(n), 0, 0, 0, null));
        }
        assertThat(drain(NOW)).isEmpty();

        // then it took the decision: the entry fills at candle 1's open, and it announces only its latest candle, 3
        var orderId = Ids.clientOrderId(approved.eventId());
        sequencer.offer(settled(BTC, candle(3), 1, 1, 0, approved.eventId()));
        assertThat(drain(NOW)).as("the fill and position it counts have not come").isEmpty();
        assertThat(sequencer.waitingFor()).contains("waits for execution's answer").contains("received [0, 0, 0]");

        sequencer.offer(entryFill(BTC, orderId, candle(1), "67650", "0.01", "0.67"));
        assertThat(drain(NOW)).isEmpty();
        sequencer.offer(TestEvents.position(BTC, orderId.value(), PositionSide.LONG, "0.01", "67650",
                candle(1)));
        List<KernelSequencer.Step> steps = drain(NOW);
        assertThat(steps).extracting(KernelSequencer.Step::outcome).containsExactly(KernelSequencer.Outcome.ANSWERED,
                KernelSequencer.Outcome.STEPPED, KernelSequencer.Outcome.STEPPED, KernelSequencer.Outcome.STEPPED);
        assertThat(steps.get(1).note()).as("candle 1 applies the fill and the position").startsWith("2 execution event(s)");
        assertThat(sequencer.frontier()).isEqualTo("BTCUSDT " + candle(3));
        assertThat(sequencer.held()).isZero();
    }

    @Test
    void stepsFollowOpenTimeThenSymbolAndWaitForEveryKnownSymbol() {
        sequencer.offer(features(ETH, candle(0), 3500.0, 40.0));
        sequencer.offer(prediction(ETH, candle(0), 0.4, 0.6));
        sequencer.offer(settled(ETH, candle(0), 0, 0, 0, null));
        sequencer.offer(features(BTC, candle(0), 67650.0, 890.0)); // BTC is known, sorts first and has not settled
        assertThat(drain(NOW)).isEmpty();

        sequencer.offer(prediction(BTC, candle(0), 0.4, 0.6));
        sequencer.offer(settled(BTC, candle(0), 0, 0, 0, null));
        assertThat(drain(NOW)).extracting(KernelSequencer.Step::symbol).containsExactly(BTC, ETH);
    }

    @Test
    void aStepExecutionDoesNotConfirmInTimeDeniesItsPredictionSayingWhy() {
        sequencer.offer(features(BTC, candle(0), 67650.0, 890.0));
        sequencer.offer(prediction(BTC, candle(0), 0.62, 0.62));
        assertThat(drain(NOW)).isEmpty();
        assertThat(drain(NOW.plusSeconds(29))).isEmpty();
        assertThat(sequencer.nextDeadline()).contains(NOW.plus(TIMEOUT));

        List<KernelSequencer.Step> steps = drain(NOW.plusSeconds(30));
        assertThat(steps).singleElement().satisfies(s -> {
            assertThat(s.outcome()).isEqualTo(KernelSequencer.Outcome.DENIED_UNCONFIRMED);
            assertThat(s.decision().approved()).isFalse();
            assertThat(s.decision().reason()).isEqualTo("account state of BTCUSDT as of " + candle(0)
                    + " not confirmed by execution within 30s");
            assertThat(s.decision().eventId()).isEqualTo(Ids.derivedFrom("decision", s.decision().causationId()));
        });
        assertThat(engine.pendingIntents()).isEmpty();
    }

    @Test
    void aSilentSymbolStopsBeingWaitedForAndALatePredictionIsDenied() {
        sequencer.offer(features(BTC, candle(0), 67650.0, 890.0)); // BTC never settles
        sequencer.offer(features(ETH, candle(0), 3500.0, 40.0));
        sequencer.offer(prediction(ETH, candle(0), 0.4, 0.6));
        sequencer.offer(settled(ETH, candle(0), 0, 0, 0, null));
        assertThat(drain(NOW)).isEmpty();
        List<KernelSequencer.Step> steps = drain(NOW.plus(TIMEOUT));
        // BTC 0 (no settlement, no prediction) is skipped and BTC no longer waited for: ETH 0 steps at once
        assertThat(steps).extracting(KernelSequencer.Step::outcome)
                .containsExactly(KernelSequencer.Outcome.SKIPPED, KernelSequencer.Outcome.STEPPED);
        assertThat(steps).extracting(KernelSequencer.Step::symbol).containsExactly(BTC, ETH);

        sequencer.offer(prediction(BTC, candle(0), 0.62, 0.62));
        steps = drain(NOW.plus(TIMEOUT));
        assertThat(steps).singleElement().satisfies(s -> {
            assertThat(s.outcome()).isEqualTo(KernelSequencer.Outcome.LATE);
            assertThat(s.decision().reason()).contains("arrived after risk had passed its candle");
        });
    }

    @Test
    void theStateRestoresTheSequencerWhereItStood() {
        sequencer.offer(features(BTC, candle(0), 67650.0, 890.0));
        sequencer.offer(prediction(BTC, candle(0), 0.62, 0.62));
        sequencer.offer(settled(BTC, candle(0), 0, 0, 0, null));
        RiskDecisionMade approved = drain(NOW).getFirst().decision();

        KernelSequencer restored = new KernelSequencer(sequencer.state(), TIMEOUT, CLOCK);
        assertThat(restored.state()).isEqualTo(sequencer.state());
        restored.offer(settled(BTC, candle(0), 0, 0, 0, approved.eventId()));
        assertThat(restored.advance(engine, NOW)).get().extracting(KernelSequencer.Step::outcome)
                .isEqualTo(KernelSequencer.Outcome.ANSWERED);
        assertThat(restored.frontier()).isEqualTo("BTCUSDT " + candle(0));
    }
}
