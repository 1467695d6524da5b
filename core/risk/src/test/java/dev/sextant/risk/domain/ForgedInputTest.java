package dev.sextant.risk.domain;

import static dev.sextant.risk.domain.TestEvents.BTC;
import static dev.sextant.risk.domain.TestEvents.CLOCK;
import static dev.sextant.risk.domain.TestEvents.ETH;
import static dev.sextant.risk.domain.TestEvents.candle;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sextant.contracts.event.CandleSettled;
import dev.sextant.contracts.event.Event;
import dev.sextant.contracts.event.FillExecuted;
import dev.sextant.contracts.event.Interval;
import dev.sextant.contracts.event.Liquidity;
import dev.sextant.contracts.event.OrderPurpose;
import dev.sextant.contracts.event.PositionChanged;
import dev.sextant.contracts.event.PositionSide;
import dev.sextant.contracts.event.PredictionMade;
import dev.sextant.contracts.event.RiskDecisionMade;
import dev.sextant.contracts.event.Side;
import dev.sextant.contracts.event.StartRequested;
import dev.sextant.contracts.event.StopRequested;
import dev.sextant.contracts.event.TradingState;
import dev.sextant.contracts.id.ClientOrderId;
import dev.sextant.contracts.id.EventId;
import dev.sextant.contracts.id.Ids;
import dev.sextant.contracts.json.Json;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Forged execution reports, far-future times and replayed commands (docs/reliability.md, "Forged input and control
 * commands"): refused with a reason before anything changes, whatever the order the topics arrive in.
 */
class ForgedInputTest {
    static final Instant FAR_FUTURE = Instant.parse("2099-12-31T00:00:00Z");
    static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

    final RiskEngine engine = new RiskEngine(RiskLimits.defaults(), new BigDecimal("10000"), TradingState.RUNNING, CLOCK)
            .limitDayJump(7);

    /** The worked example, approved: BUY 0.1124 BTCUSDT at ~67650. */
    RiskDecisionMade approveBtc() {
        RiskDecisionMade decision = engine.decide(TestEvents.prediction(BTC, candle(0), 0.67, 0.67), TestEvents.workedMark());
        assertThat(decision.approved()).as(decision.reason()).isTrue();
        return decision;
    }

    static FillExecuted fill(ClientOrderId order, String positionId, OrderPurpose purpose, Side side, String price,
                             String quantity, String realizedPnl, Instant ts) {
        return new FillExecuted(Ids.derive("fill", order, quantity, ts), ts, ts, Ids.derive("order", order),
                FillExecuted.SCHEMA_VERSION, order, positionId, BTC, "paper", purpose, side, new BigDecimal(price),
                new BigDecimal(quantity), new BigDecimal("0.5"), "USDT", Liquidity.TAKER,
                realizedPnl == null ? null : new BigDecimal(realizedPnl));
    }

    /** Admits, then applies as risk-service does in arrival mode. */
    void arrive(Event event) {
        engine.admit(event);
        switch (event) {
            case FillExecuted f -> engine.onFill(f);
            case PositionChanged p -> engine.onPosition(p);
            default -> throw new IllegalArgumentException(event.toString());
        }
    }

    String state() throws Exception {
        ObjectMapper json = Json.mapper();
        return json.writeValueAsString(engine.snapshot());
    }

    @Test
    void forgedFillsAndPositionsOfPositionsNeverOpenedAreRefusedAndLeaveTheStateUntouched() throws Exception {
        approveBtc();
        String before = state();
        BigDecimal available = engine.availableEquity();

        // the hostile tester's attack: positions and fills execution never opened
        ClientOrderId forged = Ids.clientOrderId(Ids.derive("test", "never-approved"));
        PositionChanged bigPosition = TestEvents.position(ETH, forged.value(), PositionSide.LONG, "10", "3000", candle(1));
        FillExecuted forgedEntry = TestEvents.entryFill(ETH, forged, candle(1), "3000", "10", "30");
        FillExecuted forgedLoss = TestEvents.exitFill(ETH, forged, candle(2), "1", "10", "0", "-20010");

        for (Event event : List.of(bigPosition, forgedEntry, forgedLoss)) {
            assertThatThrownBy(() -> arrive(event)).isInstanceOf(RefusedInputException.class)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(event.eventId() + " refused: position " + forged.value()
                            + " was not opened by an entry risk-service approved");
        }
        assertThat(state()).as("nothing booked").isEqualTo(before);
        assertThat(engine.availableEquity()).isEqualByComparingTo(available);
        assertThat(engine.equity()).isEqualByComparingTo("10000");
    }

    @Test
    void theFillsAndPositionOfAnApprovedEntryAreBooked() {
        RiskDecisionMade decision = approveBtc();
        ClientOrderId entry = Ids.clientOrderId(decision.eventId());

        arrive(fill(entry, entry.value(), OrderPurpose.ENTRY, Side.BUY, "67680", "0.1124", null, candle(1)));
        arrive(TestEvents.position(BTC, entry.value(), PositionSide.LONG, "0.1124", "67680", candle(1)));
        assertThat(engine.openPositions()).singleElement().satisfies(p -> assertThat(p.quantity()).isEqualByComparingTo("0.1124"));

        arrive(fill(Ids.exitOrderId(entry, "STOP_LOSS"), entry.value(), OrderPurpose.STOP_LOSS, Side.SELL, "65870", "0.1124",
                "-204.44", candle(3)));
        assertThat(engine.openPositions()).isEmpty();
        assertThat(engine.equity()).isEqualByComparingTo("9795.56");
        assertThat(engine.approvedEntries()).singleElement().satisfies(a -> {
            assertThat(a.entered()).isEqualByComparingTo("0.1124");
            assertThat(a.exited()).isEqualByComparingTo("0.1124");
        });
    }

    @Test
    void reportsThatContradictTheApprovedEntryAreRefusedWithTheReason() throws Exception {
        RiskDecisionMade decision = approveBtc();
        ClientOrderId entry = Ids.clientOrderId(decision.eventId());
        String before = state();

        assertRefused(fill(entry, entry.value(), OrderPurpose.ENTRY, Side.BUY, "67680", "0.2", null, candle(1)),
                "entering 0.2 more of position " + entry + " (0 entered) exceeds its approved quantity 0.1124");
        assertRefused(fill(entry, entry.value(), OrderPurpose.ENTRY, Side.SELL, "67680", "0.1", null, candle(1)),
                "was approved to BUY, the fill SELLs");
        assertRefused(fill(entry, entry.value(), OrderPurpose.ENTRY, Side.BUY, "140000", "0.1", null, candle(1)),
                "price 140000 is absurd for an entry approved at about 67650");
        assertRefused(fill(ClientOrderId.of("sx-other"), entry.value(), OrderPurpose.ENTRY, Side.BUY, "67680", "0.1", null,
                candle(1)), "must be of its entry order " + entry + ", not sx-other");
        assertRefused(fill(Ids.exitOrderId(entry, "TAKE_PROFIT"), entry.value(), OrderPurpose.STOP_LOSS, Side.SELL, "65870",
                "0.1", "-1", candle(2)), "a STOP_LOSS exit of position " + entry + " must be of order "
                + Ids.exitOrderId(entry, "STOP_LOSS"));
        assertRefused(fill(Ids.exitOrderId(entry, "STOP_LOSS"), entry.value(), OrderPurpose.STOP_LOSS, Side.SELL, "65870",
                "0.1", "-20010", candle(2)), "realized P&L -20010 is more than an exit of 0.1 at 65870 can make or lose on an entry approved at about 67650");
        assertRefused(fill(Ids.exitOrderId(entry, "STOP_LOSS"), entry.value(), OrderPurpose.STOP_LOSS, Side.SELL, "65870",
                "0.5", "-1", candle(2)), "exiting 0.5 more of position " + entry + " (0 exited) exceeds its approved quantity");
        assertRefused(TestEvents.position(BTC, entry.value(), PositionSide.LONG, "3", "67680", candle(1)),
                "quantity 3 exceeds the approved 0.1124");
        assertRefused(TestEvents.position(BTC, entry.value(), PositionSide.LONG, "0.1124", "1000000", candle(1)),
                "average entry price 1000000 is absurd");
        assertRefused(TestEvents.position(ETH, entry.value(), PositionSide.LONG, "0.1", "67680", candle(1)),
                "was approved in BTCUSDT, not ETHUSDT");
        assertRefused(TestEvents.rejected(BTC, ClientOrderId.of("sx-unknown"), candle(1)),
                "order sx-unknown is not an entry risk-service approved, nor an exit of one");
        assertThat(state()).isEqualTo(before);

        assertThatCode(() -> engine.admit(TestEvents.rejected(BTC, entry, candle(1)))).doesNotThrowAnyException();
        assertThatCode(() -> engine.admit(TestEvents.rejected(BTC, Ids.exitOrderId(entry, "CLOSE"), candle(1))))
                .as("an outcome of one of its exits").doesNotThrowAnyException();
        assertRefused(TestEvents.rejected(ETH, Ids.exitOrderId(entry, "CLOSE"), candle(1)), "was approved in BTCUSDT, not ETHUSDT");
        RiskEngine restored = new RiskEngine(RiskLimits.defaults(), engine.snapshot(), CLOCK);
        assertThatCode(() -> restored.admit(TestEvents.rejected(BTC, Ids.exitOrderId(entry, "STOP_LOSS"), candle(1))))
                .as("exit ids are derived again after a restore").doesNotThrowAnyException();
        assertThatCode(() -> engine.admit(TestEvents.position(BTC, entry.value(), PositionSide.FLAT, "0", null, candle(2))))
                .doesNotThrowAnyException();
    }

    void assertRefused(Event event, String reason) {
        assertThatThrownBy(() -> engine.admit(event)).isInstanceOf(RefusedInputException.class).hasMessageContaining(reason);
    }

    @Test
    void fillsThatEachPassedOnTheirOwnBookNoMoreThanTheApprovedQuantity() {
        RiskDecisionMade decision = approveBtc();
        ClientOrderId entry = Ids.clientOrderId(decision.eventId());
        FillExecuted first = fill(entry, entry.value(), OrderPurpose.ENTRY, Side.BUY, "67680", "0.1124", null, candle(1));
        FillExecuted copy = fill(entry, entry.value(), OrderPurpose.ENTRY, Side.BUY, "67680", "0.1124", null,
                candle(1).plusSeconds(1)); // another id: both pass while neither is booked (held by the sequencer)
        engine.admit(first);
        engine.admit(copy);

        engine.onFill(first);
        engine.onFill(copy);

        assertThat(engine.openPositions()).singleElement().satisfies(p -> assertThat(p.quantity()).isEqualByComparingTo("0.1124"));
        assertThatThrownBy(() -> engine.admit(copy)).hasMessageContaining("exceeds its approved quantity");
    }

    @Test
    void aFarFutureTimeCannotMoveTodayButARealLaterEventStillAdvancesIt() throws Exception {
        RiskDecisionMade decision = approveBtc();
        ClientOrderId entry = Ids.clientOrderId(decision.eventId());
        assertThat(engine.day()).isEqualTo(LocalDate.parse("2024-03-01"));
        String before = state();

        FillExecuted forgedTime = fill(entry, entry.value(), OrderPurpose.ENTRY, Side.BUY, "67680", "0.1124", null, FAR_FUTURE);
        PredictionMade farPrediction = TestEvents.prediction(BTC, FAR_FUTURE, 0.7, 0.7);
        PredictionMade forgedCandle = withCandle(TestEvents.prediction(BTC, candle(2), 0.7, 0.7), FAR_FUTURE);
        for (Event event : List.of(forgedTime, farPrediction, forgedCandle)) {
            assertThatThrownBy(() -> engine.admit(event)).isInstanceOf(RefusedInputException.class)
                    .hasMessageContaining("days after today (2024-03-01); market time may move at most 7 day(s) at once")
                    .hasMessageContaining("today stays 2024-03-01");
        }
        assertThat(state()).isEqualTo(before);

        FillExecuted nextWeek = fill(entry, entry.value(), OrderPurpose.ENTRY, Side.BUY, "67680", "0.1124", null,
                Instant.parse("2024-03-08T10:00:00Z"));
        arrive(nextWeek);
        assertThat(engine.day()).as("seven days ahead is within the bound").isEqualTo(LocalDate.parse("2024-03-08"));
        assertThat(engine.openPositions()).hasSize(1);
    }

    static PredictionMade withCandle(PredictionMade p, Instant candle) {
        return new PredictionMade(p.eventId(), p.tsEvent(), p.tsInit(), p.causationId(), p.schemaVersion(), p.symbol(),
                p.interval(), candle, p.modelId(), p.modelVersion(), p.featureSetVersion(), p.probUp(), p.probDown(),
                p.confidence(), p.horizons());
    }

    @Test
    void theSequencerRefusesForgedAndFarFutureInputsBeforeHoldingThemAndKeepsStepping() {
        KernelSequencer sequencer = new KernelSequencer(Duration.ofSeconds(30), CLOCK);
        List<KernelSequencer.Step> steps = new ArrayList<>();
        RiskDecisionMade approved = approveFirstCandle(sequencer, steps);
        ClientOrderId entry = Ids.clientOrderId(approved.eventId());

        // a forged fill of another position, and a far-future prediction that would become the head step, time out
        // and move the frontier past every real step: both refused before they are held or counted
        FillExecuted forged = TestEvents.entryFill(BTC, Ids.clientOrderId(Ids.derive("test", "forged")), candle(1), "67650", "5", "1");
        PredictionMade far = TestEvents.prediction(ETH, FAR_FUTURE, 0.7, 0.7);
        CandleSettled farSettlement = CandleSettled.of(ETH, Interval.H1, FAR_FUTURE, 0, 0, 0, null, null, NOW);
        int held = sequencer.held();
        KernelSequencer.State state = sequencer.state();
        for (Event event : List.of(forged, far, farSettlement)) {
            assertThatThrownBy(() -> sequencer.admit(event, engine)).isInstanceOf(RefusedInputException.class);
        }
        assertThat(sequencer.held()).isEqualTo(held);
        assertThat(sequencer.state()).isEqualTo(state);

        // execution's real answer still steps the symbol on
        offer(sequencer, CandleSettled.of(BTC, Interval.H1, candle(0), 0, 0, 0, approved.eventId(), null, NOW));
        offer(sequencer, TestEvents.entryFill(BTC, entry, candle(1), "67680", "0.1124", "7.60"));
        offer(sequencer, TestEvents.features(BTC, candle(1), 67700.0, 880.0));
        offer(sequencer, TestEvents.prediction(BTC, candle(1), 0.67, 0.67));
        offer(sequencer, CandleSettled.of(BTC, Interval.H1, candle(1), 1, 0, 0, approved.eventId(), null, NOW));
        steps.clear();
        drain(sequencer, steps);
        assertThat(steps).extracting(KernelSequencer.Step::outcome)
                .containsExactly(KernelSequencer.Outcome.ANSWERED, KernelSequencer.Outcome.STEPPED);
        assertThat(sequencer.frontier()).isEqualTo("BTCUSDT " + candle(1));
        assertThat(engine.openPositions()).hasSize(1);
    }

    @Test
    void theSequencerHoldsAGenuineExecutionReportDatedWeeksAheadUntilItsStepAndItMovesNothingBefore() {
        KernelSequencer sequencer = new KernelSequencer(Duration.ofSeconds(30), CLOCK);
        List<KernelSequencer.Step> steps = new ArrayList<>();
        RiskDecisionMade approved = approveFirstCandle(sequencer, steps);
        ClientOrderId entry = Ids.clientOrderId(approved.eventId());
        Instant latest = sequencer.latestTime();
        int held = sequencer.held();

        // execution ran weeks ahead of risk's reading (a full-speed replay): the entry's exit, 20 days on, is genuine
        Instant exitTime = candle(0).plus(Duration.ofDays(20));
        FillExecuted exit = TestEvents.exitFill(BTC, entry, exitTime, "60000", "0.1124", "6.7", "-850");
        offer(sequencer, TestEvents.entryFill(BTC, entry, candle(1), "67680", "0.1124", "7.60"));
        offer(sequencer, exit);
        assertThat(sequencer.held()).as("both held for their steps").isEqualTo(held + 2);
        assertThat(sequencer.latestTime()).as("execution reports do not widen the time bound").isEqualTo(latest);
        assertThat(engine.day()).isEqualTo(java.time.LocalDate.parse("2024-03-01"));
        assertThatThrownBy(() -> sequencer.admit(TestEvents.features(BTC, exitTime, 67650.0, null), engine))
                .as("a feature vector 20 days ahead is still refused").isInstanceOf(RefusedInputException.class);

        // candle 1 steps with the entry fill only; the exit waits for its own candle's step
        offer(sequencer, TestEvents.features(BTC, candle(1), 67700.0, null));
        offer(sequencer, CandleSettled.of(BTC, Interval.H1, candle(1), 1, 0, 0, approved.eventId(), null, NOW));
        steps.clear();
        drain(sequencer, steps);
        assertThat(steps).extracting(KernelSequencer.Step::outcome).containsExactly(KernelSequencer.Outcome.ANSWERED,
                KernelSequencer.Outcome.STEPPED);
        assertThat(sequencer.held()).as("the exit still held").isEqualTo(1);
        assertThat(engine.openPositions()).hasSize(1);
    }

    @Test
    void theSequencerBoundsTimeFromTheLatestInputNotTheLaggingEngine() {
        KernelSequencer sequencer = new KernelSequencer(Duration.ofSeconds(30), CLOCK);
        // a backlog: inputs twelve days ahead of the engine's steps arrive one candle after another
        Instant start = candle(0);
        for (int h = 0; h < 24 * 12; h += 12) {
            Instant t = start.plus(Duration.ofHours(h));
            offer(sequencer, TestEvents.features(BTC, t, 67650.0, null));
        }
        assertThat(engine.day()).as("no step ran").isNull();
        assertThat(sequencer.latestTime()).isAfter(start.plus(Duration.ofDays(11)));
        offer(sequencer, TestEvents.features(BTC, start.plus(Duration.ofDays(12)), 67650.0, null));

        assertThatThrownBy(() -> sequencer.admit(TestEvents.features(BTC, start.plus(Duration.ofDays(30)), 67650.0, null),
                engine)).hasMessageContaining("market time may move at most 7 day(s)");
        KernelSequencer restored = new KernelSequencer(sequencer.state(), Duration.ofSeconds(30), CLOCK);
        assertThat(restored.latestTime()).isEqualTo(sequencer.latestTime());
    }

    @Test
    void arrivalBoundsTimeFromTheLatestAdmittedInputNotTheLaggingDecisions() throws Exception {
        approveBtc(); // today 2024-03-01
        // a fast replay: features run twelve days ahead of the predictions that move today, one candle after another
        Instant start = candle(0);
        for (int h = 12; h <= 24 * 12; h += 12) {
            engine.admit(TestEvents.features(BTC, start.plus(Duration.ofHours(h)), 67650.0, null));
        }
        assertThat(engine.day()).as("no decision moved today").isEqualTo(LocalDate.parse("2024-03-01"));
        Instant latest = start.plus(Duration.ofDays(12)).plus(Duration.ofHours(1)); // the last features' tsEvent: its close
        assertThat(engine.latestAdmitted()).isEqualTo(latest);
        // the lagging prediction of day 2 is still admitted, and a far-future one is not
        engine.admit(TestEvents.prediction(BTC, start.plus(Duration.ofDays(2)), 0.7, 0.7));
        assertThatThrownBy(() -> engine.admit(TestEvents.features(BTC, start.plus(Duration.ofDays(30)), 67650.0, null)))
                .isInstanceOf(RefusedInputException.class).hasMessageContaining("market time may move at most 7 day(s)");
        assertThat(engine.latestAdmitted()).as("a refused input moves nothing").isEqualTo(latest);

        EngineSnapshot restored = Json.mapper().readValue(state(), EngineSnapshot.class);
        assertThat(restored.latestAdmitted()).isEqualTo(latest);
        RiskEngine again = new RiskEngine(RiskLimits.defaults(), restored, CLOCK).limitDayJump(7);
        again.admit(TestEvents.features(BTC, start.plus(Duration.ofDays(19)), 67650.0, null));
        assertThat(again.latestAdmitted()).isEqualTo(start.plus(Duration.ofDays(19)).plus(Duration.ofHours(1)));
    }

    /** Steps BTC's candle 0 with a confident prediction: the approved entry, awaiting execution's answer. */
    RiskDecisionMade approveFirstCandle(KernelSequencer sequencer, List<KernelSequencer.Step> steps) {
        offer(sequencer, TestEvents.features(BTC, candle(0), 67650.0, 890.0));
        offer(sequencer, TestEvents.prediction(BTC, candle(0), 0.67, 0.67));
        offer(sequencer, CandleSettled.of(BTC, Interval.H1, candle(0), 0, 0, 0, null, null, NOW));
        drain(sequencer, steps);
        RiskDecisionMade approved = steps.getFirst().decision();
        assertThat(approved.approved()).as(approved.reason()).isTrue();
        return approved;
    }

    void offer(KernelSequencer sequencer, Event event) {
        sequencer.admit(event, engine);
        sequencer.offer(event);
    }

    void drain(KernelSequencer sequencer, List<KernelSequencer.Step> steps) {
        for (Optional<KernelSequencer.Step> s = sequencer.advance(engine, NOW); s.isPresent(); s = sequencer.advance(engine, NOW)) {
            steps.add(s.get());
        }
    }

    @Test
    void approvedEntriesSurviveASnapshotAndAnOlderSnapshotAsksForThemAgain() throws Exception {
        RiskDecisionMade decision = approveBtc();
        ObjectMapper json = Json.mapper();
        EngineSnapshot snapshot = json.readValue(json.writeValueAsString(engine.snapshot()), EngineSnapshot.class);
        RiskEngine restored = new RiskEngine(RiskLimits.defaults(), snapshot, CLOCK);
        assertThat(restored.approvalsKnown()).isTrue();
        assertThat(restored.approvedEntries()).isEqualTo(engine.approvedEntries());

        // a snapshot written before approved entries were kept
        String older = json.writeValueAsString(engine.snapshot()).replaceAll(",\"approved\":\\[[^\\]]*\\]", "");
        RiskEngine upgraded = new RiskEngine(RiskLimits.defaults(), json.readValue(older, EngineSnapshot.class), CLOCK);
        assertThat(upgraded.approvalsKnown()).isFalse();
        ClientOrderId entry = Ids.clientOrderId(decision.eventId());
        FillExecuted fill = TestEvents.entryFill(BTC, entry, candle(1), "67680", "0.1124", "7.60");
        assertThatThrownBy(() -> upgraded.admit(fill)).isInstanceOf(RefusedInputException.class);
        upgraded.rememberApproved(decision);
        upgraded.approvalsRestored();
        assertThat(upgraded.approvalsKnown()).isTrue();
        assertThatCode(() -> upgraded.admit(fill)).doesNotThrowAnyException();
    }

    @Test
    void onlyTheMostRecentFinishedApprovalsAreKeptButOpenOnesAlways() {
        Account account = new Account(new BigDecimal("1000000"));
        ClientOrderId first = ClientOrderId.of("sx-first");
        var intent = new dev.sextant.contracts.event.OrderIntent(Side.BUY, dev.sextant.contracts.event.OrderType.MARKET,
                BigDecimal.ONE, new BigDecimal("100"), new BigDecimal("90"), new BigDecimal("120"), BigDecimal.TEN);
        account.approve(first, BTC, intent);
        account.apply(TestEvents.entryFill(BTC, first, candle(0), "100", "1", "0.1"));
        ClientOrderId second = ClientOrderId.of("sx-second");
        account.approve(second, BTC, intent);
        for (int i = 0; i < Account.APPROVED_KEPT + 10; i++) {
            account.approve(ClientOrderId.of("sx-n" + i), BTC, intent);
        }
        assertThat(account.approvedEntries()).hasSize(Account.APPROVED_KEPT);
        assertThat(account.approvedEntries()).extracting(ApprovedEntry::orderId).contains("sx-first").doesNotContain("sx-second");
    }

    @Test
    void aReplayedOldCommandIsIgnoredAndARecentOneApplies() {
        engine.commandReplayWindow(Duration.ofMinutes(5));
        Instant t = Instant.parse("2025-06-01T10:00:00Z");
        StopRequested oldStop = new StopRequested(Ids.derive("test", "stop-old"), t, t, null, StopRequested.SCHEMA_VERSION, null, "api");
        StartRequested start = new StartRequested(Ids.derive("test", "start"), t.plus(Duration.ofMinutes(30)),
                t.plus(Duration.ofMinutes(30)), null, StartRequested.SCHEMA_VERSION, null, "api");
        assertThat(engine.onControl(oldStop)).isPresent();
        assertThat(engine.onControl(start)).isPresent();
        assertThat(engine.tradingState()).isEqualTo(TradingState.RUNNING);

        assertThat(engine.staleness(oldStop)).hasValueSatisfying(why -> assertThat(why)
                .isEqualTo("StopRequested " + oldStop.eventId() + " of 2025-06-01T10:00:00Z is older than the latest applied command"
                        + " (2025-06-01T10:30:00Z) by more than PT5M: ignored as a replay"));
        assertThat(engine.onControl(oldStop)).isEmpty();
        assertThat(engine.tradingState()).as("the replayed stop does not stop the bot").isEqualTo(TradingState.RUNNING);

        StopRequested slightlyOlder = new StopRequested(Ids.derive("test", "stop-skewed"), t.plus(Duration.ofMinutes(27)),
                t.plus(Duration.ofMinutes(27)), null, StopRequested.SCHEMA_VERSION, null, "api");
        assertThat(engine.onControl(slightlyOlder)).as("within the window (clock skew between senders)").isPresent();
        assertThat(engine.tradingState()).isEqualTo(TradingState.STOPPED);
        assertThat(engine.snapshot().lastCommandTime()).isEqualTo(start.tsEvent());
    }
}
