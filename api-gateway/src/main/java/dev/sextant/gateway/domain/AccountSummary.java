package dev.sextant.gateway.domain;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * Capital, equity, today's realized P&L and win rate as the dashboard header shows them. The
 * account summary execution-service writes to Redis wins field by field; whatever it lacks is
 * computed from the gateway's own trade projection.
 *
 * @param capital          cash: starting capital plus realized P&L
 * @param equity           capital plus the unrealized P&L of open positions
 * @param realizedPnlToday realized P&L of trades closed today (UTC)
 * @param winRate          winning share of closed trades (0..1), null before the first one
 * @param openTrades       open trades
 * @param closedTrades     closed trades
 * @param source           {@code execution} when every field came from execution-service's summary,
 *                         {@code gateway} when computed here, {@code mixed} otherwise
 */
public record AccountSummary(BigDecimal capital, BigDecimal equity, BigDecimal realizedPnlToday, Double winRate,
                             long openTrades, long closedTrades, String source) {

    private static final List<String> CAPITAL = List.of("capital", "cash", "balance");
    private static final List<String> EQUITY = List.of("equity");
    private static final List<String> TODAY = List.of("realizedPnlToday", "todayPnl", "dailyPnl", "pnlToday", "realizedToday");
    private static final List<String> WIN_RATE = List.of("winRate");

    /** The summary computed from the trade projection alone. */
    public static AccountSummary computed(BigDecimal initialCapital, TradeTotals totals, BigDecimal unrealizedPnl) {
        BigDecimal capital = initialCapital.add(totals.realizedPnl());
        BigDecimal equity = capital.add(unrealizedPnl == null ? BigDecimal.ZERO : unrealizedPnl);
        return new AccountSummary(capital, equity, totals.realizedPnlToday(), totals.winRate(),
                totals.openTrades(), totals.closedTrades(), "gateway");
    }

    /**
     * This summary with the fields that {@code reported} (execution-service's account JSON, as a map)
     * carries. Unknown or malformed fields are ignored.
     */
    public AccountSummary overriddenBy(Map<String, ?> reported) {
        if (reported == null || reported.isEmpty()) {
            return this;
        }
        BigDecimal c = decimal(reported, CAPITAL);
        BigDecimal e = decimal(reported, EQUITY);
        BigDecimal t = decimal(reported, TODAY);
        BigDecimal w = decimal(reported, WIN_RATE);
        int taken = (c == null ? 0 : 1) + (e == null ? 0 : 1) + (t == null ? 0 : 1) + (w == null ? 0 : 1);
        if (taken == 0) {
            return this;
        }
        BigDecimal rate = w == null ? null : (w.compareTo(BigDecimal.ONE) > 0 ? w.movePointLeft(2) : w);
        return new AccountSummary(
                c == null ? capital : c,
                e == null ? equity : e,
                t == null ? realizedPnlToday : t,
                rate == null ? winRate : Double.valueOf(rate.doubleValue()),
                openTrades, closedTrades, taken == 4 ? "execution" : "mixed");
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
}
