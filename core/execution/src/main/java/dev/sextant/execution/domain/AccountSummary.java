package dev.sextant.execution.domain;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * The account at a glance (also the JSON written to Redis).
 *
 * @param capital          initial capital
 * @param cash             cash now (quote asset)
 * @param equity           cash + open positions marked at their last close
 * @param realizedPnl      net P&amp;L of every closed trade
 * @param realizedPnlToday net P&amp;L of the trades closed on {@code pnlDay} (UTC day of market time)
 * @param pnlDay           the market day {@code realizedPnlToday} belongs to (null before any event)
 * @param winRate          wins / tradesClosed (scale 4), 0 before the first trade
 */
public record AccountSummary(
        BigDecimal capital,
        BigDecimal cash,
        BigDecimal equity,
        BigDecimal realizedPnl,
        BigDecimal realizedPnlToday,
        LocalDate pnlDay,
        int openPositions,
        long tradesClosed,
        long wins,
        BigDecimal winRate) {}
