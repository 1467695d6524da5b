package dev.sextant.gateway.domain;

import static dev.sextant.gateway.TestEvents.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.contracts.event.PositionSide;
import dev.sextant.gateway.TestEvents;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AccountSummaryTest {
    private static final LocalDate DAY = LocalDate.parse("2025-06-14");
    private static final TradeTotals TOTALS =
            new TradeTotals(1, 4, 3, new BigDecimal("450.50"), new BigDecimal("127.50"), DAY);

    /** LONG 0.1124 from 67650 marked at 68233.63: unrealized 65.600012 (fees aside). */
    private static PositionView openLong() {
        return PositionView.of(TestEvents.longPosition("BTCUSDT", "sx-eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee", "0.1124", "67650", T0),
                new BigDecimal("68233.63"));
    }

    /** The JSON execution-service writes to latest:account (LatestStateWriter), as the gateway reads it. */
    private static Map<String, Object> executionAccount(String equity, String today, String pnlDay) {
        Map<String, Object> json = new HashMap<>();
        json.put("capital", new BigDecimal("10000.00000000"));       // its starting capital
        json.put("cash", new BigDecimal("2700.00000000"));           // after paying for the open position
        json.put("equity", new BigDecimal(equity));                   // cash + position at the last close
        json.put("realizedPnl", new BigDecimal("-700.00000000"));
        json.put("realizedPnlToday", new BigDecimal(today));
        json.put("pnlDay", pnlDay);
        json.put("openPositions", 1);
        json.put("tradesClosed", 10);
        json.put("wins", 4);
        json.put("winRate", new BigDecimal("0.4000"));
        return json;
    }

    @Test
    void computedFromTheTradeProjectionAndOpenPositions() {
        AccountSummary a = AccountSummary.computed(new BigDecimal("10000"), TOTALS, List.of(openLong()));

        assertThat(a.initialCapital()).isEqualByComparingTo("10000");
        assertThat(a.capital()).isEqualByComparingTo("10450.50");
        assertThat(a.unrealizedPnl()).isEqualByComparingTo("65.600012");
        assertThat(a.equity()).isEqualByComparingTo("10516.100012");
        assertThat(a.markPrices()).containsOnlyKeys("BTCUSDT");
        assertThat(a.markPrices().get("BTCUSDT")).isEqualByComparingTo("68233.63");
        assertThat(a.realizedPnlToday()).isEqualByComparingTo("127.50");
        assertThat(a.pnlDay()).isEqualTo(DAY);
        assertThat(a.winRate()).isEqualTo(0.75);
        assertThat(a.openTrades()).isEqualTo(1);
        assertThat(a.closedTrades()).isEqualTo(4);
        assertThat(a.source()).isEqualTo("gateway");
    }

    @Test
    void noWinRateBeforeTheFirstClosedTrade() {
        AccountSummary a = AccountSummary.computed(new BigDecimal("10000"), TradeTotals.NONE, List.of());
        assertThat(a.winRate()).isNull();
        assertThat(a.equity()).isEqualByComparingTo("10000");
        assertThat(a.capital()).isEqualByComparingTo("10000");
        assertThat(a.pnlDay()).isNull();
        assertThat(a.markPrices()).isEmpty();
    }

    @Test
    void executionsEquityIsAlreadyMarkedToMarketAndIsTakenAsIs() {
        AccountSummary computed = AccountSummary.computed(new BigDecimal("10000"), TOTALS, List.of(openLong()));

        AccountSummary a = computed.overriddenBy(executionAccount("9337.30", "-42.10", "2025-06-14"));

        // capital is cash-basis equity: starting capital + realized P&L, not execution's starting capital
        assertThat(a.initialCapital()).isEqualByComparingTo("10000");
        assertThat(a.realizedPnl()).isEqualByComparingTo("-700");
        assertThat(a.capital()).isEqualByComparingTo("9300");
        // equity includes the open position at execution's last close: no unrealized P&L added on top
        assertThat(a.equity()).isEqualByComparingTo("9337.30");
        assertThat(a.unrealizedPnl()).isEqualByComparingTo("37.30");
        assertThat(a.markPrices().get("BTCUSDT")).isEqualByComparingTo("68233.63");
        assertThat(a.realizedPnlToday()).isEqualByComparingTo("-42.10");
        assertThat(a.pnlDay()).isEqualTo(DAY);
        assertThat(a.winRate()).isEqualTo(0.4);
        assertThat(a.source()).isEqualTo("execution");
    }

    @Test
    void todayFromAnEarlierMarketDayThanTheGatewaysIsNotToday() {
        TradeTotals nextDay = new TradeTotals(0, 4, 3, new BigDecimal("450.50"), new BigDecimal("12.00"), DAY.plusDays(1));
        AccountSummary computed = AccountSummary.computed(new BigDecimal("10000"), nextDay, List.of());

        AccountSummary stale = computed.overriddenBy(executionAccount("9300", "-42.10", "2025-06-14"));
        assertThat(stale.realizedPnlToday()).isEqualByComparingTo("12.00");
        assertThat(stale.pnlDay()).isEqualTo(DAY.plusDays(1));
        assertThat(stale.source()).isEqualTo("mixed");

        AccountSummary ahead = computed.overriddenBy(executionAccount("9300", "-5", "2025-06-16"));
        assertThat(ahead.realizedPnlToday()).isEqualByComparingTo("-5");
        assertThat(ahead.pnlDay()).isEqualTo(DAY.plusDays(2));
    }

    @Test
    void fieldsExecutionLacksAreComputed() {
        AccountSummary computed = AccountSummary.computed(new BigDecimal("10000"), TOTALS, List.of(openLong()));

        AccountSummary some = computed.overriddenBy(Map.of("realizedPnlToday", "-200", "winRate", 54.2, "note", "x"));
        assertThat(some.capital()).isEqualByComparingTo("10450.50");
        assertThat(some.equity()).isEqualByComparingTo("10516.100012");
        assertThat(some.realizedPnlToday()).isEqualByComparingTo("-200");
        assertThat(some.pnlDay()).isEqualTo(DAY);
        assertThat(some.winRate()).isEqualTo(0.542);
        assertThat(some.source()).isEqualTo("mixed");

        AccountSummary noEquity = computed.overriddenBy(Map.of("capital", "5000", "realizedPnl", "100"));
        assertThat(noEquity.capital()).isEqualByComparingTo("5100");
        assertThat(noEquity.equity()).isEqualByComparingTo("5165.600012");

        assertThat(computed.overriddenBy(Map.of("unrelated", 1))).isEqualTo(computed);
    }

    @Test
    void noWinRateWhileExecutionHasClosedNoTrade() {
        Map<String, Object> fresh = executionAccount("10000", "0", "2025-06-14");
        fresh.put("tradesClosed", 0);
        fresh.put("winRate", new BigDecimal("0.0000"));

        assertThat(AccountSummary.computed(new BigDecimal("10000"), TradeTotals.NONE, List.of())
                .overriddenBy(fresh).winRate()).isNull();
    }

    @Test
    void aFlatPositionAddsNothing() {
        PositionView flat = new PositionView("ETHUSDT", "p", PositionSide.FLAT, BigDecimal.ZERO, null, null, null,
                BigDecimal.ONE, BigDecimal.ZERO, T0, T0, T0, new BigDecimal("3000"), BigDecimal.ZERO, null);
        AccountSummary a = AccountSummary.computed(new BigDecimal("10000"), TradeTotals.NONE, List.of(flat));
        assertThat(a.equity()).isEqualByComparingTo("10000");
        assertThat(a.markPrices()).isEmpty();
    }
}
