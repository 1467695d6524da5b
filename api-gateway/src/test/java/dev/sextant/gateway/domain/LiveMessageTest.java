package dev.sextant.gateway.domain;

import static dev.sextant.gateway.TestEvents.T0;
import static dev.sextant.gateway.TestEvents.candle;
import static dev.sextant.gateway.TestEvents.entry;
import static dev.sextant.gateway.TestEvents.exit;
import static dev.sextant.gateway.TestEvents.prediction;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.contracts.event.OrderPurpose;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LiveMessageTest {
    private static final String POS = "sx-0123456789abcdef0123456789abcdef";

    @Test
    void entryFillIsTradeOpenedExitFillIsTradeClosed() {
        var entryFill = entry("BTCUSDT", POS, "100", "1", T0);
        Trade open = TradeLedger.apply(null, entryFill);
        LiveMessage opened = LiveMessage.trade(open, entryFill);
        assertThat(opened.type()).isEqualTo("trade_opened");
        assertThat(((TradeView) ((Map<?, ?>) opened.data()).get("trade")).status()).isEqualTo(TradeStatus.OPEN);

        var exitFill = exit("BTCUSDT", POS, OrderPurpose.TAKE_PROFIT, "110", "1", "9", T0.plusSeconds(60));
        LiveMessage closed = LiveMessage.trade(TradeLedger.apply(open, exitFill), exitFill);
        assertThat(closed.type()).isEqualTo("trade_closed");
        FillSummary fill = (FillSummary) ((Map<?, ?>) closed.data()).get("fill");
        assertThat(fill.realizedPnl()).isEqualByComparingTo("9");
        assertThat(fill.purpose()).isEqualTo("TAKE_PROFIT");
    }

    @Test
    void viewsCarryTheChartAndPredictionFields() {
        CandleView c = CandleView.of(candle("BTCUSDT", 3, "67650.5"));
        assertThat(LiveMessage.priceUpdate(c).type()).isEqualTo("price_update");
        assertThat(c.interval()).isEqualTo("1m");
        assertThat(c.openTime()).isEqualTo(T0.plusSeconds(180));
        assertThat(c.close()).isEqualByComparingTo("67650.5");

        PredictionView up = PredictionView.of(prediction("BTCUSDT", 3, 0.67));
        assertThat(up.direction()).isEqualTo("UP");
        assertThat(up.confidence()).isEqualTo(0.67);
        assertThat(PredictionView.of(prediction("BTCUSDT", 3, 0.2)).direction()).isEqualTo("DOWN");
    }
}
