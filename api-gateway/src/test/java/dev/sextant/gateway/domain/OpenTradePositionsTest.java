package dev.sextant.gateway.domain;

import static dev.sextant.gateway.TestEvents.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.contracts.event.OrderPurpose;
import dev.sextant.contracts.event.PositionSide;
import dev.sextant.contracts.id.Symbol;
import dev.sextant.gateway.TestEvents;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpenTradePositionsTest {
    private static final String OPEN_ID = "sx-11111111111111111111111111111111";
    private static final String PARTIAL_ID = "sx-22222222222222222222222222222222";
    private static final String CLOSED_ID = "sx-33333333333333333333333333333333";

    @Test
    void openTradesArePositionsOfTheirRemainingQuantityMarkedToTheLatestPrice() {
        Trade open = TradeLedger.apply(null, TestEvents.entry("ETHUSDT", OPEN_ID, "3000", "2", T0));
        Trade partial = TradeLedger.apply(TradeLedger.apply(null, TestEvents.entry("BTCUSDT", PARTIAL_ID, "67650", "0.2", T0)),
                TestEvents.exit("BTCUSDT", PARTIAL_ID, OrderPurpose.TAKE_PROFIT, "71210", "0.05", "177.5", T0.plusSeconds(60)));
        Trade closed = TradeLedger.apply(TradeLedger.apply(null, TestEvents.entry("BTCUSDT", CLOSED_ID, "60000", "1", T0)),
                TestEvents.exit("BTCUSDT", CLOSED_ID, OrderPurpose.STOP_LOSS, "59000", "1", "-1001", T0.plusSeconds(60)));
        Map<String, BigDecimal> marks = Map.of("BTCUSDT", new BigDecimal("70000"));

        List<PositionView> positions = OpenTradePositions.of(List.of(open, partial, closed),
                (Symbol s) -> marks.get(s.value()));

        assertThat(positions).extracting(PositionView::positionId).containsExactly(PARTIAL_ID, OPEN_ID);
        PositionView btc = positions.get(0);
        assertThat(btc.side()).isEqualTo(PositionSide.LONG);
        assertThat(btc.quantity()).isEqualByComparingTo("0.15");
        assertThat(btc.averageEntryPrice()).isEqualByComparingTo("67650");
        assertThat(btc.markPrice()).isEqualByComparingTo("70000");
        assertThat(btc.unrealizedPnl()).isEqualByComparingTo("352.5"); // (70000 - 67650) x 0.15
        assertThat(btc.realizedPnl()).isEqualByComparingTo("177.5");
        assertThat(btc.fees()).isEqualByComparingTo("1.0"); // 0.5 per fill
        assertThat(btc.openedAt()).isEqualTo(T0);
        assertThat(btc.updatedAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(btc.stopLoss()).isNull();

        PositionView eth = positions.get(1);
        assertThat(eth.quantity()).isEqualByComparingTo("2");
        assertThat(eth.realizedPnl()).isEqualByComparingTo("0");
        assertThat(eth.markPrice()).as("no price known").isNull();
        assertThat(eth.unrealizedPnl()).isNull();
    }
}
