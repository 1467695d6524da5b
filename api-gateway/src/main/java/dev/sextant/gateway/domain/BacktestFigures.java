package dev.sextant.gateway.domain;

import dev.sextant.performance.Performance;
import java.math.BigDecimal;

/**
 * The headline figures of one equity curve (a strategy or a baseline), as {@code core/performance} computes them:
 * returns and ratios are fractions (0.05 = 5 %), money is exact decimal. A figure that is not a finite number (a
 * Sharpe without variance, the win rate without trades, the profit factor without a losing trade) is null, as in
 * the backtester's {@code summary.json}.
 *
 * @param totalReturn   final equity / initial equity − 1
 * @param cagr          compound annual growth rate
 * @param maxDrawdown   deepest fall below a running peak (a positive fraction)
 * @param sharpe        annualised Sharpe ratio of the per-candle returns (risk-free 0)
 * @param winRate       winning trades / trades
 * @param profitFactor  gross profit / gross loss of the trades
 * @param trades        closed trades
 * @param feesPaid      fees of the closed trades
 * @param initialEquity equity at the start
 * @param finalEquity   equity at the end
 * @param exposure      share of candles with a position open
 * @param losesMoney    the final equity is below the initial equity
 */
public record BacktestFigures(Double totalReturn, Double cagr, Double maxDrawdown, Double sharpe, Double winRate,
                              Double profitFactor, int trades, BigDecimal feesPaid, BigDecimal initialEquity,
                              BigDecimal finalEquity, Double exposure, boolean losesMoney) {

    public static BacktestFigures of(Performance p) {
        return new BacktestFigures(finite(p.totalReturn()), finite(p.cagr()), finite(p.maxDrawdown()), finite(p.sharpe()),
                finite(p.winRate()), finite(p.profitFactor()), p.trades(), p.feesPaid(), p.initialEquity(),
                p.finalEquity(), finite(p.exposure()), p.losesMoney());
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
