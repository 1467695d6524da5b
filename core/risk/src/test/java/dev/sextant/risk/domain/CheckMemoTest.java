package dev.sextant.risk.domain;

import static dev.sextant.risk.domain.TestEvents.BTC;
import static dev.sextant.risk.domain.TestEvents.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.contracts.event.OrderIntent;
import dev.sextant.contracts.event.OrderType;
import dev.sextant.contracts.event.PredictionMade;
import dev.sextant.contracts.event.RiskCheck;
import dev.sextant.contracts.event.RiskDecisionMade;
import dev.sextant.contracts.event.Side;
import dev.sextant.contracts.event.TradingState;
import dev.sextant.contracts.id.Symbol;
import java.math.BigDecimal;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The checks keep the text of the last threshold or value they formatted (and the last decimal of a
 * probability), keyed by the instance: a check made again with a different instance, even an equal
 * one of another scale, must read exactly as a fresh check of that input.
 */
class CheckMemoTest {
    private static final RiskLimits LIMITS = RiskLimits.defaults();

    private static CheckInput input(PredictionMade prediction, MarketMark mark, BigDecimal spread, BigDecimal dailyLoss,
                                    RiskLimits limits) {
        return new CheckInput(prediction, mark, spread, TradingState.RUNNING, null, null, dailyLoss, limits);
    }

    @Test
    void doubleDecimalsAreExactlyBigDecimalValueOf() {
        DoubleDecimals decimals = new DoubleDecimals();
        SplittableRandom random = new SplittableRandom(7);
        double[] recent = new double[16];
        for (int i = 0; i < 100_000; i++) {
            // a mix of new values and values seen a few conversions ago (in and beyond the memo's reach)
            double value = i % 3 == 0 ? recent[random.nextInt(recent.length)] : random.nextDouble();
            recent[i % recent.length] = value;
            DoubleDecimals.Entry entry = decimals.of(value);
            BigDecimal expected = BigDecimal.valueOf(value);
            assertThat(entry.value()).isEqualTo(expected); // equals: same unscaled value and scale
            assertThat(entry.plain()).isEqualTo(expected.toPlainString());
        }
        for (double value : new double[] {0.0, -0.0, 1.0, 0.6, 0.4, 0.1 + 0.2, 1e-7, 5e-324}) {
            assertThat(decimals.of(value).value()).isEqualTo(BigDecimal.valueOf(value));
            assertThat(decimals.of(value).plain()).isEqualTo(BigDecimal.valueOf(value).toPlainString());
        }
    }

    @Test
    void probabilityChecksRepeatOnlyForTheSameProbabilities() {
        DoubleDecimals decimals = new DoubleDecimals();
        DirectionCheck direction = new DirectionCheck(decimals);
        ConfidenceCheck confidence = new ConfidenceCheck(decimals);
        double[][] predictions = {{0.6, 0.4}, {0.6, 0.4}, {0.4, 0.6}, {0.5, 0.5}, {0.4, 0.6}, {0.6, 0.4}, {0.55, 0.45}};
        RiskCheck previous = null;
        for (double[] p : predictions) {
            double conf = Math.max(p[0], p[1]);
            CheckInput in = input(TestEvents.prediction(BTC, T0, p[0], p[1], conf), null, null, BigDecimal.ZERO, LIMITS);
            RiskCheck d = direction.evaluate(in);
            assertThat(d).isEqualTo(new DirectionCheck().evaluate(in));
            assertThat(d.passed()).isEqualTo(p[0] >= p[1]);
            assertThat(d.value()).isEqualTo(BigDecimal.valueOf(p[0]));
            assertThat(d.threshold()).isEqualTo(BigDecimal.valueOf(p[1]));
            RiskCheck c = confidence.evaluate(in);
            assertThat(c).isEqualTo(new ConfidenceCheck().evaluate(in));
            assertThat(c.detail()).isEqualTo("confidence " + BigDecimal.valueOf(conf).toPlainString()
                    + (conf > 0.55 ? " > " : " not above ") + "0.55");
            previous = d;
        }
        assertThat(previous.detail()).isEqualTo("direction up");
    }

    @Test
    void textMemoFormatsEveryNewInstanceEvenWhenEqual() {
        TextMemo memo = TextMemo.plain();
        BigDecimal half = new BigDecimal("0.5");
        assertThat(memo.of(half)).isEqualTo("0.5");
        assertThat(memo.of(half)).isSameAs(memo.of(half));
        assertThat(memo.of(new BigDecimal("0.50"))).isEqualTo("0.50");
        assertThat(memo.of(new BigDecimal("5E-1"))).isEqualTo("0.5");
    }

    @Test
    void aCheckMadeAgainWithOtherLimitsNamesTheNewThresholds() {
        RiskLimits tighter = LIMITS.withOverrides(Map.of(RiskLimits.CONFIDENCE_THRESHOLD, "0.650", RiskLimits.MAX_DAILY_LOSS,
                "0.0200", RiskLimits.MIN_ATR_RATIO, "0.0100", RiskLimits.MAX_ATR_RATIO, "0.020", RiskLimits.MAX_SPREAD_RATIO,
                "0.00050"));
        PredictionMade prediction = TestEvents.prediction(BTC, T0, 0.6, 0.4, 0.6);
        MarketMark mark = TestEvents.mark(BTC, T0, "10000", "130");
        BigDecimal loss = new BigDecimal("0.03000000");
        BigDecimal spread = new BigDecimal("0.00070000");
        ConfidenceCheck confidence = new ConfidenceCheck();
        DailyLossCheck dailyLoss = new DailyLossCheck();
        VolatilityCheck volatility = new VolatilityCheck();
        SpreadCheck spreadCheck = new SpreadCheck();

        for (int round = 0; round < 2; round++) {
            CheckInput before = input(prediction, mark, spread, loss, LIMITS);
            assertThat(confidence.evaluate(before).detail()).isEqualTo("confidence 0.6 > 0.55");
            assertThat(dailyLoss.evaluate(before).detail()).isEqualTo("daily loss 0.03000000 < 0.05");
            assertThat(volatility.evaluate(before).detail()).isEqualTo("ATR/price 0.01300000 within 0.005..0.03");
            assertThat(spreadCheck.evaluate(before).detail()).isEqualTo("spread 0.00070000 < 0.001");
            assertThat(spreadCheck.evaluate(input(prediction, mark, null, loss, LIMITS)).threshold()).isSameAs(LIMITS.maxSpreadRatio());

            CheckInput after = input(prediction, mark, spread, loss, tighter);
            RiskCheck c = confidence.evaluate(after);
            assertThat(c.detail()).isEqualTo("confidence 0.6 not above 0.650");
            assertThat(c.passed()).isFalse();
            RiskCheck d = dailyLoss.evaluate(after);
            assertThat(d.detail()).isEqualTo("daily loss 0.03000000 reached limit 0.0200");
            assertThat(d.threshold()).isSameAs(tighter.maxDailyLoss());
            assertThat(volatility.evaluate(after).detail()).isEqualTo("ATR/price 0.01300000 within 0.0100..0.020");
            assertThat(spreadCheck.evaluate(after).detail()).isEqualTo("spread 0.00070000 not below 0.00050");
            RiskCheck unknown = spreadCheck.evaluate(input(prediction, mark, null, loss, tighter));
            assertThat(unknown.threshold()).isSameAs(tighter.maxSpreadRatio());
            assertThat(unknown.detail()).isEqualTo(SpreadCheck.UNKNOWN);
        }
    }

    @Test
    void theDailyLossCheckFollowsTheLossInstanceItIsGiven() {
        DailyLossCheck check = new DailyLossCheck();
        assertThat(check.evaluate(input(TestEvents.prediction(0.6), null, null, new BigDecimal("0.01000000"), LIMITS)).detail())
                .isEqualTo("daily loss 0.01000000 < 0.05");
        assertThat(check.evaluate(input(TestEvents.prediction(0.6), null, null, new BigDecimal("0.01"), LIMITS)).detail())
                .isEqualTo("daily loss 0.01 < 0.05");
        RiskCheck reached = check.evaluate(input(TestEvents.prediction(0.6), null, null, new BigDecimal("0.05000000"), LIMITS));
        assertThat(reached.passed()).isFalse();
        assertThat(reached.detail()).isEqualTo("daily loss 0.05000000 reached limit 0.05");
    }

    @Test
    void theSizersDetailFollowsTheAvailableEquityInstance() {
        PositionSizer sizer = new PositionSizer();
        MarketMark mark = TestEvents.workedMark();
        BigDecimal step = LIMITS.quantityStep(BTC);
        assertThat(sizer.size(new BigDecimal("10000"), new BigDecimal("9000.0"), mark, step, LIMITS).check().detail())
                .isEqualTo("notional within available equity 9000.0");
        assertThat(sizer.size(new BigDecimal("10000"), new BigDecimal("9000.00"), mark, step, LIMITS).check().detail())
                .isEqualTo("notional within available equity 9000.00");
        assertThat(sizer.size(new BigDecimal("10000"), new BigDecimal("8000"), mark, step, LIMITS).check().detail())
                .isEqualTo("notional within available equity 8000");
        assertThat(sizer.size(new BigDecimal("10000"), new BigDecimal("5000.0"), mark, step, LIMITS).check().detail())
                .isEqualTo("quantity capped from 0.1124 to 0.0737 by available equity 5000.0 (no leverage)");
        assertThat(sizer.size(new BigDecimal("10000"), new BigDecimal("5000.00"), mark, step, LIMITS).check().detail())
                .isEqualTo("quantity capped from 0.1124 to 0.0737 by available equity 5000.00 (no leverage)");
        assertThat(sizer.size(new BigDecimal("10000"), new BigDecimal("1.5"), mark, step, LIMITS).check().detail())
                .isEqualTo("available equity 1.5 buys less than one step of 0.0001");
        assertThat(sizer.size(new BigDecimal("10000"), new BigDecimal("1.50"), mark, new BigDecimal("0.00010"), LIMITS)
                .check().detail()).isEqualTo("available equity 1.50 buys less than one step of 0.00010");
    }

    @Test
    void minNotionalNamesTheMinimumItIsGiven() {
        MinNotionalCheck check = new MinNotionalCheck();
        OrderIntent intent = new OrderIntent(Side.BUY, OrderType.MARKET, new BigDecimal("0.1"), new BigDecimal("100"),
                new BigDecimal("90"), new BigDecimal("120"), new BigDecimal("1"));
        assertThat(check.evaluate(BTC, intent, new BigDecimal("10")).detail())
                .isEqualTo("notional 10 USDT >= venue minimum 10 USDT");
        assertThat(check.evaluate(BTC, intent, new BigDecimal("10.50")).detail())
                .isEqualTo("notional 10 USDT is below the venue minimum of 10.5 USDT");
        assertThat(check.evaluate(Symbol.of("BTCEUR"), intent, new BigDecimal("0")).detail())
                .isEqualTo("notional 10 >= venue minimum 0");
    }

    @Test
    void anEnginesDecisionsNameTheThresholdsOfASettingsUpdate() {
        RiskEngine engine = new RiskEngine(LIMITS, new BigDecimal("10000"), TradingState.RUNNING, TestEvents.CLOCK);
        RiskDecisionMade before = engine.decide(TestEvents.prediction(BTC, TestEvents.candle(0), 0.6, 0.6),
                TestEvents.mark(BTC, TestEvents.candle(0), "67650", "890"));
        assertThat(before.checks().get(2).detail()).isEqualTo("confidence 0.6 > 0.55");
        assertThat(before.approved()).isTrue();

        engine.updateSettings(Map.of(RiskLimits.CONFIDENCE_THRESHOLD, "0.70", RiskLimits.MAX_ATR_RATIO, "0.0125"));
        RiskDecisionMade after = engine.decide(TestEvents.prediction(Symbol.of("ETHUSDT"), TestEvents.candle(1), 0.6, 0.6),
                TestEvents.mark(Symbol.of("ETHUSDT"), TestEvents.candle(1), "67650", "890"));

        assertThat(after.approved()).isFalse();
        assertThat(after.checks().get(2).detail()).isEqualTo("confidence 0.6 not above 0.70");
        assertThat(after.checks().get(5).detail()).isEqualTo("ATR/price 0.01315595 outside 0.005..0.0125");
        assertThat(after.reason()).isEqualTo("confidence 0.6 not above 0.70; ATR/price 0.01315595 outside 0.005..0.0125");
    }

    @Test
    void aDenialsReasonJoinsEveryFailedDetailInCheckOrder() {
        RiskEngine engine = new RiskEngine(LIMITS, new BigDecimal("10000"), TradingState.STOPPED, TestEvents.CLOCK);
        RiskDecisionMade decision = engine.decide(TestEvents.prediction(BTC, TestEvents.candle(0), 0.3, 0.52),
                TestEvents.mark(BTC, TestEvents.candle(0), "100", "20"));
        assertThat(decision.reason()).isEqualTo("trading state STOPPED: new entries need RUNNING; " + DirectionCheck.DOWN_REASON
                + "; confidence 0.52 not above 0.55; ATR/price 0.20000000 outside 0.005..0.03");
    }
}
