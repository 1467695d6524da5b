package dev.sextant.execution.domain;

import dev.sextant.contracts.event.Side;
import dev.sextant.contracts.id.Symbol;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Cash and realized results of the account. A buy pays {@code notional + fee}, a sell receives
 * {@code notional − fee}; equity is cash plus every open position's signed quantity at its
 * symbol's last close. "Today" is the UTC day of market (event) time, so a replay of history
 * counts its own days.
 */
public final class Portfolio {
    private final BigDecimal initialCapital;
    private BigDecimal cash;
    private BigDecimal realizedPnl;
    private long tradesClosed;
    private long wins;
    private LocalDate day;
    /** The start of the UTC day after {@link #day} (null with it): a market time before it cannot roll the day. */
    private Instant nextDay;
    private BigDecimal realizedToday;
    private final Map<Symbol, BigDecimal> marks = new HashMap<>();

    private Portfolio(BigDecimal initialCapital, BigDecimal cash, BigDecimal realizedPnl, long tradesClosed, long wins,
                      LocalDate day, BigDecimal realizedToday) {
        this.initialCapital = Scales.quote(initialCapital);
        this.cash = Scales.quote(cash);
        this.realizedPnl = Scales.quote(realizedPnl);
        this.tradesClosed = tradesClosed;
        this.wins = wins;
        this.day = day;
        this.nextDay = nextDay(day);
        this.realizedToday = Scales.quote(realizedToday);
    }

    private static Instant nextDay(LocalDate day) {
        return day == null ? null : day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** A new account holding {@code initialCapital} in cash. */
    public static Portfolio fresh(BigDecimal initialCapital) {
        return new Portfolio(initialCapital, initialCapital, BigDecimal.ZERO, 0, 0, null, BigDecimal.ZERO);
    }

    /** An account as it was stored; marks are added with {@link #mark}. */
    public static Portfolio restore(BigDecimal initialCapital, BigDecimal cash, BigDecimal realizedPnl, long tradesClosed,
                                    long wins, LocalDate day, BigDecimal realizedToday) {
        return new Portfolio(initialCapital, cash, realizedPnl, tradesClosed, wins, day, realizedToday);
    }

    /** Books a fill: cash −= signed notional + fee (a buy spends, a sell receives). */
    void applyFill(Side side, BigDecimal notional, BigDecimal fee) {
        BigDecimal signed = side == Side.BUY ? notional : notional.negate();
        cash = Scales.quote(cash.subtract(signed).subtract(fee));
    }

    /** Books a closed trade's net P&amp;L. */
    void recordTrade(ClosedTrade trade) {
        rollDay(trade.exitTime());
        realizedPnl = Scales.quote(realizedPnl.add(trade.netPnl()));
        realizedToday = Scales.quote(realizedToday.add(trade.netPnl()));
        tradesClosed++;
        if (trade.won()) {
            wins++;
        }
    }

    /** Moves "today" forward to the UTC day of {@code marketTime}; an earlier time changes nothing. */
    void rollDay(Instant marketTime) {
        if (nextDay != null && marketTime.isBefore(nextDay)) {
            return; // today or earlier: nothing changes
        }
        LocalDate d = LocalDate.ofInstant(marketTime, ZoneOffset.UTC);
        if (day == null || d.isAfter(day)) {
            day = d;
            nextDay = nextDay(d);
            realizedToday = Scales.quote(BigDecimal.ZERO);
        }
    }

    /**
     * The last close of {@code symbol}, used to mark positions: at price scale (a close with fewer
     * places is kept as it is, the same number: the equity it gives is rounded to quote scale anyway).
     */
    public void mark(Symbol symbol, BigDecimal close) {
        marks.put(symbol, close.scale() <= Scales.PRICE ? close : Scales.price(close));
    }

    /** The last close of {@code symbol} seen ({@link #mark}), or null. */
    public BigDecimal lastClose(Symbol symbol) {
        return marks.get(symbol);
    }

    /** Cash plus each open position at its symbol's last close (its entry price before any close). */
    public BigDecimal equity(Collection<Position> open) {
        BigDecimal equity = cash;
        for (Position p : open) {
            BigDecimal mark = marks.getOrDefault(p.symbol(), p.entryPrice());
            equity = equity.add(p.signedQuantity().multiply(mark));
        }
        return Scales.quote(equity);
    }

    /** The summary of the account with {@code open} positions. */
    public AccountSummary summary(Collection<Position> open) {
        BigDecimal winRate = tradesClosed == 0 ? BigDecimal.ZERO.setScale(4)
                : BigDecimal.valueOf(wins).divide(BigDecimal.valueOf(tradesClosed), 4, RoundingMode.HALF_EVEN);
        return new AccountSummary(initialCapital, cash, equity(open), realizedPnl, realizedToday, day, open.size(),
                tradesClosed, wins, winRate);
    }

    public BigDecimal initialCapital() { return initialCapital; }
    public BigDecimal cash() { return cash; }
    public BigDecimal realizedPnl() { return realizedPnl; }
    public long tradesClosed() { return tradesClosed; }
    public long wins() { return wins; }
    /** The market day of {@link #realizedToday()}, null before any trade or candle. */
    public LocalDate day() { return day; }
    public BigDecimal realizedToday() { return realizedToday; }
}
