package dev.sextant.risk.domain;

import static dev.sextant.risk.domain.TestEvents.BTC;
import static dev.sextant.risk.domain.TestEvents.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.contracts.event.Interval;
import dev.sextant.contracts.event.OrderIntent;
import dev.sextant.contracts.event.OrderType;
import dev.sextant.contracts.event.PredictionMade;
import dev.sextant.contracts.event.RiskCheck;
import dev.sextant.contracts.event.Side;
import dev.sextant.contracts.event.TradingState;
import dev.sextant.contracts.id.ClientOrderId;
import dev.sextant.contracts.id.Ids;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** Each check passing and failing at its boundary. */
class PreTradeChecksTest {
    private static final RiskLimits LIMITS = RiskLimits.defaults();

    private static CheckInput input(PredictionMade prediction, MarketMark mark, BigDecimal spread, TradingState state,
                                    OpenPosition open, PendingIntent pending, String dailyLoss) {
        return new CheckInput(prediction, mark, spread, state, open, pending, new BigDecimal(dailyLoss), LIMITS);
    }

    private static CheckInput base() {
        return input(TestEvents.prediction(0.6), TestEvents.workedMark(), null, TradingState.RUNNING, null, null, "0");
    }

    @ParameterizedTest
    @CsvSource({"0.55, false", "0.5500001, true", "0.5499999, false", "0.67, true"})
    void confidenceMustBeAboveTheThreshold(double confidence, boolean passes) {
        RiskCheck check = new ConfidenceCheck().evaluate(input(TestEvents.prediction(BTC, T0, 0.6, 0.4, confidence),
                null, null, TradingState.RUNNING, null, null, "0"));
        assertThat(check.passed()).isEqualTo(passes);
        assertThat(check.comparator()).isEqualTo(">");
        assertThat(check.value()).isEqualByComparingTo(BigDecimal.valueOf(confidence));
    }

    @ParameterizedTest
    @CsvSource({"0.05000000, false", "0.04999999, true", "0, true", "0.2, false"})
    void dailyLossMustStayBelowTheLimit(String loss, boolean passes) {
        RiskCheck check = new DailyLossCheck().evaluate(input(TestEvents.prediction(0.6), null, null, TradingState.RUNNING,
                null, null, loss));
        assertThat(check.passed()).isEqualTo(passes);
        assertThat(check.threshold()).isEqualByComparingTo("0.05");
    }

    @ParameterizedTest
    @CsvSource({"50, true", "300, true", "49.9999, false", "300.0001, false", "130, true"})
    void atrOverPriceMustLieWithinTheBandInclusive(String atr, boolean passes) {
        MarketMark mark = TestEvents.mark(BTC, T0, "10000", atr);
        RiskCheck check = new VolatilityCheck().evaluate(input(TestEvents.prediction(0.6), mark, null, TradingState.RUNNING,
                null, null, "0"));
        assertThat(check.passed()).isEqualTo(passes);
        assertThat(check.comparator()).isEqualTo("between");
        assertThat(check.value()).isEqualByComparingTo(new BigDecimal(atr).divide(new BigDecimal("10000")));
    }

    @Test
    void volatilityFailsWhenTheAtrIsUnknown() {
        RiskCheck check = new VolatilityCheck().evaluate(input(TestEvents.prediction(0.6), TestEvents.mark(BTC, T0, "10000", null),
                null, TradingState.RUNNING, null, null, "0"));
        assertThat(check.passed()).isFalse();
        assertThat(check.value()).isNull();
        assertThat(check.detail()).contains("atr_14 undefined");
    }

    @ParameterizedTest
    @CsvSource({"0.001, false", "0.00099999, true", "0.00100001, false"})
    void spreadMustStayBelowTheLimit(String spread, boolean passes) {
        RiskCheck check = new SpreadCheck().evaluate(input(TestEvents.prediction(0.6), null, new BigDecimal(spread),
                TradingState.RUNNING, null, null, "0"));
        assertThat(check.passed()).isEqualTo(passes);
        assertThat(check.value()).isEqualByComparingTo(spread);
    }

    private static OrderIntent intent(String quantity, String close) {
        BigDecimal price = new BigDecimal(close);
        return new OrderIntent(Side.BUY, OrderType.MARKET, new BigDecimal(quantity), price, price.subtract(BigDecimal.ONE),
                price.add(BigDecimal.TWO), new BigDecimal(quantity));
    }

    @ParameterizedTest
    @CsvSource({
            "0.0040, 2500, true, notional 10 USDT >= venue minimum 10 USDT",      // exactly the minimum passes
            "0.0039, 2500, false, notional 9.75 USDT is below the venue minimum of 10 USDT",
            "0.0004, 3375, false, notional 1.35 USDT is below the venue minimum of 10 USDT",
            "0.1124, 67650, true, notional 7603.86 USDT >= venue minimum 10 USDT"})
    void theSizedNotionalMustBeAtLeastTheVenueMinimum(String quantity, String close, boolean passes, String detail) {
        RiskCheck check = new MinNotionalCheck().evaluate(TestEvents.ETH, intent(quantity, close), LIMITS.minNotional());
        assertThat(check.name()).isEqualTo("min_notional");
        assertThat(check.passed()).isEqualTo(passes);
        assertThat(check.value()).isEqualByComparingTo(new BigDecimal(quantity).multiply(new BigDecimal(close)));
        assertThat(check.comparator()).isEqualTo(">=");
        assertThat(check.threshold()).isEqualByComparingTo("10");
        assertThat(check.detail()).isEqualTo(detail);
    }

    @Test
    void aZeroMinimumNotionalLetsEveryEntryThrough() {
        RiskCheck check = new MinNotionalCheck().evaluate(BTC, intent("0.0001", "100"), BigDecimal.ZERO);
        assertThat(check.passed()).isTrue();
        assertThat(check.value()).isEqualByComparingTo("0.01");
        assertThat(check.detail()).isEqualTo("notional 0.01 USDT >= venue minimum 0 USDT");
    }

    @Test
    void anUnknownSpreadPassesWithANullValue() {
        RiskCheck check = new SpreadCheck().evaluate(base());
        assertThat(check.passed()).isTrue();
        assertThat(check.value()).isNull();
        assertThat(check.threshold()).isEqualByComparingTo("0.001");
        assertThat(check.detail()).isEqualTo("spread unknown");
    }

    @Test
    void onePositionPerSymbol() {
        OpenPosition open = new OpenPosition(BTC, "sx-1", new BigDecimal("0.1"), new BigDecimal("6765"), BigDecimal.ZERO);
        PendingIntent pending = new PendingIntent(BTC, Ids.derive("test", "d-1"), ClientOrderId.of("sx-2"), Interval.H1, T0, BigDecimal.TEN);

        assertThat(new OpenPositionCheck().evaluate(base()).passed()).isTrue();
        RiskCheck whileOpen = new OpenPositionCheck().evaluate(input(TestEvents.prediction(0.6), null, null,
                TradingState.RUNNING, open, null, "0"));
        assertThat(whileOpen.passed()).isFalse();
        assertThat(whileOpen.detail()).isEqualTo("position open in BTCUSDT (position sx-1)");
        RiskCheck whilePending = new OpenPositionCheck().evaluate(input(TestEvents.prediction(0.6), null, null,
                TradingState.RUNNING, null, pending, "0"));
        assertThat(whilePending.passed()).isFalse();
        assertThat(whilePending.detail()).startsWith("position open in BTCUSDT (entry pending: order sx-2");
    }

    @ParameterizedTest
    @EnumSource(TradingState.class)
    void onlyRunningAllowsEntries(TradingState state) {
        RiskCheck check = new TradingStateCheck().evaluate(input(TestEvents.prediction(0.6), null, null, state, null, null, "0"));
        assertThat(check.passed()).isEqualTo(state == TradingState.RUNNING);
        assertThat(check.detail()).contains(state.name());
    }

    @ParameterizedTest
    @CsvSource({"0.5, 0.5, true", "0.51, 0.49, true", "0.49, 0.51, false"})
    void longOnlyDirectionIsUpWhenProbUpIsAtLeastProbDown(double up, double down, boolean passes) {
        RiskCheck check = new DirectionCheck().evaluate(input(TestEvents.prediction(BTC, T0, up, down, 0.6), null, null,
                TradingState.RUNNING, null, null, "0"));
        assertThat(check.passed()).isEqualTo(passes);
        if (!passes) {
            assertThat(check.detail()).isEqualTo("direction down: long-only");
        }
    }
}
