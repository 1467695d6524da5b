package dev.sextant.risk.domain;

import static dev.sextant.risk.domain.TestEvents.BTC;
import static dev.sextant.risk.domain.TestEvents.CLOCK;
import static dev.sextant.risk.domain.TestEvents.ETH;
import static dev.sextant.risk.domain.TestEvents.T0;
import static dev.sextant.risk.domain.TestEvents.candle;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sextant.contracts.event.OrderIntent;
import dev.sextant.contracts.event.PositionSide;
import dev.sextant.contracts.event.PredictionMade;
import dev.sextant.contracts.event.RiskCheck;
import dev.sextant.contracts.event.RiskDecisionMade;
import dev.sextant.contracts.event.Side;
import dev.sextant.contracts.event.TradingState;
import dev.sextant.contracts.event.TradingStateChanged;
import dev.sextant.contracts.id.ClientOrderId;
import dev.sextant.contracts.id.Ids;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RiskEngineTest {

    private final RiskEngine engine = new RiskEngine(RiskLimits.defaults(), new BigDecimal("10000"), TradingState.RUNNING, CLOCK);

    private RiskCheck check(RiskDecisionMade decision, String name) {
        return decision.checks().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    private RiskDecisionMade decideBtc(int candle, double confidence) {
        return engine.decide(TestEvents.prediction(BTC, candle(candle), confidence, confidence),
                TestEvents.mark(BTC, candle(candle), "67650", "890"));
    }

    @Test
    void workedExampleIsApprovedAndSizedExactly() {
        PredictionMade prediction = TestEvents.prediction(BTC, T0, 0.67, 0.67);

        RiskDecisionMade decision = engine.decide(prediction, TestEvents.workedMark());

        assertThat(decision.approved()).isTrue();
        assertThat(decision.reason()).isEqualTo(RiskEngine.APPROVED_REASON);
        OrderIntent intent = decision.intent();
        assertThat(intent.side()).isEqualTo(Side.BUY);
        assertThat(intent.referencePrice()).isEqualByComparingTo("67650");
        assertThat(intent.stopLoss()).isEqualByComparingTo("65870");
        assertThat(intent.quantity()).isEqualTo(new BigDecimal("0.1124"));
        assertThat(intent.notional()).isEqualByComparingTo("7603.86");
        assertThat(intent.takeProfit()).isEqualByComparingTo("71210");
        assertThat(intent.riskAmount()).isEqualByComparingTo("200.072");
        // reward:risk 2:1 and the risk budget of 2 % of 10,000 within one quantity step
        assertThat(intent.takeProfit().subtract(intent.referencePrice()))
                .isEqualByComparingTo(intent.referencePrice().subtract(intent.stopLoss()).multiply(BigDecimal.TWO));
        assertThat(intent.riskAmount().subtract(new BigDecimal("200")).abs()).isLessThan(new BigDecimal("0.1"));

        assertThat(decision.eventId()).isEqualTo(Ids.derivedFrom("decision", prediction.eventId()));
        assertThat(decision.causationId()).isEqualTo(prediction.eventId());
        assertThat(decision.tsEvent()).isEqualTo(prediction.tsEvent());
        assertThat(decision.tsInit()).isEqualTo(CLOCK.instant());
        assertThat(decision.checks()).extracting(RiskCheck::name).containsExactly("trading_state", "direction",
                "confidence", "position", "daily_loss", "volatility", "spread", "notional_cap", "min_notional", "slippage",
                "liquidity");
        assertThat(decision.checks()).allMatch(RiskCheck::passed);
        assertThat(check(decision, "min_notional").value()).isEqualByComparingTo("7603.86");
        assertThat(check(decision, "min_notional").threshold()).isEqualByComparingTo("10");
        assertThat(check(decision, "confidence").value()).isEqualByComparingTo("0.67");
        assertThat(check(decision, "confidence").threshold()).isEqualByComparingTo("0.55");
        assertThat(check(decision, "volatility").value()).isEqualTo(new BigDecimal("0.01315595"));
        assertThat(check(decision, "volatility").threshold()).isEqualByComparingTo("0.005");
        assertThat(check(decision, "volatility").upperThreshold()).isEqualByComparingTo("0.03");
        assertThat(check(decision, "daily_loss").value()).isEqualByComparingTo("0");
        RiskCheck spread = check(decision, "spread");
        assertThat(spread.value()).isNull();
        assertThat(spread.detail()).isEqualTo("spread unknown");
        assertThat(engine.pendingIntents()).singleElement().satisfies(p -> {
            assertThat(p.clientOrderId()).isEqualTo(Ids.clientOrderId(decision.eventId()));
            assertThat(p.notional()).isEqualByComparingTo("7603.86");
        });
    }

    @Test
    void roundingDownTheWorkedExampleGivesOneStepLess() {
        RiskLimits down = RiskLimits.defaults().withOverrides(Map.of("quantity-rounding", "DOWN"));
        RiskEngine strict = new RiskEngine(down, new BigDecimal("10000"), TradingState.RUNNING, CLOCK);

        RiskDecisionMade decision = strict.decide(TestEvents.prediction(0.67), TestEvents.workedMark());

        assertThat(down.quantityRounding()).isEqualTo(RoundingMode.DOWN);
        assertThat(decision.intent().quantity()).isEqualTo(new BigDecimal("0.1123"));
        assertThat(decision.intent().riskAmount()).isEqualByComparingTo("199.894");
    }

    @Test
    void aPendingEntryBlocksASecondEntryInTheSameSymbol() {
        assertThat(decideBtc(0, 0.6).approved()).isTrue();

        RiskDecisionMade second = decideBtc(1, 0.6);

        assertThat(second.approved()).isFalse();
        assertThat(second.reason()).startsWith("position open in BTCUSDT (entry pending");
        assertThat(check(second, "position").value()).isEqualByComparingTo("1");
        assertThat(second.intent()).as("a denied decision still shows what it would have sized").isNotNull();
        // another symbol is not blocked
        RiskDecisionMade eth = engine.decide(TestEvents.prediction(ETH, T0, 0.6, 0.6), TestEvents.mark(ETH, T0, "3500", "50"));
        assertThat(eth.approved()).isTrue();
    }

    @Test
    void theEntryFillTurnsThePendingEntryIntoAnOpenPositionUntilItIsFlat() {
        RiskDecisionMade first = decideBtc(0, 0.6);
        ClientOrderId orderId = Ids.clientOrderId(first.eventId());
        engine.onFill(TestEvents.entryFill(BTC, orderId, candle(1), "67652", "0.1124", "7.60"));

        assertThat(engine.pendingIntents()).isEmpty();
        assertThat(engine.openPositions()).singleElement().satisfies(p -> assertThat(p.positionId()).isEqualTo(orderId.value()));
        assertThat(engine.equity()).isEqualByComparingTo("9992.40");
        RiskDecisionMade whileOpen = decideBtc(5, 0.6);
        assertThat(whileOpen.approved()).as("an open position never times out").isFalse();
        assertThat(whileOpen.reason()).contains("position open in BTCUSDT (position " + orderId + ")");

        engine.onPosition(TestEvents.position(BTC, orderId.value(), PositionSide.FLAT, "0", null, candle(6)));

        assertThat(engine.openPositions()).isEmpty();
        assertThat(decideBtc(7, 0.6).approved()).isTrue();
    }

    @Test
    void aRejectedOrderClearsItsPendingEntry() {
        RiskDecisionMade first = decideBtc(0, 0.6);
        engine.onOrder(TestEvents.rejected(BTC, Ids.clientOrderId(Ids.derive("other")), candle(1)));
        assertThat(engine.pendingIntents()).as("another order's rejection changes nothing").hasSize(1);

        engine.onOrder(TestEvents.rejected(BTC, Ids.clientOrderId(first.eventId()), candle(1)));

        assertThat(engine.pendingIntents()).isEmpty();
        assertThat(decideBtc(1, 0.6).approved()).isTrue();
    }

    @Test
    void aPendingEntryTimesOutAfterTheConfiguredNumberOfCandles() {
        assertThat(decideBtc(0, 0.6).approved()).isTrue();

        assertThat(decideBtc(2, 0.6).approved()).as("2 candles later: still pending").isFalse();
        assertThat(decideBtc(3, 0.6).approved()).as("3 candles later: timed out").isTrue();
    }

    @Test
    void aDailyLossAtTheLimitHaltsUntilAnOperatorStartsWhenTheHaltIsUntilOperator() {
        engine.updateSettings(Map.of("daily-loss-halt", "until-operator"));
        RiskDecisionMade first = decideBtc(0, 0.6);
        ClientOrderId orderId = Ids.clientOrderId(first.eventId());
        assertThat(engine.onFill(TestEvents.entryFill(BTC, orderId, candle(1), "67652", "0.1124", "7.60"))).isEmpty();

        Optional<TradingStateChanged> halted =
                engine.onFill(TestEvents.exitFill(BTC, orderId, candle(2), "63200", "0.1124", "7.10", "-500.00"));

        assertThat(halted).hasValueSatisfying(t -> {
            assertThat(t.state()).isEqualTo(TradingState.HALTED);
            assertThat(t.previous()).isEqualTo(TradingState.RUNNING);
            assertThat(t.reason()).startsWith("daily loss 0.05000000 reached limit 0.05").endsWith("an operator start lifts the halt");
            assertThat(t.causationId()).isNotNull();
        });
        assertThat(engine.equity()).isEqualByComparingTo("9500.00");
        RiskDecisionMade denied = decideBtc(3, 0.6);
        assertThat(denied.approved()).isFalse();
        assertThat(denied.reason()).contains("trading state HALTED").contains("daily loss 0.05000000 reached limit 0.05");

        // a new UTC day resets the loss, not the halt; resume does not lift it either
        assertThat(engine.onControl(TestEvents.resume(candle(12)))).isEmpty();
        RiskDecisionMade nextDay = decideBtc(12, 0.6);
        assertThat(check(nextDay, "daily_loss").passed()).isTrue();
        assertThat(nextDay.reason()).isEqualTo("trading state HALTED: new entries need RUNNING");

        assertThat(engine.onControl(TestEvents.start(candle(13))))
                .hasValueSatisfying(t -> assertThat(t.state()).isEqualTo(TradingState.RUNNING));
        assertThat(decideBtc(13, 0.6).approved()).isTrue();
    }

    @Test
    void pauseDeniesNewEntriesAndResumeAllowsThemAgain() {
        Optional<TradingStateChanged> paused = engine.onControl(TestEvents.pause(T0));
        assertThat(paused).hasValueSatisfying(t -> {
            assertThat(t.state()).isEqualTo(TradingState.PAUSED);
            assertThat(t.previous()).isEqualTo(TradingState.RUNNING);
            assertThat(t.eventId()).isEqualTo(Ids.derivedFrom("trading-state", TestEvents.pause(T0).eventId()));
        });
        assertThat(engine.onControl(TestEvents.pause(T0.plusSeconds(1)))).as("already paused").isEmpty();

        RiskDecisionMade denied = decideBtc(0, 0.6);
        assertThat(denied.approved()).isFalse();
        assertThat(denied.reason()).isEqualTo("trading state PAUSED: new entries need RUNNING");
        assertThat(engine.pendingIntents()).isEmpty();

        assertThat(engine.onControl(TestEvents.resume(candle(1))))
                .hasValueSatisfying(t -> assertThat(t.state()).isEqualTo(TradingState.RUNNING));
        assertThat(decideBtc(1, 0.6).approved()).isTrue();
    }

    @Test
    void stopNeedsAStartNotAResume() {
        assertThat(engine.onControl(TestEvents.stop(T0))).hasValueSatisfying(t -> assertThat(t.state()).isEqualTo(TradingState.STOPPED));
        assertThat(engine.onControl(TestEvents.resume(T0))).isEmpty();
        assertThat(decideBtc(0, 0.6).reason()).isEqualTo("trading state STOPPED: new entries need RUNNING");
        assertThat(engine.onControl(TestEvents.start(T0))).hasValueSatisfying(t -> assertThat(t.state()).isEqualTo(TradingState.RUNNING));
    }

    @Test
    void aDownDirectionIsDeniedLongOnly() {
        RiskDecisionMade decision = engine.decide(TestEvents.prediction(BTC, T0, 0.3, 0.7, 0.7), TestEvents.workedMark());

        assertThat(decision.approved()).isFalse();
        assertThat(decision.reason()).isEqualTo("direction down: long-only");
        assertThat(decision.intent()).isNull();
        assertThat(decision.checks()).extracting(RiskCheck::name).doesNotContain("notional_cap");
        assertThat(engine.pendingIntents()).isEmpty();
    }

    @Test
    void theNotionalIsCappedAtAvailableEquity() {
        // stop distance 800: a 200 risk budget would buy 0.25 BTC = 16,912.50 > 10,000 of equity;
        // notional x (1 + cost-headroom 0.002) must fit: floor(10,000 / (67,650 x 1.002 x 0.0001)) = 1475 steps
        RiskDecisionMade decision = engine.decide(TestEvents.prediction(0.6), TestEvents.mark(BTC, T0, "67650", "400"));

        assertThat(decision.approved()).isTrue();
        assertThat(decision.intent().quantity()).isEqualTo(new BigDecimal("0.1475"));
        assertThat(decision.intent().notional().multiply(new BigDecimal("1.002"))).isLessThanOrEqualTo(new BigDecimal("10000"));
        assertThat(check(decision, "notional_cap").detail()).startsWith("quantity capped from 0.2500 to 0.1475");
        assertThat(check(decision, "notional_cap").value()).isLessThanOrEqualTo(check(decision, "notional_cap").threshold());

        // the first entry's notional is committed: the second symbol gets what is left
        RiskDecisionMade eth = engine.decide(TestEvents.prediction(ETH, T0, 0.6, 0.6), TestEvents.mark(ETH, T0, "3500", "50"));
        assertThat(eth.intent().notional()).isLessThanOrEqualTo(new BigDecimal("10000").subtract(decision.intent().notional()));
    }

    @Test
    void aSecondSymbolStarvedByAPendingEntryIsDeniedByTheMinimumNotionalNotApprovedWithDust() {
        RiskEngine small = new RiskEngine(RiskLimits.defaults(), new BigDecimal("1000"), TradingState.RUNNING, CLOCK);
        // BTC: a 20 risk budget at stop distance 800 would buy 0.025 BTC = 1,691.25 > 1,000 of equity;
        // capped to floor(1,000 / (67,650 x 1.002 x 0.0001)) = 147 steps: 0.0147 BTC = 994.455, pending
        RiskDecisionMade btc = small.decide(TestEvents.prediction(0.6), TestEvents.mark(BTC, T0, "67650", "400"));
        assertThat(btc.approved()).as(btc.reason()).isTrue();
        assertThat(btc.intent().quantity()).isEqualTo(new BigDecimal("0.0147"));
        assertThat(small.availableEquity()).isEqualByComparingTo("5.545");

        // ETH: what is left buys floor(5.545 / (3,500 x 1.002 x 0.0001)) = 15 steps: 0.0015 ETH = 5.25 USDT
        RiskDecisionMade eth = small.decide(TestEvents.prediction(ETH, T0, 0.6, 0.6), TestEvents.mark(ETH, T0, "3500", "50"));

        assertThat(eth.approved()).isFalse();
        assertThat(eth.reason()).isEqualTo("notional 5.25 USDT is below the venue minimum of 10 USDT");
        assertThat(eth.checks()).extracting(RiskCheck::name).endsWith("notional_cap", "min_notional", "slippage", "liquidity");
        assertThat(check(eth, "notional_cap").passed()).as("the cap itself found a step that fits").isTrue();
        RiskCheck minNotional = check(eth, "min_notional");
        assertThat(minNotional.passed()).isFalse();
        assertThat(minNotional.value()).isEqualByComparingTo("5.25");
        assertThat(minNotional.comparator()).isEqualTo(">=");
        assertThat(minNotional.threshold()).isEqualByComparingTo("10");
        assertThat(eth.intent().quantity()).as("the dust entry it refused").isEqualTo(new BigDecimal("0.0015"));
        assertThat(small.pendingIntents()).as("nothing pending for ETH").extracting(PendingIntent::symbol).containsExactly(BTC);

        // the minimum is a runtime setting: with 0 the same dust entry would have gone through
        small.onControl(TestEvents.settings("risk-service", Map.of("min-notional", "0"), T0));
        RiskDecisionMade dust = small.decide(TestEvents.prediction(ETH, candle(1), 0.6, 0.6), TestEvents.mark(ETH, candle(1), "3500", "50"));
        assertThat(dust.approved()).isTrue();
        assertThat(dust.intent().quantity()).isEqualTo(new BigDecimal("0.0015"));
        assertThat(small.limits().asMap()).containsEntry("min-notional", "0");
    }

    @Test
    void aSecondSymbolStarvedByAFilledFullEquityEntryIsDeniedByTheMinimumNotional() {
        // BTC capped at 0.1475 (9,978.375); filled a little higher with its fee: 0.1475 x 67,680 = 9,982.80 committed,
        // equity 10,000 - 9.98 = 9,990.02, so 7.22 is left
        RiskDecisionMade btc = engine.decide(TestEvents.prediction(0.6), TestEvents.mark(BTC, T0, "67650", "400"));
        engine.onFill(TestEvents.entryFill(BTC, Ids.clientOrderId(btc.eventId()), candle(1), "67680", "0.1475", "9.98"));
        assertThat(engine.availableEquity()).isEqualByComparingTo("7.22");

        RiskDecisionMade eth = engine.decide(TestEvents.prediction(ETH, candle(1), 0.6, 0.6), TestEvents.mark(ETH, candle(1), "3500", "50"));

        assertThat(eth.approved()).isFalse();
        assertThat(eth.intent().quantity()).isEqualTo(new BigDecimal("0.0020"));
        assertThat(eth.reason()).isEqualTo("notional 7 USDT is below the venue minimum of 10 USDT");
        assertThat(engine.pendingIntents()).isEmpty();
    }

    @Test
    void settingsUpdatesChangeThresholdsAtRuntimeAndInvalidOnesChangeNothing() {
        engine.onControl(TestEvents.settings("execution-service", Map.of("confidence-threshold", "0.9"), T0));
        assertThat(engine.limits().confidenceThreshold()).isEqualByComparingTo("0.55");

        engine.onControl(TestEvents.settings("risk-service", Map.of("confidence-threshold", "0.7"), T0));
        RiskDecisionMade denied = decideBtc(0, 0.67);
        assertThat(denied.reason()).isEqualTo("confidence 0.67 not above 0.7");

        assertThatThrownBy(() -> engine.onControl(TestEvents.settings("risk-service",
                Map.of("confidence-threshold", "0.6", "risk-per-trade", "-0.02"), T0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sextant.risk.risk-per-trade");
        assertThat(engine.limits().confidenceThreshold()).isEqualByComparingTo("0.7");
        assertThat(engine.snapshot().settingOverrides()).containsExactly(Map.entry("confidence-threshold", "0.7"));
    }

    @Test
    void theLatestOrderBookGivesTheSpread() {
        // books taken at the decision's market time (the candle's close), so not stale
        engine.onOrderBook(TestEvents.book(BTC, "67640", "67660", candle(1)));
        RiskDecisionMade narrow = decideBtc(0, 0.6);
        assertThat(check(narrow, "spread").value()).isEqualTo(new BigDecimal("0.00029564"));
        assertThat(narrow.approved()).isTrue();

        engine.onOrderBook(TestEvents.book(ETH, "3490", "3510", candle(1)));
        RiskDecisionMade wide = engine.decide(TestEvents.prediction(ETH, T0, 0.6, 0.6), TestEvents.mark(ETH, T0, "3500", "50"));
        assertThat(wide.approved()).isFalse();
        // one ETH at the best ask is also too little liquidity for the entry (3 x 2,391.20)
        assertThat(wide.reason()).isEqualTo("spread 0.00571429 not below 0.001; liquidity 3510.00 within 1 % of the mid"
                + " is below 3 x the entry's notional (7173.60)");
    }

    @Test
    void withoutFeaturesTheDecisionIsDenied() {
        RiskDecisionMade decision = engine.decide(TestEvents.prediction(0.6), null);

        assertThat(decision.approved()).isFalse();
        assertThat(decision.reason()).isEqualTo("features missing for the prediction's candle; cannot size without the candle's close and atr_14");
        assertThat(decision.intent()).isNull();
    }

    @Test
    void aRestoredEngineKeepsStateEquityPendingEntriesAndOverrides() {
        RiskDecisionMade first = decideBtc(0, 0.6);
        engine.onControl(TestEvents.settings("risk-service", Map.of("risk-per-trade", "0.01"), T0));
        engine.onControl(TestEvents.pause(T0));

        RiskEngine restored = new RiskEngine(RiskLimits.defaults(), engine.snapshot(), CLOCK);

        assertThat(restored.tradingState()).isEqualTo(TradingState.PAUSED);
        assertThat(restored.limits().riskPerTrade()).isEqualByComparingTo("0.01");
        assertThat(restored.pendingIntents()).singleElement()
                .satisfies(p -> assertThat(p.decisionId()).isEqualTo(first.eventId()));
        assertThat(restored.equity()).isEqualByComparingTo("10000");
        assertThat(restored.snapshot()).isEqualTo(engine.snapshot());
        assertThat(restored.tradingStateReason()).isEqualTo("pause requested by operator");
        assertThat(restored.tradingStateSince()).isEqualTo(T0);
    }

    @Test
    void theStartupAnnouncementRepeatsTheCurrentState() {
        TradingStateChanged announced = engine.startupAnnouncement();
        assertThat(announced.state()).isEqualTo(TradingState.RUNNING);
        assertThat(announced.previous()).isEqualTo(TradingState.RUNNING);
        assertThat(announced.reason()).isEqualTo("risk-service started in state RUNNING");
        assertThat(announced.tsEvent()).isEqualTo(CLOCK.instant());
        assertThat(Duration.between(T0, announced.tsEvent())).isPositive();
    }

    @Test
    void aRestartedEngineAnnouncesWhyItIsHaltedWithTheOriginalReason() {
        RiskDecisionMade first = decideBtc(0, 0.6);
        ClientOrderId orderId = Ids.clientOrderId(first.eventId());
        engine.onFill(TestEvents.entryFill(BTC, orderId, candle(1), "67652", "0.1124", "7.60"));
        TradingStateChanged halted = engine.onFill(TestEvents.exitFill(BTC, orderId, candle(2), "63200", "0.1124", "7.10", "-500.00"))
                .orElseThrow();
        String original = "daily loss 0.05000000 reached limit 0.05 of the day's starting equity 10000;"
                + " the halt lifts at the next UTC day boundary (the first event of 2024-03-02 or later) or with an operator start";
        assertThat(halted.reason()).isEqualTo(original);
        assertThat(engine.snapshot().tradingStateReason()).isEqualTo(original);
        assertThat(engine.snapshot().tradingStateSince()).isEqualTo(candle(2));

        RiskEngine restarted = new RiskEngine(RiskLimits.defaults(), engine.snapshot(), CLOCK);
        TradingStateChanged hello = restarted.startupAnnouncement();

        assertThat(hello.state()).isEqualTo(TradingState.HALTED);
        assertThat(hello.previous()).isEqualTo(TradingState.HALTED);
        assertThat(hello.reason()).isEqualTo("risk-service restarted in state HALTED (since 2024-03-01T16:00:00Z: " + original + ")");
        // announcing does not replace the reason: a second restart still knows the original one
        RiskEngine again = new RiskEngine(RiskLimits.defaults(), restarted.snapshot(), CLOCK);
        assertThat(again.startupAnnouncement().reason()).isEqualTo(hello.reason());

        // the operator's start is the new reason
        again.onControl(TestEvents.start(candle(3)));
        assertThat(new RiskEngine(RiskLimits.defaults(), again.snapshot(), CLOCK).startupAnnouncement().reason())
                .isEqualTo("risk-service restarted in state RUNNING (since 2024-03-01T17:00:00Z: start requested by operator)");
    }

    @Test
    void aRestartedEngineWhoseStateNeverChangedSaysSoWithoutAReason() {
        RiskEngine restarted = new RiskEngine(RiskLimits.defaults(), engine.snapshot(), CLOCK);
        assertThat(restarted.startupAnnouncement().reason()).isEqualTo("risk-service restarted in state RUNNING");
    }
}
