package dev.sextant.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AccountSummaryTest {
    private static final TradeTotals TOTALS =
            new TradeTotals(1, 4, 3, new BigDecimal("450.50"), new BigDecimal("127.50"));

    @Test
    void computedFromTheTradeProjection() {
        AccountSummary a = AccountSummary.computed(new BigDecimal("10000"), TOTALS, new BigDecimal("65.60"));

        assertThat(a.capital()).isEqualByComparingTo("10450.50");
        assertThat(a.equity()).isEqualByComparingTo("10516.10");
        assertThat(a.realizedPnlToday()).isEqualByComparingTo("127.50");
        assertThat(a.winRate()).isEqualTo(0.75);
        assertThat(a.openTrades()).isEqualTo(1);
        assertThat(a.closedTrades()).isEqualTo(4);
        assertThat(a.source()).isEqualTo("gateway");
    }

    @Test
    void noWinRateBeforeTheFirstClosedTrade() {
        AccountSummary a = AccountSummary.computed(new BigDecimal("10000"), TradeTotals.NONE, null);
        assertThat(a.winRate()).isNull();
        assertThat(a.equity()).isEqualByComparingTo("10000");
    }

    @Test
    void executionServicesSummaryWinsFieldByField() {
        AccountSummary computed = AccountSummary.computed(new BigDecimal("10000"), TOTALS, BigDecimal.ZERO);

        AccountSummary all = computed.overriddenBy(Map.of("capital", new BigDecimal("9800"), "equity", 9850.25,
                "realizedPnlToday", "-200", "winRate", new BigDecimal("0.5")));
        assertThat(all.capital()).isEqualByComparingTo("9800");
        assertThat(all.equity()).isEqualByComparingTo("9850.25");
        assertThat(all.realizedPnlToday()).isEqualByComparingTo("-200");
        assertThat(all.winRate()).isEqualTo(0.5);
        assertThat(all.source()).isEqualTo("execution");

        AccountSummary some = computed.overriddenBy(Map.of("equity", "10100", "winRate", 54.2, "note", "x"));
        assertThat(some.capital()).isEqualByComparingTo("10450.50");
        assertThat(some.equity()).isEqualByComparingTo("10100");
        assertThat(some.winRate()).isEqualTo(0.542);
        assertThat(some.source()).isEqualTo("mixed");

        assertThat(computed.overriddenBy(Map.of("unrelated", 1))).isEqualTo(computed);
    }
}
