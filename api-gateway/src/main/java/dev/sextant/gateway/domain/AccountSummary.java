package dev.sextant.gateway.domain;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The account as the dashboard header shows it. The account summary execution-service writes to
 * Redis ({@code latest:account}) wins field by field; whatever it lacks is computed from the
 * gateway's own trade projection and open positions.
 *
 * <p>Two kinds of equity: {@code capital} is the cash-basis equity (starting capital plus the
 * realized P&amp;L of closed trades, open positions left out), {@code equity} is marked to market
 * (open positions valued at the latest close, as execution-service computes it: cash plus each open
 * position at its symbol's last close, entry fees paid). {@code unrealizedPnl = equity − capital}. A
 * client with a newer price than {@code markPrices} adds only {@code signedQuantity × (price − mark)}.
 *
 * @param initialCapital   starting capital
 * @param capital          cash-basis equity: {@code initialCapital + realizedPnl}
 * @param realizedPnl      realized (net) P&amp;L of every closed trade
 * @param equity           marked-to-market equity: {@code capital} plus the open positions' unrealized P&amp;L
 * @param unrealizedPnl    {@code equity − capital}: what the open positions add at their marks
 * @param markPrices       per symbol with an open position, the latest close the gateway knows, i.e. the
 *                         price {@code equity} is marked at (absent when no price is known)
 * @param realizedPnlToday realized P&amp;L of the trades closed on {@code pnlDay}
 * @param pnlDay           the market day "today" is: UTC day of the latest market event time (never the
 *                         wall clock, so a replay counts its own days); null before any market event
 * @param winRate          winning share of closed trades (0..1), null before the first one
 * @param openTrades       open trades
 * @param closedTrades     closed trades
 * @param source           {@code execution} when every reported field came from execution-service's
 *                         summary, {@code gateway} when computed here, {@code mixed} otherwise
 */
public record AccountSummary(BigDecimal initialCapital, BigDecimal capital, BigDecimal realizedPnl, BigDecimal equity,
                             BigDecimal unrealizedPnl, Map<String, BigDecimal> markPrices, BigDecimal realizedPnlToday,
                             LocalDate pnlDay, Double winRate, long openTrades, long closedTrades, String source) {

    /** Names execution-service (or a compatible writer) uses for the starting capital. */
    private static final List<String> INITIAL_CAPITAL = List.of("capital", "initialCapital");
    private static final List<String> REALIZED = List.of("realizedPnl");
    private static final List<String> EQUITY = List.of("equity");
    private static final List<String> TODAY = List.of("realizedPnlToday", "todayPnl", "dailyPnl", "pnlToday", "realizedToday");
    private static final List<String> PNL_DAY = List.of("pnlDay");
    private static final List<String> WIN_RATE = List.of("winRate");
    private static final List<String> TRADES_CLOSED = List.of("tradesClosed");
    private static final int REPORTABLE_FIELDS = 5;

    public AccountSummary {
        markPrices = Collections.unmodifiableMap(markPrices == null ? new TreeMap<>() : new TreeMap<>(markPrices));
    }

    /**
     * The summary computed from the trade projection and the open positions alone: capital = initial
     * capital + realized P&amp;L, equity = capital + the positions' unrealized P&amp;L at their mark
     * (fees aside).
     */
    public static AccountSummary computed(BigDecimal initialCapital, TradeTotals totals, List<PositionView> open) {
        BigDecimal unrealized = BigDecimal.ZERO;
        Map<String, BigDecimal> marks = new TreeMap<>();
        for (PositionView p : open == null ? List.<PositionView>of() : open) {
            if (!p.isOpen()) {
                continue;
            }
            if (p.unrealizedPnl() != null) {
                unrealized = unrealized.add(p.unrealizedPnl());
            }
            if (p.markPrice() != null) {
                marks.put(p.symbol(), p.markPrice());
            }
        }
        BigDecimal capital = initialCapital.add(totals.realizedPnl());
        return new AccountSummary(initialCapital, capital, totals.realizedPnl(), capital.add(unrealized), unrealized, marks,
                totals.realizedPnlToday(), totals.pnlDay(), totals.winRate(), totals.openTrades(), totals.closedTrades(),
                "gateway");
    }

    /**
     * This summary with the fields that {@code reported} (execution-service's account JSON, as a map)
     * carries: {@code capital} (its starting capital), {@code realizedPnl}, {@code equity} (already
     * marked to market, so taken as is), {@code realizedPnlToday} with its {@code pnlDay}, and
     * {@code winRate} ({@code tradesClosed} 0 = no rate yet). Today's P&amp;L is taken unless it belongs
     * to an earlier day than this summary's market day (execution-service has not reached that day
     * yet). Unknown or malformed fields are ignored.
     */
    public AccountSummary overriddenBy(Map<String, ?> reported) {
        if (reported == null || reported.isEmpty()) {
            return this;
        }
        BigDecimal reportedInitial = decimal(reported, INITIAL_CAPITAL);
        BigDecimal reportedRealized = decimal(reported, REALIZED);
        BigDecimal reportedEquity = decimal(reported, EQUITY);
        BigDecimal reportedToday = decimal(reported, TODAY);
        LocalDate reportedDay = date(reported, PNL_DAY);
        BigDecimal reportedRate = decimal(reported, WIN_RATE);
        BigDecimal reportedClosed = decimal(reported, TRADES_CLOSED);

        boolean todayCurrent = reportedToday != null
                && (reportedDay == null || pnlDay == null || !reportedDay.isBefore(pnlDay));
        int taken = count(reportedInitial) + count(reportedRealized) + count(reportedEquity)
                + (todayCurrent ? 1 : 0) + count(reportedRate);
        if (taken == 0) {
            return this;
        }

        BigDecimal initial = Objects.requireNonNullElse(reportedInitial, initialCapital);
        BigDecimal realized = Objects.requireNonNullElse(reportedRealized, realizedPnl);
        BigDecimal cashBasis = initial.add(realized);
        BigDecimal marked = reportedEquity != null ? reportedEquity : cashBasis.add(unrealizedPnl);
        Double rate = winRate;
        if (reportedRate != null) {
            boolean noTradeYet = reportedClosed != null && reportedClosed.signum() == 0;
            BigDecimal fraction = reportedRate.compareTo(BigDecimal.ONE) > 0 ? reportedRate.movePointLeft(2) : reportedRate;
            rate = noTradeYet ? null : Double.valueOf(fraction.doubleValue());
        }
        return new AccountSummary(initial, cashBasis, realized, marked, marked.subtract(cashBasis), markPrices,
                todayCurrent ? reportedToday : realizedPnlToday,
                todayCurrent ? (reportedDay != null ? reportedDay : pnlDay) : pnlDay,
                rate, openTrades, closedTrades, taken == REPORTABLE_FIELDS ? "execution" : "mixed");
    }

    private static int count(Object value) {
        return value == null ? 0 : 1;
    }

    private static BigDecimal decimal(Map<String, ?> map, List<String> names) {
        for (String name : names) {
            Object value = map.get(name);
            if (value instanceof BigDecimal d) {
                return d;
            }
            if (value instanceof Number n) {
                return new BigDecimal(n.toString());
            }
            if (value instanceof String s) {
                try {
                    return new BigDecimal(s.trim());
                } catch (NumberFormatException ignored) {
                    // not a number: try the next name
                }
            }
        }
        return null;
    }

    private static LocalDate date(Map<String, ?> map, List<String> names) {
        for (String name : names) {
            if (map.get(name) instanceof String s) {
                try {
                    return LocalDate.parse(s.trim());
                } catch (DateTimeParseException ignored) {
                    // not an ISO date: try the next name
                }
            }
        }
        return null;
    }
}
