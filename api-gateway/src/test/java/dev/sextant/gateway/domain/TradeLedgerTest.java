package dev.sextant.gateway.domain;

import static dev.sextant.gateway.TestEvents.T0;
import static dev.sextant.gateway.TestEvents.entry;
import static dev.sextant.gateway.TestEvents.exit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sextant.contracts.event.OrderPurpose;
import dev.sextant.contracts.event.PositionSide;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class TradeLedgerTest {
    private static final String POS = "sx-0123456789abcdef0123456789abcdef";

    @Test
    void entryOpensATrade() {
        Trade trade = TradeLedger.apply(null, entry("BTCUSDT", POS, "67650", "0.1124", T0));

        assertThat(trade.status()).isEqualTo(TradeStatus.OPEN);
        assertThat(trade.side()).isEqualTo(PositionSide.LONG);
        assertThat(trade.entryPrice()).isEqualByComparingTo("67650");
        assertThat(trade.quantity()).isEqualByComparingTo("0.1124");
        assertThat(trade.entryTime()).isEqualTo(T0);
        assertThat(trade.exitPrice()).isNull();
        assertThat(trade.realizedPnl()).isNull();
        assertThat(trade.isWin()).isFalse();
    }

    @Test
    void takeProfitClosesItWithTheRealizedPnl() {
        Trade open = TradeLedger.apply(null, entry("BTCUSDT", POS, "67650", "0.1124", T0));
        Trade closed = TradeLedger.apply(open,
                exit("BTCUSDT", POS, OrderPurpose.TAKE_PROFIT, "71210", "0.1124", "399.14", T0.plusSeconds(3600)));

        assertThat(closed.status()).isEqualTo(TradeStatus.CLOSED);
        assertThat(closed.exitPrice()).isEqualByComparingTo("71210");
        assertThat(closed.exitReason()).isEqualTo("TAKE_PROFIT");
        assertThat(closed.exitTime()).isEqualTo(T0.plusSeconds(3600));
        assertThat(closed.realizedPnl()).isEqualByComparingTo("399.14");
        assertThat(closed.entryFee().add(closed.exitFee())).isEqualByComparingTo("1.0");
        assertThat(closed.isWin()).isTrue();
        // 399.14 / (67650 x 0.1124)
        assertThat(closed.realizedReturn().doubleValue()).isCloseTo(0.05249, org.assertj.core.data.Offset.offset(1e-5));
    }

    @Test
    void partialExitsKeepItOpenAndAverageTheExitPrice() {
        Trade open = TradeLedger.apply(null, entry("BTCUSDT", POS, "100", "2", T0));
        Trade half = TradeLedger.apply(open, exit("BTCUSDT", POS, OrderPurpose.CLOSE, "110", "1", "9", T0.plusSeconds(60)));
        assertThat(half.status()).isEqualTo(TradeStatus.OPEN);

        Trade all = TradeLedger.apply(half, exit("BTCUSDT", POS, OrderPurpose.STOP_LOSS, "90", "1", "-11", T0.plusSeconds(120)));
        assertThat(all.status()).isEqualTo(TradeStatus.CLOSED);
        assertThat(all.exitPrice()).isEqualByComparingTo("100");
        assertThat(all.exitQuantity()).isEqualByComparingTo("2");
        assertThat(all.realizedPnl()).isEqualByComparingTo("-2");
        assertThat(all.exitReason()).isEqualTo("STOP_LOSS");
        assertThat(all.isWin()).isFalse();
    }

    @Test
    void anExitSeenBeforeItsEntryIsCompletedByTheEntry() {
        Trade exitOnly = TradeLedger.apply(null,
                exit("BTCUSDT", POS, OrderPurpose.STOP_LOSS, "65870", "0.1124", "-201.07", T0.plusSeconds(600)));
        assertThat(exitOnly.status()).isEqualTo(TradeStatus.CLOSED);
        assertThat(exitOnly.side()).isEqualTo(PositionSide.LONG);
        assertThat(exitOnly.entryPrice()).isNull();

        Trade complete = TradeLedger.apply(exitOnly, entry("BTCUSDT", POS, "67650", "0.1124", T0));
        assertThat(complete.status()).isEqualTo(TradeStatus.CLOSED);
        assertThat(complete.entryPrice()).isEqualByComparingTo("67650");
        assertThat(complete.entryTime()).isEqualTo(T0);
        assertThat(complete.realizedPnl()).isEqualByComparingTo("-201.07");
    }

    @Test
    void aSecondEntryFillAveragesTheEntryPrice() {
        Trade first = TradeLedger.apply(null, entry("BTCUSDT", POS, "100", "1", T0));
        Trade second = TradeLedger.apply(first, entry("BTCUSDT", POS, "106", "2", T0.plusSeconds(1)));

        assertThat(second.quantity()).isEqualByComparingTo("3");
        assertThat(second.entryPrice()).isEqualByComparingTo("104");
        assertThat(second.entryFee()).isEqualByComparingTo(new BigDecimal("1.0"));
        assertThat(second.entryTime()).isEqualTo(T0);
    }

    @Test
    void refusesAFillOfAnotherPosition() {
        Trade open = TradeLedger.apply(null, entry("BTCUSDT", POS, "100", "1", T0));
        assertThatThrownBy(() -> TradeLedger.apply(open, entry("BTCUSDT", "sx-other", "100", "1", T0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sx-other");
    }
}
