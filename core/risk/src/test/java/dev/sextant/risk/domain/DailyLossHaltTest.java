package dev.sextant.risk.domain;

import static dev.sextant.risk.domain.TestEvents.BTC;
import static dev.sextant.risk.domain.TestEvents.CLOCK;
import static dev.sextant.risk.domain.TestEvents.ETH;
import static dev.sextant.risk.domain.TestEvents.T0;
import static dev.sextant.risk.domain.TestEvents.candle;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.contracts.event.RiskCheck;
import dev.sextant.contracts.event.RiskDecisionMade;
import dev.sextant.contracts.event.TradingState;
import dev.sextant.contracts.event.TradingStateChanged;
import dev.sextant.contracts.id.ClientOrderId;
import dev.sextant.contracts.id.Ids;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code daily-loss-halt}: a halt caused by the daily loss limit lifts at the next UTC day boundary in
 * event time ({@code until-next-day}, the default) or waits for an operator start ({@code until-operator}).
 * The test day D is 2024-03-01 (candles 0..9 open on it, candle(10) opens at 2024-03-02T00:00Z).
 */
class DailyLossHaltTest {
    private static final LocalDate DAY = LocalDate.parse("2024-03-01");
    private static final Instant NEXT_DAY = Instant.parse("2024-03-02T00:00:00Z");
    private static final String LIFTED = "daily loss halt of 2024-03-01 lifted at the UTC day boundary 2024-03-02";

    private static RiskEngine engine(String policy, TradingState initial) {
        RiskLimits limits = RiskLimits.defaults().withOverrides(Map.of("daily-loss-halt", policy));
        return new RiskEngine(limits, new BigDecimal("10000"), initial, CLOCK);
    }

    /** An entry at candle(1) and its stop-loss at candle(2) losing 500 (5 % of 10,000): HALTED on day D. */
    private static TradingStateChanged haltOnDayD(RiskEngine engine) {
        ClientOrderId order = Ids.clientOrderId(Ids.derive("decision", "test"));
        assertThat(engine.onFill(TestEvents.entryFill(BTC, order, candle(1), "67652", "0.1124", "7.60"))).isEmpty();
        TradingStateChanged halted = engine.onFill(TestEvents.exitFill(BTC, order, candle(2), "63200", "0.1124", "7.10", "-500.00"))
                .orElseThrow();
        assertThat(halted.state()).isEqualTo(TradingState.HALTED);
        return halted;
    }

    private static RiskDecisionMade decideBtc(RiskEngine engine, int candle) {
        return engine.decide(TestEvents.prediction(BTC, candle(candle), 0.6, 0.6), TestEvents.mark(BTC, candle(candle), "67650", "890"));
    }

    @Test
    void haltedOnDayDStaysHaltedOnDayDAndLiftsOnTheFirstEventOfTheNextDay() {
        RiskEngine engine = engine("until-next-day", TradingState.RUNNING);
        TradingStateChanged halted = haltOnDayD(engine);
        assertThat(halted.previous()).isEqualTo(TradingState.RUNNING);
        assertThat(halted.reason()).isEqualTo("daily loss 0.05000000 reached limit 0.05 of the day's starting equity 10000;"
                + " the halt lifts at the next UTC day boundary (the first event of 2024-03-02 or later) or with an operator start");
        assertThat(engine.dailyLossHalt()).contains(new DailyLossHalt(DAY, TradingState.RUNNING, halted.eventId()));

        // later on day D: still halted, whatever the input
        assertThat(engine.onMarketTime(Instant.parse("2024-03-01T23:59:59.999Z"))).isEmpty();
        RiskDecisionMade lastOfTheDay = decideBtc(engine, 8); // its prediction is stamped 23:00
        assertThat(lastOfTheDay.approved()).isFalse();
        assertThat(lastOfTheDay.reason()).startsWith("trading state HALTED: new entries need RUNNING");
        assertThat(engine.tradingState()).isEqualTo(TradingState.HALTED);

        // the first event of D+1 lifts it, back to RUNNING
        TradingStateChanged lifted = engine.onMarketTime(NEXT_DAY.plusSeconds(1)).orElseThrow();

        assertThat(lifted.state()).isEqualTo(TradingState.RUNNING);
        assertThat(lifted.previous()).isEqualTo(TradingState.HALTED);
        assertThat(lifted.reason()).isEqualTo(LIFTED);
        assertThat(lifted.eventId()).isEqualTo(Ids.derivedFrom("trading-state-halt-lifted", halted.eventId()));
        assertThat(lifted.causationId()).isEqualTo(halted.eventId());
        assertThat(lifted.tsEvent()).as("the day boundary, in event time").isEqualTo(NEXT_DAY);
        assertThat(lifted.tsInit()).isEqualTo(CLOCK.instant());
        assertThat(lifted.symbol()).isNull();
        assertThat(engine.tradingState()).isEqualTo(TradingState.RUNNING);
        assertThat(engine.dailyLossHalt()).isEmpty();
        assertThat(engine.tradingStateReason()).isEqualTo(LIFTED);
        assertThat(engine.tradingStateSince()).isEqualTo(NEXT_DAY);
        assertThat(engine.day()).isEqualTo(DAY.plusDays(1));
        assertThat(engine.onMarketTime(NEXT_DAY.plusSeconds(2))).as("lifted once").isEmpty();

        RiskDecisionMade firstOfTheNextDay = decideBtc(engine, 10);
        assertThat(firstOfTheNextDay.approved()).as(firstOfTheNextDay.reason()).isTrue();
        assertThat(firstOfTheNextDay.checks()).filteredOn(c -> c.name().equals("daily_loss")).singleElement()
                .satisfies(c -> assertThat(c.value()).isEqualByComparingTo("0"));
        assertThat(engine.takeStateChanges()).isEmpty();
    }

    @Test
    void decideLiftsTheHaltItselfWhenTheCallerForgotAndKeepsTheSameChangeForTakeStateChanges() {
        RiskEngine careful = engine("until-next-day", TradingState.RUNNING);
        RiskEngine forgetful = engine("until-next-day", TradingState.RUNNING);
        haltOnDayD(careful);
        haltOnDayD(forgetful);

        TradingStateChanged viaMarketTime = careful.onMarketTime(candle(10).plus(Duration.ofHours(1))).orElseThrow();
        RiskDecisionMade decision = decideBtc(forgetful, 10);

        assertThat(decision.approved()).as("decided after the lift: " + decision.reason()).isTrue();
        assertThat(decision.checks()).extracting(RiskCheck::name).startsWith("trading_state");
        assertThat(forgetful.takeStateChanges()).as("reproducible: same id, time and reason").containsExactly(viaMarketTime);
        assertThat(forgetful.takeStateChanges()).as("taken once").isEmpty();
        assertThat(forgetful.tradingStateReason()).isEqualTo(careful.tradingStateReason());
        assertThat(forgetful.tradingStateSince()).isEqualTo(careful.tradingStateSince());
    }

    @Test
    void aFillOfTheNextDayLiftsTheHaltBeforeItIsBookedAndAFreshBreachHaltsForTheNewDay() {
        RiskEngine engine = engine("until-next-day", TradingState.RUNNING);
        haltOnDayD(engine);
        ClientOrderId eth = Ids.clientOrderId(Ids.derive("decision", "eth"));

        // forgot onMarketTime: onFill lifts on its own and keeps the change
        assertThat(engine.onFill(TestEvents.entryFill(ETH, eth, candle(10), "3500", "1", "3.50"))).isEmpty();
        assertThat(engine.takeStateChanges()).singleElement().satisfies(t -> assertThat(t.reason()).isEqualTo(LIFTED));
        assertThat(engine.tradingState()).isEqualTo(TradingState.RUNNING);
        assertThat(engine.dayStartEquity()).isEqualByComparingTo("9500.00");

        // 5 % of the new day's 9,500 is 475: losing it halts again, now for 2024-03-02
        TradingStateChanged again = engine.onFill(TestEvents.exitFill(ETH, eth, candle(11), "3030", "1", "3.03", "-475.00"))
                .orElseThrow();
        assertThat(again.previous()).isEqualTo(TradingState.RUNNING);
        assertThat(again.reason()).contains("(the first event of 2024-03-03 or later)");
        assertThat(engine.dailyLossHalt()).hasValueSatisfying(h -> assertThat(h.day()).isEqualTo(DAY.plusDays(1)));
    }

    @Test
    void aHaltWhilePausedLiftsBackToPaused() {
        RiskEngine engine = engine("until-next-day", TradingState.RUNNING);
        engine.onControl(TestEvents.pause(T0));
        assertThat(haltOnDayD(engine).previous()).isEqualTo(TradingState.PAUSED);

        TradingStateChanged lifted = engine.onMarketTime(NEXT_DAY).orElseThrow();

        assertThat(lifted.state()).isEqualTo(TradingState.PAUSED);
        assertThat(lifted.previous()).isEqualTo(TradingState.HALTED);
        assertThat(lifted.reason()).isEqualTo(LIFTED + "; back to PAUSED: an operator resume allows new entries");
        assertThat(decideBtc(engine, 10).reason()).isEqualTo("trading state PAUSED: new entries need RUNNING");
    }

    @Test
    void withUntilOperatorTheHaltHoldsAcrossDaysUntilAnOperatorStart() {
        RiskEngine engine = engine("until-operator", TradingState.RUNNING);
        TradingStateChanged halted = haltOnDayD(engine);
        assertThat(halted.reason()).isEqualTo("daily loss 0.05000000 reached limit 0.05 of the day's starting equity 10000;"
                + " an operator start lifts the halt");
        assertThat(engine.dailyLossHalt()).as("the cause is still remembered").isPresent();

        assertThat(engine.onMarketTime(NEXT_DAY)).isEmpty();
        assertThat(decideBtc(engine, 10).reason()).isEqualTo("trading state HALTED: new entries need RUNNING");
        assertThat(engine.onMarketTime(NEXT_DAY.plus(Duration.ofDays(5)))).isEmpty();
        assertThat(engine.takeStateChanges()).isEmpty();
        assertThat(engine.onControl(TestEvents.resume(candle(12)))).as("resume does not lift it").isEmpty();
        assertThat(engine.tradingState()).isEqualTo(TradingState.HALTED);

        assertThat(engine.onControl(TestEvents.start(candle(13)))).hasValueSatisfying(t -> {
            assertThat(t.state()).isEqualTo(TradingState.RUNNING);
            assertThat(t.previous()).isEqualTo(TradingState.HALTED);
        });
        assertThat(engine.dailyLossHalt()).isEmpty();
    }

    @Test
    void theSettingIsLiveTunableBothWays() {
        RiskEngine holding = engine("until-next-day", TradingState.RUNNING);
        haltOnDayD(holding);
        holding.onControl(TestEvents.settings("risk-service", Map.of("daily-loss-halt", "until-operator"), candle(3)));
        assertThat(holding.onMarketTime(NEXT_DAY)).as("switched to until-operator during the halt").isEmpty();
        assertThat(holding.limits().asMap()).containsEntry("daily-loss-halt", "until-operator");

        holding.onControl(TestEvents.settings("risk-service", Map.of("daily-loss-halt", "until-next-day"), candle(11)));
        assertThat(holding.onMarketTime(candle(12))).as("back to until-next-day: the next input of a later day lifts it")
                .hasValueSatisfying(t -> assertThat(t.reason()).isEqualTo(LIFTED));
    }

    @Test
    void anOperatorStopIsNeverLiftedByTheClock() {
        // stopped, then halted by a loss (exits keep running while stopped): the halt lifts back to STOPPED
        RiskEngine stoppedBefore = engine("until-next-day", TradingState.RUNNING);
        stoppedBefore.onControl(TestEvents.stop(T0));
        assertThat(haltOnDayD(stoppedBefore).previous()).isEqualTo(TradingState.STOPPED);
        TradingStateChanged lifted = stoppedBefore.onMarketTime(NEXT_DAY).orElseThrow();
        assertThat(lifted.state()).isEqualTo(TradingState.STOPPED);
        assertThat(lifted.reason()).isEqualTo(LIFTED + "; back to STOPPED: an operator start allows new entries");
        assertThat(decideBtc(stoppedBefore, 10).reason()).isEqualTo("trading state STOPPED: new entries need RUNNING");

        // halted, then stopped by the operator: the state stays HALTED, and the halt lifts to STOPPED
        RiskEngine stoppedDuring = engine("until-next-day", TradingState.RUNNING);
        haltOnDayD(stoppedDuring);
        assertThat(stoppedDuring.onControl(TestEvents.stop(candle(3)))).isEmpty();
        assertThat(stoppedDuring.tradingState()).isEqualTo(TradingState.HALTED);
        assertThat(stoppedDuring.dailyLossHalt()).hasValueSatisfying(h -> assertThat(h.resumeState()).isEqualTo(TradingState.STOPPED));
        assertThat(stoppedDuring.onMarketTime(NEXT_DAY)).hasValueSatisfying(t -> assertThat(t.state()).isEqualTo(TradingState.STOPPED));

        // a plain stop, no halt: a new day changes nothing
        RiskEngine stopped = engine("until-next-day", TradingState.RUNNING);
        stopped.onControl(TestEvents.stop(T0));
        assertThat(stopped.onMarketTime(NEXT_DAY)).isEmpty();
        assertThat(stopped.tradingState()).isEqualTo(TradingState.STOPPED);
    }

    @Test
    void aHaltForAnotherReasonWaitsForAnOperatorStart() {
        RiskEngine halted = engine("until-next-day", TradingState.HALTED);
        assertThat(halted.dailyLossHalt()).isEmpty();
        assertThat(halted.onMarketTime(T0)).isEmpty();
        assertThat(halted.onMarketTime(NEXT_DAY.plus(Duration.ofDays(3)))).isEmpty();
        assertThat(halted.tradingState()).isEqualTo(TradingState.HALTED);
    }

    @Test
    void theHaltCauseSurvivesTheSnapshotAndTheRestoredEngineLiftsItTheSameWay() {
        RiskEngine engine = engine("until-next-day", TradingState.RUNNING);
        engine.onControl(TestEvents.pause(T0));
        TradingStateChanged halted = haltOnDayD(engine);
        EngineSnapshot snapshot = engine.snapshot();
        assertThat(snapshot.dailyLossHalt()).isEqualTo(new DailyLossHalt(DAY, TradingState.PAUSED, halted.eventId()));

        RiskEngine restored = new RiskEngine(RiskLimits.defaults(), snapshot, CLOCK);

        assertThat(restored.dailyLossHalt()).isEqualTo(engine.dailyLossHalt());
        assertThat(restored.snapshot()).isEqualTo(snapshot);
        assertThat(restored.startupAnnouncement().reason()).contains(halted.reason());
        assertThat(restored.onMarketTime(NEXT_DAY)).isEqualTo(engine.onMarketTime(NEXT_DAY))
                .hasValueSatisfying(t -> assertThat(t.state()).isEqualTo(TradingState.PAUSED));
    }

    @Test
    void aHaltedSnapshotWithoutTheCauseWaitsForAnOperatorStart() {
        RiskEngine engine = engine("until-next-day", TradingState.RUNNING);
        haltOnDayD(engine);
        EngineSnapshot s = engine.snapshot();
        EngineSnapshot older = new EngineSnapshot(s.tradingState(), s.tradingStateReason(), s.tradingStateSince(),
                s.settingOverrides(), s.account());

        RiskEngine restored = new RiskEngine(RiskLimits.defaults(), older, CLOCK);

        assertThat(restored.tradingState()).isEqualTo(TradingState.HALTED);
        assertThat(restored.dailyLossHalt()).isEmpty();
        assertThat(restored.onMarketTime(NEXT_DAY)).isEmpty();
        assertThat(restored.tradingState()).isEqualTo(TradingState.HALTED);
    }
}
