package dev.sextant.performance;

import static dev.sextant.performance.Series.at;
import static dev.sextant.performance.Series.equity;
import static dev.sextant.performance.Series.returns;
import static dev.sextant.performance.Series.trade;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedList;
import java.util.List;
import java.util.Random;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;
import org.apache.commons.math3.stat.descriptive.moment.SemiVariance;
import org.junit.jupiter.api.Test;

class PerformanceCalculatorTest {
    private static final Duration DAY = Duration.ofDays(1);
    private static final Duration HOUR = Duration.ofHours(1);
    private static final Instant MARCH = Instant.parse("2024-03-01T00:00:00Z");
    private static final double EPS = 1e-12;

    /** Sharpe with commons-math as the oracle: mean / sample standard deviation * sqrt(bars per year). */
    private static double expectedSharpe(double[] r, double barsPerYear) {
        DescriptiveStatistics stats = new DescriptiveStatistics(r);
        return stats.getMean() / stats.getStandardDeviation() * Math.sqrt(barsPerYear);
    }

    /** Sortino with commons-math as the oracle: downside semivariance about 0 over all n bars (not n-1). */
    private static double expectedSortino(double[] r, double barsPerYear) {
        double downside = Math.sqrt(new SemiVariance(false).evaluate(r, 0.0));
        return new DescriptiveStatistics(r).getMean() / downside * Math.sqrt(barsPerYear);
    }

    @Test
    void barsPerYearIs36525DaysOverTheInterval() {
        assertThat(PerformanceCalculator.barsPerYear(DAY)).isEqualTo(365.25);
        assertThat(PerformanceCalculator.barsPerYear(HOUR)).isEqualTo(8766.0);
        assertThat(PerformanceCalculator.barsPerYear(Duration.ofMinutes(1))).isEqualTo(525_960.0);
    }

    @Test
    void drawdownThatRecovers() {
        String[] values = {"100", "110", "99", "88", "95", "110", "121", "115"};
        Performance p = PerformanceCalculator.compute(equity(MARCH, DAY, values), List.of(), DAY);

        assertThat(p.initialEquity()).isEqualByComparingTo("100");
        assertThat(p.finalEquity()).isEqualByComparingTo("115");
        assertThat(p.totalReturn()).isCloseTo(0.15, within(EPS));
        // deepest: peak 110 (day 1) to 88 (day 3)
        assertThat(p.maxDrawdown()).isCloseTo(0.2, within(EPS));
        // 110 on day 1 is regained on day 5 (4 days); the last dip, 121 -> 115, lasts only 1 day
        assertThat(p.maxDrawdownDuration()).isEqualTo(Duration.ofDays(4));
        double[] r = returns(values);
        assertThat(r).hasSize(7);
        assertThat(p.sharpe()).isCloseTo(expectedSharpe(r, 365.25), within(EPS));
        // by hand: downside squares (0.1^2 + (1/9)^2 + (6/121)^2) / 7
        double downside = Math.sqrt((0.01 + 1.0 / 81 + 36.0 / 14641) / 7);
        double mean = (0.1 - 0.1 - 1.0 / 9 + 7.0 / 88 + 15.0 / 95 + 0.1 - 6.0 / 121) / 7;
        assertThat(p.sortino()).isCloseTo(mean / downside * Math.sqrt(365.25), within(1e-9))
                .isCloseTo(expectedSortino(r, 365.25), within(EPS));
        double cagr = Math.pow(1.15, 365.25 / 7) - 1;
        assertThat(p.cagr()).isCloseTo(cagr, within(cagr * 1e-12));
        assertThat(p.calmar()).isCloseTo(cagr / 0.2, within(cagr * 1e-11));
        assertThat(p.start()).isEqualTo(MARCH);
        assertThat(p.end()).isEqualTo(MARCH.plus(Duration.ofDays(7)));
        assertThat(p.monthlyReturns()).containsOnlyKeys(YearMonth.of(2024, 3));
        assertThat(p.monthlyReturns().get(YearMonth.of(2024, 3))).isCloseTo(0.15, within(EPS));
    }

    @Test
    void drawdownsPerSampleAreTheFallBelowTheRunningPeak() {
        double[] dd = PerformanceCalculator.drawdowns(
                equity(MARCH, DAY, "100", "110", "99", "88", "95", "110", "121", "115"));
        assertThat(dd).containsExactly(new double[] {0, 0, 0.1, 0.2, 1 - 95.0 / 110, 0, 0, 1 - 115.0 / 121},
                within(EPS));
    }

    @Test
    void longestRecoveredDrawdownBeatsAShorterUnrecoveredOne() {
        // 100 on day 0 is regained on day 5; then 105 -> 104 stays under water for 1 day until the end
        Performance p = PerformanceCalculator.compute(
                equity(MARCH, DAY, "100", "90", "80", "85", "95", "100", "105", "104"), List.of(), DAY);
        assertThat(p.maxDrawdown()).isCloseTo(0.2, within(EPS));
        assertThat(p.maxDrawdownDuration()).isEqualTo(Duration.ofDays(5));
    }

    @Test
    void drawdownThatNeverRecoversLastsToTheEnd() {
        // short dip day 0 -> day 2, then the peak of 120 on day 3 is never regained (day 3 -> day 7)
        String[] values = {"100", "95", "100", "120", "90", "60", "80", "100"};
        Performance p = PerformanceCalculator.compute(equity(MARCH, DAY, values), List.of(), DAY);
        assertThat(p.maxDrawdown()).isCloseTo(0.5, within(EPS));
        assertThat(p.maxDrawdownDuration()).isEqualTo(Duration.ofDays(4));
        assertThat(p.totalReturn()).isCloseTo(0.0, within(EPS));
        assertThat(p.cagr()).isCloseTo(0.0, within(EPS));
        assertThat(p.calmar()).isCloseTo(0.0, within(EPS));
        assertThat(p.sharpe()).isCloseTo(expectedSharpe(returns(values), 365.25), within(EPS));
    }

    @Test
    void ratiosMatchCommonsMathOnALongerSeries() {
        Random random = new Random(42);
        int n = 500;
        String[] values = new String[n];
        double equity = 10_000;
        for (int i = 0; i < n; i++) {
            values[i] = BigDecimal.valueOf(equity).setScale(2, java.math.RoundingMode.HALF_EVEN).toPlainString();
            equity *= 1 + random.nextGaussian() * 0.01 + 0.0002;
        }
        Performance p = PerformanceCalculator.compute(equity(MARCH, HOUR, values), List.of(), HOUR);
        double[] r = returns(values);
        assertThat(p.sharpe()).isCloseTo(expectedSharpe(r, 8766), within(1e-9));
        assertThat(p.sortino()).isCloseTo(expectedSortino(r, 8766), within(1e-9));
        assertThat(p.sharpe()).isNotCloseTo(expectedSharpe(r, 365.25), within(1e-3));
    }

    @Test
    void cagrUsesTheElapsedTimeIn36525DayYears() {
        List<EquitySample> twoYears = List.of(at("2020-01-01T00:00:00Z", "100"), at("2021-12-31T12:00:00Z", "121"));
        Performance p = PerformanceCalculator.compute(twoYears, List.of(), DAY);
        assertThat(Duration.between(twoYears.get(0).time(), twoYears.get(1).time())).isEqualTo(Duration.ofHours(17532));
        assertThat(p.cagr()).isCloseTo(0.10, within(EPS));
        assertThat(p.totalReturn()).isCloseTo(0.21, within(EPS));
        assertThat(p.maxDrawdown()).isZero();
        assertThat(p.calmar()).isNaN();
        // one return: no sample standard deviation; no losing bar and a positive mean
        assertThat(p.sharpe()).isNaN();
        assertThat(p.sortino()).isEqualTo(Double.POSITIVE_INFINITY);
    }

    @Test
    void monthlyReturnsCompoundAcrossAYearBoundary() {
        List<EquitySample> samples = List.of(
                at("2023-11-20T00:00:00Z", "100"),
                at("2023-11-30T12:00:00Z", "105"),
                at("2023-12-01T00:00:00Z", "110"), // measured at midnight: the end of November
                at("2023-12-15T00:00:00Z", "99"),
                at("2024-01-01T00:00:00Z", "99"), // the end of December
                at("2024-01-10T00:00:00Z", "120"),
                at("2024-01-31T23:00:00Z", "118.8"),
                // no sample in February
                at("2024-03-05T00:00:00Z", "130.68"));
        Performance p = PerformanceCalculator.compute(samples, List.of(), HOUR);

        assertThat(p.monthlyReturns()).containsOnlyKeys(YearMonth.of(2023, 11), YearMonth.of(2023, 12),
                YearMonth.of(2024, 1), YearMonth.of(2024, 3));
        assertThat(p.monthlyReturns().firstKey()).isEqualTo(YearMonth.of(2023, 11));
        assertThat(p.monthlyReturns().get(YearMonth.of(2023, 11))).isCloseTo(110.0 / 100 - 1, within(EPS));
        assertThat(p.monthlyReturns().get(YearMonth.of(2023, 12))).isCloseTo(99.0 / 110 - 1, within(EPS));
        assertThat(p.monthlyReturns().get(YearMonth.of(2024, 1))).isCloseTo(118.8 / 99 - 1, within(EPS));
        assertThat(p.monthlyReturns().get(YearMonth.of(2024, 3))).isCloseTo(130.68 / 118.8 - 1, within(EPS));
        double compounded = p.monthlyReturns().values().stream().mapToDouble(r -> 1 + r).reduce(1, (a, b) -> a * b);
        assertThat(compounded - 1).isCloseTo(p.totalReturn(), within(EPS)).isCloseTo(0.3068, within(EPS));
    }

    @Test
    void exposureIsTheFractionOfSamplesInTheMarket() {
        List<EquitySample> samples = List.of(
                new EquitySample(MARCH, new BigDecimal("100"), false),
                new EquitySample(MARCH.plus(HOUR), new BigDecimal("101"), true),
                new EquitySample(MARCH.plus(HOUR.multipliedBy(2)), new BigDecimal("102"), true),
                new EquitySample(MARCH.plus(HOUR.multipliedBy(3)), new BigDecimal("101"), true));
        assertThat(PerformanceCalculator.compute(samples, List.of(), HOUR).exposure()).isEqualTo(0.75);
    }

    @Test
    void flatEquityHasNoDefinedRiskRatios() {
        Performance p = PerformanceCalculator.compute(equity(MARCH, HOUR, "50", "50", "50", "50"), List.of(), HOUR);
        assertThat(p.totalReturn()).isZero();
        assertThat(p.cagr()).isZero();
        assertThat(p.maxDrawdown()).isZero();
        assertThat(p.maxDrawdownDuration()).isZero();
        assertThat(p.sharpe()).isNaN();
        assertThat(p.sortino()).isNaN();
        assertThat(p.calmar()).isNaN();
        assertThat(p.monthlyReturns()).containsExactly(org.assertj.core.api.Assertions.entry(YearMonth.of(2024, 3), 0.0));
    }

    @Test
    void singleSampleGivesZeroReturnAndUndefinedRatios() {
        List<EquitySample> one = List.of(new EquitySample(MARCH, new BigDecimal("1000"), true));
        Performance p = PerformanceCalculator.compute(one, List.of(trade(MARCH, HOUR, "1", "5")), HOUR);
        assertThat(p.totalReturn()).isZero();
        assertThat(p.cagr()).isNaN();
        assertThat(p.sharpe()).isNaN();
        assertThat(p.sortino()).isNaN();
        assertThat(p.calmar()).isNaN();
        assertThat(p.maxDrawdown()).isZero();
        assertThat(p.maxDrawdownDuration()).isZero();
        assertThat(p.exposure()).isEqualTo(1.0);
        assertThat(p.monthlyReturns()).isEmpty();
        assertThat(p.start()).isEqualTo(p.end()).isEqualTo(MARCH);
        assertThat(p.trades()).isEqualTo(1);
        assertThat(p.expectancy()).isEqualByComparingTo("5");
    }

    @Test
    void tradeFiguresOfAMixedRun() {
        List<TradeRecord> trades = List.of(
                trade(MARCH, Duration.ofHours(2), "2", "30"),
                trade(MARCH, Duration.ofHours(4), "1", "-10"),
                trade(MARCH, Duration.ofHours(1), "1", "0"), // break-even: neither a win nor a loss
                trade(MARCH, Duration.ofHours(3), "2.25", "15.5"),
                trade(MARCH, Duration.ofMinutes(30), "0.75", "-5"));
        Performance p = PerformanceCalculator.compute(equity(MARCH, DAY, "1000", "1030.5"), trades, DAY);
        assertThat(p.trades()).isEqualTo(5);
        assertThat(p.winRate()).isEqualTo(0.4);
        assertThat(p.profitFactor()).isCloseTo(45.5 / 15, within(EPS));
        assertThat(p.expectancy()).isEqualByComparingTo("6.1");
        assertThat(p.feesPaid()).isEqualByComparingTo("7.00");
        assertThat(p.averageHold()).isEqualTo(Duration.ofMinutes(126)); // 10.5 h / 5
    }

    @Test
    void zeroTradeRun() {
        Performance p = PerformanceCalculator.compute(equity(MARCH, DAY, "1000", "1010"), List.of(), DAY);
        assertThat(p.trades()).isZero();
        assertThat(p.winRate()).isNaN();
        assertThat(p.profitFactor()).isNaN();
        assertThat(p.expectancy()).isZero();
        assertThat(p.averageHold()).isZero();
        assertThat(p.feesPaid()).isZero();
    }

    @Test
    void allWinnersHaveAnInfiniteProfitFactor() {
        List<TradeRecord> trades = List.of(
                trade(MARCH, HOUR, "1", "10"), trade(MARCH, HOUR, "1", "20"), trade(MARCH, HOUR, "1", "0.5"));
        Performance p = PerformanceCalculator.compute(equity(MARCH, DAY, "1000", "1030.5"), trades, DAY);
        assertThat(p.profitFactor()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(p.winRate()).isEqualTo(1.0);
        assertThat(p.expectancy()).isEqualByComparingTo("10.16666666666667"); // 30.5 / 3 to 16 digits
        assertThat(p.averageHold()).isEqualTo(HOUR);
        assertThat(p.feesPaid()).isEqualByComparingTo("3");
    }

    @Test
    void allLosersHaveAZeroProfitFactorAndAllBreakEvenAnUndefinedOne() {
        List<EquitySample> flat = equity(MARCH, DAY, "1000", "1000");
        Performance losers = PerformanceCalculator.compute(flat,
                List.of(trade(MARCH, HOUR, "1", "-1"), trade(MARCH, HOUR, "1", "-3")), DAY);
        assertThat(losers.profitFactor()).isZero();
        assertThat(losers.winRate()).isZero();
        assertThat(losers.expectancy()).isEqualByComparingTo("-2");
        Performance even = PerformanceCalculator.compute(flat, List.of(trade(MARCH, HOUR, "0", "0")), DAY);
        assertThat(even.profitFactor()).isNaN();
        assertThat(even.winRate()).isZero();
    }

    @Test
    void invalidInputIsRefusedWithAClearMessage() {
        List<EquitySample> ok = equity(MARCH, HOUR, "100", "101");
        assertThatThrownBy(() -> PerformanceCalculator.compute(null, List.of(), HOUR))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("at least one equity sample is required");
        assertThatThrownBy(() -> PerformanceCalculator.compute(List.of(), List.of(), HOUR))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("at least one equity sample is required");
        assertThatThrownBy(() -> PerformanceCalculator.compute(ok, null, HOUR))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("trades are required");
        assertThatThrownBy(() -> PerformanceCalculator.compute(ok, List.of(), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("bar interval must be positive, was PT0S");
        assertThatThrownBy(() -> PerformanceCalculator.compute(ok, List.of(), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bar interval must be positive");
        assertThatThrownBy(() -> PerformanceCalculator.compute(
                List.of(at("2024-01-01T01:00:00Z", "1"), at("2024-01-01T01:00:00Z", "2")), List.of(), HOUR))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("strictly increasing time order: sample 1 at 2024-01-01T01:00:00Z");
        assertThatThrownBy(() -> PerformanceCalculator.compute(
                List.of(at("2024-01-01T01:00:00Z", "1"), at("2024-01-01T00:00:00Z", "2")), List.of(), HOUR))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("strictly increasing time order");
        assertThatThrownBy(() -> PerformanceCalculator.compute(equity(MARCH, HOUR, "0", "1"), List.of(), HOUR))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("first equity sample")
                .hasMessageContaining("must be positive, was 0");
        assertThatThrownBy(() -> PerformanceCalculator.compute(equity(MARCH, HOUR, "5", "0", "1"), List.of(), HOUR))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("equity rose from zero");
        List<EquitySample> withNull = new ArrayList<>(ok);
        withNull.add(null);
        assertThatThrownBy(() -> PerformanceCalculator.compute(withNull, List.of(), HOUR))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("equity sample 2 is null");
        List<TradeRecord> nullTrade = new ArrayList<>();
        nullTrade.add(null);
        assertThatThrownBy(() -> PerformanceCalculator.compute(ok, nullTrade, HOUR))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("trade 0 is null");
    }

    @Test
    void ruinedAccountStaysAtZero() {
        Performance p = PerformanceCalculator.compute(equity(MARCH, HOUR, "100", "0", "0"), List.of(), HOUR);
        assertThat(p.totalReturn()).isEqualTo(-1.0);
        assertThat(p.maxDrawdown()).isEqualTo(1.0);
        assertThat(p.cagr()).isEqualTo(-1.0);
        assertThat(p.maxDrawdownDuration()).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void largeSeriesInALinkedListIsComputedInLinearTime() {
        int n = 200_000;
        Instant start = Instant.parse("2016-01-01T00:00:00Z");
        List<EquitySample> samples = new LinkedList<>();
        Random random = new Random(7);
        double equity = 10_000;
        for (int i = 0; i < n; i++) {
            samples.add(new EquitySample(start.plus(Duration.ofMinutes(i)), BigDecimal.valueOf(Math.round(equity * 100), 2),
                    i % 2 == 0));
            equity *= 1 + random.nextGaussian() * 0.001;
        }
        // an O(n^2) pass over a LinkedList of 200k would take minutes
        Performance p = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> PerformanceCalculator.compute(samples, List.of(), Duration.ofMinutes(1)));
        assertThat(p.exposure()).isEqualTo(0.5);
        assertThat(p.end()).isEqualTo(start.plus(Duration.ofMinutes(n - 1)));
        assertThat(p.monthlyReturns()).containsKeys(YearMonth.of(2016, 1), YearMonth.of(2016, 5));
    }
}
