package dev.sextant.gateway.domain;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * Aggregates of the trade projection.
 *
 * @param openTrades       trades still open
 * @param closedTrades     closed trades
 * @param winningTrades    closed trades with a positive realized P&L
 * @param realizedPnl      realized P&L of every trade
 * @param realizedPnlToday realized P&L of the trades closed on {@code pnlDay}
 * @param pnlDay           the market day (UTC day of market time, see {@link MarketClock}) that
 *                         {@code realizedPnlToday} covers; null before any market event (then it is zero)
 */
public record TradeTotals(long openTrades, long closedTrades, long winningTrades, BigDecimal realizedPnl,
                          BigDecimal realizedPnlToday, LocalDate pnlDay) {

    public static final TradeTotals NONE = new TradeTotals(0, 0, 0, BigDecimal.ZERO, BigDecimal.ZERO, null);

    public TradeTotals {
        realizedPnl = realizedPnl == null ? BigDecimal.ZERO : realizedPnl;
        realizedPnlToday = realizedPnlToday == null ? BigDecimal.ZERO : realizedPnlToday;
    }

    /** Winning share of the closed trades (0..1), null before the first closed trade. */
    public Double winRate() {
        return closedTrades == 0 ? null : (double) winningTrades / closedTrades;
    }
}
