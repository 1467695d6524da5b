package dev.sextant.performance;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The performance figures of one equity curve and its trades, as computed by {@link PerformanceCalculator}.
 * Returns and ratios are fractions ({@code 0.05} = 5 %). A ratio that is not defined is {@link Double#NaN}; see
 * each component for when that happens.
 *
 * @param initialEquity        equity of the first sample, positive
 * @param finalEquity          equity of the last sample
 * @param totalReturn          {@code finalEquity / initialEquity - 1}
 * @param cagr                 compound annual growth rate over the time between the first and the last sample
 *                             (365.25-day years); NaN when that time is zero (a single sample)
 * @param sharpe               annualised Sharpe ratio of the per-bar simple returns, risk-free rate 0, sample
 *                             standard deviation; NaN with fewer than two returns or when the returns do not vary
 * @param sortino              annualised Sortino ratio (mean per-bar return over the downside deviation
 *                             {@code sqrt(mean(min(r, 0)^2))} of all bars); NaN without returns, or when no bar lost
 *                             and the mean return is not positive; {@link Double#POSITIVE_INFINITY} when no bar lost
 *                             and the mean return is positive
 * @param calmar               {@code cagr / maxDrawdown}; NaN when {@code maxDrawdown} is 0 or {@code cagr} is NaN
 * @param maxDrawdown          deepest fall from a running peak, as a positive fraction of that peak (0.25 = 25 %)
 * @param maxDrawdownDuration  longest time spent under a previous peak: from the peak to the first sample back at
 *                             or above it, or to the last sample when the equity never recovered
 * @param winRate              fraction of trades with a positive net P&L; NaN without trades
 * @param profitFactor         gross profit / gross loss of the trades' net P&L; {@link Double#POSITIVE_INFINITY}
 *                             when at least one trade won and none lost; NaN without trades or when no trade won
 *                             or lost (all break even); 0 when trades lost and none won
 * @param expectancy           average net P&L per trade (16 significant digits); 0 without trades
 * @param averageHold          average holding time of the trades; zero without trades
 * @param exposure             fraction of the equity samples taken while a position was open
 * @param trades               number of trades
 * @param feesPaid             sum of the trades' fees
 * @param start                time of the first sample
 * @param end                  time of the last sample
 * @param monthlyReturns       compounded return of each calendar month (UTC), from the equity at the end of the
 *                             previous month (or the first sample) to the equity at the end of the month; months
 *                             without a sample are absent. Unmodifiable.
 */
public record Performance(BigDecimal initialEquity, BigDecimal finalEquity, double totalReturn, double cagr,
                          double sharpe, double sortino, double calmar, double maxDrawdown,
                          Duration maxDrawdownDuration, double winRate, double profitFactor, BigDecimal expectancy,
                          Duration averageHold, double exposure, int trades, BigDecimal feesPaid, Instant start,
                          Instant end, SortedMap<YearMonth, Double> monthlyReturns) {

    public Performance {
        if (initialEquity == null || initialEquity.signum() <= 0) {
            throw new IllegalArgumentException("initial equity must be positive, was " + plain(initialEquity));
        }
        if (finalEquity == null || finalEquity.signum() < 0) {
            throw new IllegalArgumentException("final equity must be zero or more, was " + plain(finalEquity));
        }
        if (!(maxDrawdown >= 0 && maxDrawdown <= 1)) {
            throw new IllegalArgumentException("max drawdown must be a fraction between 0 and 1, was " + maxDrawdown);
        }
        if (maxDrawdownDuration == null || maxDrawdownDuration.isNegative()) {
            throw new IllegalArgumentException("max drawdown duration must be zero or more, was " + maxDrawdownDuration);
        }
        if (!Double.isNaN(winRate) && !(winRate >= 0 && winRate <= 1)) {
            throw new IllegalArgumentException("win rate must be a fraction between 0 and 1 or NaN, was " + winRate);
        }
        if (!Double.isNaN(profitFactor) && profitFactor < 0) {
            throw new IllegalArgumentException("profit factor must not be negative, was " + profitFactor);
        }
        if (expectancy == null) {
            throw new IllegalArgumentException("expectancy is required (zero without trades)");
        }
        if (averageHold == null || averageHold.isNegative()) {
            throw new IllegalArgumentException("average hold must be zero or more, was " + averageHold);
        }
        if (!(exposure >= 0 && exposure <= 1)) {
            throw new IllegalArgumentException("exposure must be a fraction between 0 and 1, was " + exposure);
        }
        if (trades < 0) {
            throw new IllegalArgumentException("trade count must not be negative, was " + trades);
        }
        if (feesPaid == null || feesPaid.signum() < 0) {
            throw new IllegalArgumentException("fees paid must be zero or more, was " + plain(feesPaid));
        }
        if (start == null || end == null || end.isBefore(start)) {
            throw new IllegalArgumentException("start and end are required and end must not precede start, were "
                    + start + " and " + end);
        }
        if (monthlyReturns == null) {
            throw new IllegalArgumentException("monthly returns are required (empty when there are none)");
        }
        TreeMap<YearMonth, Double> months = new TreeMap<>();
        monthlyReturns.forEach((month, value) -> {
            if (month == null || value == null) {
                throw new IllegalArgumentException("monthly returns must not hold null months or values");
            }
            months.put(month, value);
        });
        monthlyReturns = Collections.unmodifiableSortedMap(months);
    }

    /** Whether the equity ended below where it started. */
    public boolean losesMoney() {
        return finalEquity.compareTo(initialEquity) < 0;
    }

    private static String plain(BigDecimal value) {
        return value == null ? "null" : value.toPlainString();
    }
}
