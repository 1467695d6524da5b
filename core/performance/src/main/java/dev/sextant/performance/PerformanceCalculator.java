package dev.sextant.performance;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.TreeMap;

/**
 * Computes {@link Performance} from an equity curve and its trades in one pass over each (O(n)).
 *
 * <p>Conventions: returns are fractions; per-bar returns are simple returns {@code e[i] / e[i-1] - 1} between
 * consecutive samples; ratios are annualised with {@code sqrt(bars per year)} where bars per year is
 * {@code 365.25 days / barInterval} (crypto trades around the clock); the risk-free rate is 0. Ratio math is done
 * in {@code double}, money stays {@link BigDecimal}.
 *
 * <p>With a single sample there are no returns: total return 0, CAGR, Sharpe, Sortino and Calmar NaN, max drawdown
 * 0 with zero duration, no monthly returns; the trade figures are still computed. No sample at all is refused
 * (there is no initial equity).
 */
public final class PerformanceCalculator {

    /** The year used for annualising and for CAGR: 365.25 days. */
    public static final Duration YEAR = Duration.ofDays(365).plusHours(6);

    /** Precision of {@link Performance#expectancy()}. */
    public static final MathContext EXPECTANCY_PRECISION = MathContext.DECIMAL64;

    private static final double YEAR_SECONDS = YEAR.getSeconds();

    private PerformanceCalculator() {
    }

    /**
     * @param equity      the equity at each candle close, in strictly increasing time order; at least one sample,
     *                    the first one positive
     * @param trades      the closed trades, possibly empty
     * @param barInterval the candle interval, positive
     * @throws IllegalArgumentException when an argument breaks the rules above, or the equity rises again after
     *                                  reaching zero
     */
    public static Performance compute(List<EquitySample> equity, List<TradeRecord> trades, Duration barInterval) {
        if (equity == null || equity.isEmpty()) {
            throw new IllegalArgumentException("at least one equity sample is required");
        }
        if (trades == null) {
            throw new IllegalArgumentException("trades are required (an empty list when there were none)");
        }
        double barsPerYear = barsPerYear(barInterval);
        EquityFigures curve = equityFigures(equity, barsPerYear);
        TradeFigures closed = tradeFigures(trades);
        return new Performance(curve.initial, curve.last, curve.totalReturn, curve.cagr, curve.sharpe, curve.sortino,
                curve.maxDrawdown == 0 ? Double.NaN : curve.cagr / curve.maxDrawdown, curve.maxDrawdown,
                curve.maxDrawdownDuration, closed.winRate, closed.profitFactor, closed.expectancy, closed.averageHold,
                curve.exposure, trades.size(), closed.fees, curve.start, curve.end, curve.monthly);
    }

    /** {@code 365.25 days / barInterval}. */
    public static double barsPerYear(Duration barInterval) {
        if (barInterval == null || barInterval.isNegative() || barInterval.isZero()) {
            throw new IllegalArgumentException("bar interval must be positive, was " + barInterval);
        }
        return (double) YEAR.toNanos() / barInterval.toNanos();
    }

    /**
     * The drawdown at each sample: how far the equity is below its running peak, as a positive fraction of the
     * peak (0 at a new high). Same length and order as {@code equity}.
     */
    public static double[] drawdowns(List<EquitySample> equity) {
        if (equity == null) {
            throw new IllegalArgumentException("equity samples are required");
        }
        double[] drawdowns = new double[equity.size()];
        double peak = 0;
        int i = 0;
        for (EquitySample sample : equity) {
            if (sample == null) {
                throw new IllegalArgumentException("equity sample " + i + " is null");
            }
            double value = sample.equity().doubleValue();
            if (value >= peak) {
                peak = value;
                drawdowns[i++] = 0;
            } else {
                drawdowns[i++] = 1 - value / peak;
            }
        }
        return drawdowns;
    }

    private record EquityFigures(BigDecimal initial, BigDecimal last, Instant start, Instant end, double totalReturn,
                                 double cagr, double sharpe, double sortino, double maxDrawdown,
                                 Duration maxDrawdownDuration, double exposure, TreeMap<YearMonth, Double> monthly) {
    }

    private static EquityFigures equityFigures(List<EquitySample> equity, double barsPerYear) {
        int n = equity.size();
        double[] returns = new double[n - 1];
        TreeMap<YearMonth, Double> monthly = new TreeMap<>();

        EquitySample first = null;
        EquitySample previous = null;
        int inMarket = 0;
        double peak = 0;
        Instant peakTime = null;
        boolean underwater = false;
        double maxDrawdown = 0;
        Duration longestUnderwater = Duration.ZERO;
        // monthly: a sample at t belongs to the month containing (t - 1 ns), i.e. months are (start, end]
        YearMonth month = null;
        Instant monthEnd = null;
        double monthBase = 0;
        double monthLast = 0;

        int i = 0;
        for (EquitySample sample : equity) {
            if (sample == null) {
                throw new IllegalArgumentException("equity sample " + i + " is null");
            }
            double value = sample.equity().doubleValue();
            Instant time = sample.time();
            if (previous == null) {
                if (sample.equity().signum() <= 0) {
                    throw new IllegalArgumentException("the first equity sample (at " + time
                            + ") must be positive, was " + sample.equity().toPlainString());
                }
                first = sample;
                peak = value;
                peakTime = time;
                monthBase = value;
            } else {
                if (!time.isAfter(previous.time())) {
                    throw new IllegalArgumentException("equity samples must be in strictly increasing time order: sample "
                            + i + " at " + time + " is not after sample " + (i - 1) + " at " + previous.time());
                }
                double prior = previous.equity().doubleValue();
                if (prior == 0) {
                    if (value != 0) {
                        throw new IllegalArgumentException("equity rose from zero to " + sample.equity().toPlainString()
                                + " at " + time + "; a ruined account cannot recover (deposits are not supported)");
                    }
                    returns[i - 1] = 0;
                } else {
                    returns[i - 1] = value / prior - 1;
                }

                if (value >= peak) {
                    if (underwater) {
                        longestUnderwater = longer(longestUnderwater, Duration.between(peakTime, time));
                        underwater = false;
                    }
                    peak = value;
                    peakTime = time;
                } else {
                    underwater = true;
                    maxDrawdown = Math.max(maxDrawdown, 1 - value / peak);
                }

                if (monthEnd == null || time.isAfter(monthEnd)) {
                    if (month != null) {
                        monthly.put(month, monthReturn(monthBase, monthLast));
                        monthBase = monthLast;
                    }
                    month = YearMonth.from(time.minusNanos(1).atOffset(ZoneOffset.UTC));
                    monthEnd = month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
                }
                monthLast = value;
            }
            if (sample.inMarket()) {
                inMarket++;
            }
            previous = sample;
            i++;
        }
        if (month != null) {
            monthly.put(month, monthReturn(monthBase, monthLast));
        }
        if (underwater) {
            longestUnderwater = longer(longestUnderwater, Duration.between(peakTime, previous.time()));
        }

        double initial = first.equity().doubleValue();
        double last = previous.equity().doubleValue();
        double growth = last / initial;
        Duration elapsed = Duration.between(first.time(), previous.time());
        double years = (elapsed.getSeconds() + elapsed.getNano() / 1e9) / YEAR_SECONDS;
        double cagr = years > 0 ? Math.pow(growth, 1 / years) - 1 : Double.NaN;

        return new EquityFigures(first.equity(), previous.equity(), first.time(), previous.time(), growth - 1, cagr,
                sharpe(returns, barsPerYear), sortino(returns, barsPerYear), maxDrawdown, longestUnderwater,
                (double) inMarket / n, monthly);
    }

    private static double monthReturn(double base, double last) {
        return base == 0 ? 0 : last / base - 1;
    }

    private static Duration longer(Duration a, Duration b) {
        return b.compareTo(a) > 0 ? b : a;
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double value : values) {
            sum += value;
        }
        return sum / values.length;
    }

    private static double sharpe(double[] returns, double barsPerYear) {
        if (returns.length < 2) {
            return Double.NaN;
        }
        double mean = mean(returns);
        double squares = 0;
        for (double r : returns) {
            squares += (r - mean) * (r - mean);
        }
        double std = Math.sqrt(squares / (returns.length - 1));
        return std == 0 ? Double.NaN : mean / std * Math.sqrt(barsPerYear);
    }

    private static double sortino(double[] returns, double barsPerYear) {
        if (returns.length == 0) {
            return Double.NaN;
        }
        double mean = mean(returns);
        double squares = 0;
        for (double r : returns) {
            if (r < 0) {
                squares += r * r;
            }
        }
        double downside = Math.sqrt(squares / returns.length);
        if (downside == 0) {
            return mean > 0 ? Double.POSITIVE_INFINITY : Double.NaN;
        }
        return mean / downside * Math.sqrt(barsPerYear);
    }

    private record TradeFigures(double winRate, double profitFactor, BigDecimal expectancy, Duration averageHold,
                                BigDecimal fees) {
    }

    private static TradeFigures tradeFigures(List<TradeRecord> trades) {
        BigDecimal grossProfit = BigDecimal.ZERO;
        BigDecimal grossLoss = BigDecimal.ZERO;
        BigDecimal net = BigDecimal.ZERO;
        BigDecimal fees = BigDecimal.ZERO;
        Duration held = Duration.ZERO;
        int wins = 0;
        int losses = 0;
        int i = 0;
        for (TradeRecord trade : trades) {
            if (trade == null) {
                throw new IllegalArgumentException("trade " + i + " is null");
            }
            BigDecimal pnl = trade.netPnl();
            if (pnl.signum() > 0) {
                wins++;
                grossProfit = grossProfit.add(pnl);
            } else if (pnl.signum() < 0) {
                losses++;
                grossLoss = grossLoss.subtract(pnl);
            }
            net = net.add(pnl);
            fees = fees.add(trade.fees());
            held = held.plus(trade.holdingTime());
            i++;
        }
        int n = i;
        if (n == 0) {
            return new TradeFigures(Double.NaN, Double.NaN, BigDecimal.ZERO, Duration.ZERO, BigDecimal.ZERO);
        }
        double profitFactor;
        if (losses == 0) {
            profitFactor = wins > 0 ? Double.POSITIVE_INFINITY : Double.NaN;
        } else {
            profitFactor = grossProfit.doubleValue() / grossLoss.doubleValue();
        }
        return new TradeFigures((double) wins / n, profitFactor,
                net.divide(BigDecimal.valueOf(n), EXPECTANCY_PRECISION), held.dividedBy(n), fees);
    }
}
