package dev.sextant.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.sextant.contracts.event.FillExecuted;
import dev.sextant.contracts.event.Interval;
import dev.sextant.execution.domain.ExecutionSettings;
import dev.sextant.gateway.PerformanceFixture;
import dev.sextant.performance.EquitySample;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LivePerformanceTest {
    private static final String SYMBOL = "PERFUSDT";

    static List<Trade> trades() {
        Map<String, Trade> trades = new HashMap<>();
        for (FillExecuted fill : PerformanceFixture.fills(SYMBOL)) {
            trades.put(fill.positionId(), TradeLedger.apply(trades.get(fill.positionId()), fill));
        }
        return List.copyOf(trades.values());
    }

    @Test
    void theEquityCurveIsMarkedAsThePaperExchangeMarksItsAccount() {
        List<EquitySample> equity = LivePerformance.equity(PerformanceFixture.candles(SYMBOL), trades(), new BigDecimal("10000"));
        assertThat(equity).extracting(s -> s.equity().stripTrailingZeros().toPlainString())
                .containsExactly("10000", "10000", "10003.5", "10009", "9992.5", "9982", "9984.5");
        assertThat(equity).extracting(EquitySample::inMarket).containsExactly(false, false, true, false, true, false, true);
        assertThat(equity.getFirst().time()).isEqualTo(PerformanceFixture.START);
        assertThat(equity.getLast().time()).isEqualTo(PerformanceFixture.START.plusSeconds(6 * 3600).minusMillis(1));
    }

    @Test
    void figuresOfTheLiveStrategyAndOfBuyAndHoldOverTheSameCandles() {
        LivePerformance.Result r = LivePerformance.compute(PerformanceFixture.candles(SYMBOL), trades(), Interval.H1,
                ExecutionSettings.defaults());
        assertThat(r.symbols()).containsExactly(SYMBOL);
        assertThat(r.candles()).isEqualTo(6);
        assertThat(r.start()).isEqualTo(PerformanceFixture.START);
        assertThat(r.openTrades()).isEqualTo(1);
        assertThat(r.tradesLeftOut()).isZero();

        BacktestFigures live = r.strategy();
        assertThat(live.totalReturn()).isCloseTo(PerformanceFixture.TOTAL_RETURN, within(1e-12));
        assertThat(live.maxDrawdown()).isCloseTo(PerformanceFixture.MAX_DRAWDOWN, within(1e-12));
        assertThat(live.winRate()).isEqualTo(0.5);
        assertThat(live.profitFactor()).isCloseTo(9 / 27.0, within(1e-12));
        assertThat(live.trades()).isEqualTo(2);
        assertThat(live.feesPaid()).isEqualByComparingTo("2");
        assertThat(live.exposure()).isCloseTo(3 / 7.0, within(1e-12));
        assertThat(live.losesMoney()).isTrue();
        assertThat(live.finalEquity()).isEqualByComparingTo("9984.5");

        BacktestFigures hold = r.buyAndHold();
        assertThat(hold.totalReturn()).isCloseTo(PerformanceFixture.HOLD_RETURN, within(1e-9));
        assertThat(hold.maxDrawdown()).isCloseTo(PerformanceFixture.HOLD_MAX_DRAWDOWN, within(1e-9));
        assertThat(hold.trades()).isZero();
        assertThat(hold.winRate()).isNull();
        assertThat(hold.profitFactor()).isNull();
    }

    @Test
    void aTradeWithoutItsEntryCountsInTheCurveButNotInTheTradeFigures() {
        List<Trade> trades = trades().stream()
                .filter(t -> !t.positionId().equals(PerformanceFixture.positionId(SYMBOL, "a"))).toList();
        FillExecuted exitOnly = PerformanceFixture.fills(SYMBOL).get(1);
        List<Trade> withOrphan = new java.util.ArrayList<>(trades);
        withOrphan.add(TradeLedger.apply(null, exitOnly));
        LivePerformance.Result r = LivePerformance.compute(PerformanceFixture.candles(SYMBOL), withOrphan, Interval.H1,
                ExecutionSettings.defaults());
        assertThat(r.tradesLeftOut()).isEqualTo(1);
        assertThat(r.strategy().trades()).isEqualTo(1);
        assertThat(r.strategy().finalEquity()).isEqualByComparingTo("9984.5");
    }
}
