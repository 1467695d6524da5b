package dev.sextant.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.event.Event;
import dev.sextant.contracts.event.FeaturesComputed;
import dev.sextant.contracts.event.FillExecuted;
import dev.sextant.contracts.event.Interval;
import dev.sextant.contracts.event.OrderPurpose;
import dev.sextant.contracts.event.PositionChanged;
import dev.sextant.contracts.event.PredictionMade;
import dev.sextant.contracts.event.RiskDecisionMade;
import dev.sextant.contracts.event.TradingState;
import dev.sextant.contracts.id.Ids;
import dev.sextant.contracts.id.Symbol;
import dev.sextant.execution.domain.ClosedTrade;
import dev.sextant.execution.domain.ExecutionSettings;
import dev.sextant.execution.domain.PaperExchange;
import dev.sextant.risk.domain.RiskEngine;
import dev.sextant.risk.domain.RiskLimits;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The DESIGN.md worked example through the whole kernel: capital 10,000, BTC close 67,650, ATR(14)
 * 890 give a stop at 65,870, 0.1124 BTC and a take-profit at 71,210; exiting there makes ≈ +400,
 * at the stop ≈ −200, before fees. The candles are built so that the feature engine itself computes
 * close 67,650 and ATR 890 (see {@link #warmUp()}), and slippage is
 * off so the entry fills at exactly 67,650.
 */
class TradingKernelTest {
    static final Symbol BTC = Symbol.of("BTCUSDT");
    static final Instant T0 = Instant.parse("2024-03-01T00:00:00Z");
    static final Clock CLOCK = Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);
    static final BigDecimal CLOSE = new BigDecimal("67650");

    /** Events and trades in order. */
    static final class Recorder implements KernelListener {
        final List<Event> events = new ArrayList<>();
        final List<ClosedTrade> trades = new ArrayList<>();

        @Override public void onEvent(Event event) { events.add(event); }
        @Override public void onTrade(ClosedTrade trade) { trades.add(trade); }

        <T extends Event> List<T> of(Class<T> type) {
            return events.stream().filter(type::isInstance).map(type::cast).toList();
        }
    }

    static CandleClosed candle(int n, String open, String high, String low, String close) {
        Instant openTime = T0.plus(Duration.ofHours(n));
        Instant closeTime = openTime.plus(Duration.ofHours(1)).minusMillis(1);
        return new CandleClosed(Ids.candleId("binance", BTC, Interval.H1, openTime), closeTime, CLOCK.instant(), null,
                CandleClosed.SCHEMA_VERSION, "binance", BTC, Interval.H1, openTime, closeTime, new BigDecimal(open),
                new BigDecimal(high), new BigDecimal(low), new BigDecimal(close), BigDecimal.TEN, new BigDecimal("676500"), 100);
    }

    /**
     * Bars 0..49 close alternately at 67,640 and 67,650 (bar 49 at 67,650) and always range from
     * 67,205 to 68,095: every true range is 890, so ATR(14) = 890, and the features are warm at bar 49.
     */
    static List<CandleClosed> warmUp() {
        List<CandleClosed> candles = new ArrayList<>();
        String previous = "67650";
        for (int n = 0; n < 50; n++) {
            String close = n % 2 == 0 ? "67640" : "67650";
            candles.add(candle(n, previous, "68095", "67205", close));
            previous = close;
        }
        return candles;
    }

    static TradingKernel kernel(Recorder recorder) {
        ExecutionSettings costs = new ExecutionSettings(new BigDecimal("10000"), BigDecimal.ZERO, new BigDecimal("0.001"),
                "USDT", "paper", 50);
        RiskEngine risk = new RiskEngine(RiskLimits.defaults(), new BigDecimal("10000"), TradingState.RUNNING, CLOCK);
        Strategy sixtyPercentUp = new RuleStrategy("sixty-up", f -> 0.6, CLOCK);
        return new TradingKernel(sixtyPercentUp, risk, new PaperExchange(costs, CLOCK), CLOCK, recorder);
    }

    @Test
    void theWorkedExampleIsSizedFromTheKernelsOwnFeaturesAndExitsAtTheTakeProfit() {
        Recorder recorder = new Recorder();
        TradingKernel kernel = kernel(recorder);
        warmUp().forEach(kernel::onCandle);

        FeaturesComputed last = recorder.of(FeaturesComputed.class).getLast();
        assertThat(last.warm()).isTrue();
        assertThat(last.value("close")).isEqualTo(67650.0);
        assertThat(last.value("atr_14")).isCloseTo(890.0, org.assertj.core.data.Offset.offset(1e-9));

        RiskDecisionMade decision = recorder.of(RiskDecisionMade.class).getLast();
        assertThat(decision.approved()).as(decision.reason()).isTrue();
        assertThat(decision.intent().stopLoss()).isEqualByComparingTo("65870");
        assertThat(decision.intent().quantity()).isEqualByComparingTo("0.1124");
        assertThat(decision.intent().takeProfit()).isEqualByComparingTo("71210");

        kernel.onCandle(candle(50, "67650", "68095", "67205", "67650")); // entry fills at its open
        kernel.onCandle(candle(51, "67650", "71300", "67205", "71250")); // take-profit touched

        assertThat(recorder.trades).hasSize(1);
        ClosedTrade trade = recorder.trades.getFirst();
        assertThat(trade.entryPrice()).isEqualByComparingTo("67650");
        assertThat(trade.exitPrice()).isEqualByComparingTo("71210");
        assertThat(trade.exitReason()).isEqualTo(OrderPurpose.TAKE_PROFIT);
        assertThat(trade.grossPnl()).isEqualByComparingTo("400.144"); // (71,210 − 67,650) × 0.1124 ≈ +400
        assertThat(trade.netPnl()).isEqualByComparingTo(trade.grossPnl().subtract(trade.entryFee()).subtract(trade.exitFee()));
    }

    @Test
    void theWorkedExampleLosesAboutTwoHundredAtTheStop() {
        Recorder recorder = new Recorder();
        TradingKernel kernel = kernel(recorder);
        warmUp().forEach(kernel::onCandle);
        kernel.onCandle(candle(50, "67650", "68095", "67205", "67650"));
        kernel.onCandle(candle(51, "67650", "68000", "65000", "65500")); // stop touched

        ClosedTrade trade = recorder.trades.getFirst();
        assertThat(trade.exitReason()).isEqualTo(OrderPurpose.STOP_LOSS);
        assertThat(trade.exitPrice()).isEqualByComparingTo("65870");
        assertThat(trade.grossPnl()).isEqualByComparingTo("-200.072"); // (65,870 − 67,650) × 0.1124 ≈ −200
    }

    @Test
    void riskHasSeenTheFillsOfACandleBeforeItDecidesOnThatCandle() {
        Recorder recorder = new Recorder();
        TradingKernel kernel = kernel(recorder);
        warmUp().forEach(kernel::onCandle);
        kernel.onCandle(candle(50, "67650", "68095", "67205", "67650"));

        // Candle 50: the entry's fill and position come first, then features, prediction and a decision
        // that already knows the position (denied: one position per symbol).
        List<Event> candle50 = recorder.events.subList(recorder.events.indexOf(recorder.of(FillExecuted.class).getFirst()),
                recorder.events.size());
        List<Class<?>> order = candle50.stream().<Class<?>>map(Object::getClass).toList();
        assertThat(order.indexOf(FillExecuted.class)).isLessThan(order.indexOf(PositionChanged.class));
        assertThat(order.indexOf(PositionChanged.class)).isLessThan(order.indexOf(FeaturesComputed.class));
        assertThat(order.indexOf(FeaturesComputed.class)).isLessThan(order.indexOf(PredictionMade.class));
        assertThat(order.indexOf(PredictionMade.class)).isLessThan(order.indexOf(RiskDecisionMade.class));
        RiskDecisionMade second = recorder.of(RiskDecisionMade.class).getLast();
        assertThat(second.approved()).isFalse();
        assertThat(second.reason()).contains("BTCUSDT");
        assertThat(kernel.risk().openPositions()).hasSize(1);
    }

    @Test
    void aDailyLossHaltStopsTradingForTheRestOfTheDayAndLiftsAtTheNextUtcDay() {
        Recorder recorder = new Recorder();
        ExecutionSettings costs = new ExecutionSettings(new BigDecimal("10000"), BigDecimal.ZERO, new BigDecimal("0.001"),
                "USDT", "paper", 50);
        RiskLimits limits = RiskLimits.defaults().withOverrides(java.util.Map.of(RiskLimits.MAX_DAILY_LOSS, "0.01"));
        RiskEngine risk = new RiskEngine(limits, new BigDecimal("10000"), TradingState.RUNNING, CLOCK);
        TradingKernel kernel = new TradingKernel(new RuleStrategy("sixty-up", f -> 0.6, CLOCK), risk,
                new PaperExchange(costs, CLOCK), CLOCK, recorder);
        warmUp().forEach(kernel::onCandle); // bars 0..49: 2024-03-01 00:00 .. 2024-03-03 01:00; bar 49 approved
        kernel.onCandle(candle(50, "67650", "68095", "67205", "67650")); // entry fills
        kernel.onCandle(candle(51, "67650", "68000", "65000", "65500")); // stopped out: −200 − fees > 1 % of the day
        assertThat(kernel.risk().tradingState()).isEqualTo(TradingState.HALTED);

        // The rest of 2024-03-03 (bars 52..71 open 04:00..23:00): every decision is denied by the halt.
        int decisionsBefore = recorder.of(RiskDecisionMade.class).size();
        String previous = "65500";
        for (int n = 52; n < 72; n++) {
            String close = n % 2 == 0 ? "65550" : "65560"; // closes that vary, so the z-score stays defined
            kernel.onCandle(candle(n, previous, "66000", "65100", close));
            previous = close;
        }
        List<RiskDecisionMade> sameDay = recorder.of(RiskDecisionMade.class).subList(decisionsBefore,
                recorder.of(RiskDecisionMade.class).size());
        assertThat(sameDay).hasSize(20).noneMatch(RiskDecisionMade::approved)
                .allSatisfy(d -> assertThat(d.reason()).contains("HALTED"));

        // Bar 72 opens 2024-03-04 00:00: the halt lifts before the decision, which may trade again.
        kernel.onCandle(candle(72, previous, "66000", "65100", "65550"));
        List<dev.sextant.contracts.event.TradingStateChanged> changes = recorder.of(dev.sextant.contracts.event.TradingStateChanged.class);
        assertThat(changes).extracting(dev.sextant.contracts.event.TradingStateChanged::state)
                .containsExactly(TradingState.HALTED, TradingState.RUNNING);
        assertThat(changes.getLast().reason()).contains("2024-03-04");
        assertThat(recorder.events.indexOf(changes.getLast())).isLessThan(recorder.events.indexOf(
                recorder.of(RiskDecisionMade.class).getLast()));
        assertThat(kernel.risk().tradingState()).isEqualTo(TradingState.RUNNING);
        assertThat(recorder.of(RiskDecisionMade.class).getLast().approved()).as("the new day's first decision").isTrue();
    }

    @Test
    void theSameCandlesGiveTheSameEventsAndADuplicateCandleChangesNothing() {
        Recorder first = new Recorder();
        Recorder second = new Recorder();
        TradingKernel a = kernel(first);
        TradingKernel b = kernel(second);
        List<CandleClosed> candles = new ArrayList<>(warmUp());
        candles.add(candle(50, "67650", "68095", "67205", "67650"));
        candles.add(candle(51, "67650", "71300", "67205", "71250"));
        candles.forEach(a::onCandle);
        candles.forEach(c -> {
            b.onCandle(c);
            b.onCandle(c);
        });
        assertThat(second.events).isEqualTo(first.events);
        assertThat(b.candles()).isEqualTo(a.candles()).isEqualTo(52);
    }
}
