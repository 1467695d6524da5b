package dev.sextant.execution.domain;

import static dev.sextant.execution.domain.TestEvents.CLOCK;
import static dev.sextant.execution.domain.TestEvents.approved;
import static dev.sextant.execution.domain.TestEvents.bd;
import static dev.sextant.execution.domain.TestEvents.candle;
import static dev.sextant.execution.domain.TestEvents.closeRequest;
import static dev.sextant.execution.domain.TestEvents.hour;
import static dev.sextant.execution.domain.TestEvents.settings;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.event.Event;
import dev.sextant.contracts.event.FillExecuted;
import dev.sextant.contracts.event.Liquidity;
import dev.sextant.contracts.event.OrderPurpose;
import dev.sextant.contracts.event.PositionChanged;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The paper exchange with other execution models than the defaults (the defaults are PaperExchangeTest's). */
class PaperExchangeModelsTest {
    private static final ExecutionModels DEFAULTS = ExecutionModels.defaults(settings("0.0005"));

    private static PaperExchange exchange(ExecutionModels models) {
        return new PaperExchange(settings("0.0005"), models, CLOCK);
    }

    private static FillExecuted onlyFill(Effects effects) {
        assertThat(effects.fills()).hasSize(1);
        return effects.fills().get(0);
    }

    @Test
    void theDefaultModelsGiveExactlyTheEventsOfTheHistoricalConstructor() {
        PaperExchange historical = new PaperExchange(settings("0.0005"), CLOCK);
        PaperExchange modelled = exchange(DEFAULTS);
        for (PaperExchange exchange : List.of(historical, modelled)) {
            exchange.onDecision(approved("d-1", 0));
            exchange.onCandle(candle(1, "67650", "68000", "67000", "67900"));
        }
        List<CandleClosed> later = List.of(candle(2, "68000", "71500", "67900", "71300"));
        for (CandleClosed c : later) {
            assertThat(modelled.onCandle(c).events()).isEqualTo(historical.onCandle(c).events());
        }
        assertThat(modelled.account()).isEqualTo(historical.account());
    }

    @Test
    void withALatencyOfTwoCandlesTheEntryFillsOnTheSecondCandleAfterTheDecision() {
        PaperExchange exchange = exchange(DEFAULTS.withLatency(new LatencyModel(2)));
        exchange.onCandle(candle(0, "67500", "67800", "67400", "67650"));
        exchange.onDecision(approved("d-1", 0));
        assertThat(exchange.onCandle(candle(1, "67650", "68000", "67000", "67900")).fills()).isEmpty();
        assertThat(exchange.workingEntries()).hasSize(1);

        FillExecuted fill = onlyFill(exchange.onCandle(candle(2, "67800", "68100", "67700", "68000")));
        // 67,800 × 1.0005 = 67,833.9 at the open of candle 2
        assertThat(fill.price()).isEqualTo(bd("67833.90000000"));
        assertThat(fill.tsEvent()).isEqualTo(hour(2));
        assertThat(exchange.workingEntries()).isEmpty();
    }

    @Test
    void aLateDecisionWithALatencyOfTwoFillsOnTheSecondHeldCandleAndChecksTheLaterOnes() {
        PaperExchange exchange = exchange(DEFAULTS.withLatency(new LatencyModel(2)));
        exchange.onCandle(candle(0, "67500", "67800", "67400", "67650"));
        exchange.onCandle(candle(1, "67650", "68000", "67000", "67900"));
        exchange.onCandle(candle(2, "67800", "68100", "67700", "68000"));
        exchange.onCandle(candle(3, "68000", "71500", "67900", "71400"));

        Effects late = exchange.onDecision(approved("d-1", 0));
        assertThat(late.fills()).extracting(FillExecuted::purpose).containsExactly(OrderPurpose.ENTRY, OrderPurpose.TAKE_PROFIT);
        assertThat(late.fills().get(0).price()).isEqualTo(bd("67833.90000000"));
        assertThat(late.fills().get(0).tsEvent()).isEqualTo(hour(2));
    }

    @Test
    void withTheNextCloseRuleTheEntryFillsAtTheCloseAndTheFillCandleIsNotChecked() {
        PaperExchange exchange = exchange(DEFAULTS.withFillPrice(FillPrices.NEXT_CLOSE));
        exchange.onDecision(approved("d-1", 0));
        // the candle dips to 65,800 (below the stop 65,870) before it closes at 67,900, where we buy
        CandleClosed fillCandle = candle(1, "67650", "68000", "65800", "67900");
        Effects filled = exchange.onCandle(fillCandle);
        FillExecuted fill = onlyFill(filled);
        // 67,900 × 1.0005 = 67,933.95 at the candle's close time
        assertThat(fill.price()).isEqualTo(bd("67933.95000000"));
        assertThat(fill.tsEvent()).isEqualTo(fillCandle.closeTime());
        assertThat(filled.events()).filteredOn(PositionChanged.class::isInstance).singleElement()
                .satisfies(e -> assertThat(((PositionChanged) e).openedAt()).isEqualTo(fillCandle.closeTime()));
        assertThat(exchange.openPositions()).singleElement()
                .satisfies(p -> assertThat(p.lastCheckedOpenTime()).isEqualTo(fillCandle.openTime()));

        // the next candle is checked as usual
        Effects stopped = exchange.onCandle(candle(2, "67800", "67900", "65500", "65900"));
        assertThat(onlyFill(stopped).purpose()).isEqualTo(OrderPurpose.STOP_LOSS);
        assertThat(onlyFill(stopped).price()).isEqualTo(bd("65870.00000000"));
    }

    @Test
    void aCloseRequestAfterANextCloseFillClosesAtTheFollowingOpen() {
        PaperExchange exchange = exchange(DEFAULTS.withFillPrice(FillPrices.NEXT_CLOSE));
        exchange.onDecision(approved("d-1", 0));
        exchange.onCandle(candle(1, "67650", "68000", "67000", "67900"));
        exchange.onCloseRequested(closeRequest("close-1"));
        // candle 2 opens where the fill candle closed (the fixtures' close time is the next open time)
        FillExecuted close = onlyFill(exchange.onCandle(candle(2, "68000", "68100", "67900", "68050")));
        assertThat(close.purpose()).isEqualTo(OrderPurpose.CLOSE);
        assertThat(close.price()).isEqualTo(bd("67966.00000000"));
    }

    @Test
    void withTheTypicalPriceTheFillCandleStopsOutConservativelyButNeverTakesProfit() {
        PaperExchange stopped = exchange(DEFAULTS.withFillPrice(FillPrices.TYPICAL));
        stopped.onDecision(approved("d-1", 0));
        // typical (68,000 + 65,800 + 66,000) / 3 = 66,600 ⇒ × 1.0005 = 66,633.3; the low 65,800 touched the stop 65,870
        Effects effects = stopped.onCandle(candle(1, "67650", "68000", "65800", "66000"));
        assertThat(effects.fills()).extracting(FillExecuted::purpose).containsExactly(OrderPurpose.ENTRY, OrderPurpose.STOP_LOSS);
        assertThat(effects.fills().get(0).price()).isEqualTo(bd("66633.30000000"));
        assertThat(effects.fills().get(1).price()).isEqualTo(bd("65870.00000000"));
        assertThat(stopped.openPositions()).isEmpty();

        PaperExchange notTaken = exchange(DEFAULTS.withFillPrice(FillPrices.TYPICAL));
        notTaken.onDecision(approved("d-1", 0));
        // the high 71,500 passed the target 71,210, perhaps before the fill: not taken on this candle
        Effects entry = notTaken.onCandle(candle(1, "67650", "71500", "67600", "71300"));
        assertThat(entry.fills()).extracting(FillExecuted::purpose).containsExactly(OrderPurpose.ENTRY);
        assertThat(notTaken.openPositions()).hasSize(1);
        // the next candle opens above the target: it exits at that open (gap rule)
        FillExecuted exit = onlyFill(notTaken.onCandle(candle(2, "71400", "71600", "71300", "71500")));
        assertThat(exit.purpose()).isEqualTo(OrderPurpose.TAKE_PROFIT);
        assertThat(exit.price()).isEqualTo(bd("71400.00000000"));
    }

    @Test
    void aTypicalFillAlreadyBelowTheStopIsStoppedOutAtTheFillsMarketPrice() {
        PaperExchange exchange = exchange(DEFAULTS.withFillPrice(FillPrices.TYPICAL));
        exchange.onDecision(approved("d-1", 0));
        // typical (66,000 + 65,000 + 65,300) / 3 = 65,433.33333333, below the stop 65,870
        Effects effects = exchange.onCandle(candle(1, "66000", "66000", "65000", "65300"));
        assertThat(effects.fills()).extracting(FillExecuted::purpose).containsExactly(OrderPurpose.ENTRY, OrderPurpose.STOP_LOSS);
        assertThat(effects.fills().get(1).price()).isEqualTo(bd("65433.33333333"));
    }

    @Test
    void theMakerTakerModelChargesTheTakeProfitAtTheMakerRateAndSaysSo() {
        PaperExchange exchange = exchange(DEFAULTS.withFees(new MakerTakerFee(bd("0.0002"), bd("0.001"))));
        exchange.onDecision(approved("d-1", 0));
        FillExecuted entry = onlyFill(exchange.onCandle(candle(1, "67650", "68000", "67000", "67900")));
        assertThat(entry.liquidity()).isEqualTo(Liquidity.TAKER);
        assertThat(entry.fee()).isEqualTo(bd("7.60766193"));

        Effects exit = exchange.onCandle(candle(2, "68000", "71500", "67900", "71300"));
        FillExecuted takeProfit = onlyFill(exit);
        assertThat(takeProfit.liquidity()).isEqualTo(Liquidity.MAKER);
        // 71,210 × 0.1124 × 0.0002 = 1.6008008
        assertThat(takeProfit.fee()).isEqualTo(bd("1.60080080"));
        // gross 396.34207 − 7.60766193 − 1.6008008 = 387.13360727
        assertThat(takeProfit.realizedPnl()).isEqualTo(bd("387.13360727"));
        assertThat(exit.trades()).singleElement().satisfies(t -> assertThat(t.exitFee()).isEqualTo(bd("1.60080080")));
    }

    @Test
    void volumeSlippageUsesTheFillCandlesVolume() {
        PaperExchange exchange = exchange(DEFAULTS.withSlippage(new VolumeSlippage(bd("0.1"), bd("0.01"))));
        exchange.onDecision(approved("d-1", 0));
        // the fixtures' candles trade 12.5 BTC: 0.1 × 0.1124 / 12.5 = 0.0008992 ⇒ 67,650 × 1.0008992
        FillExecuted entry = onlyFill(exchange.onCandle(candle(1, "67650", "68000", "67000", "67900")));
        assertThat(entry.price()).isEqualTo(bd("67710.83088000"));
    }

    @Test
    void fixedSlippageAppliesToEntriesAndClosesButNotToProtectiveExits() {
        PaperExchange exchange = exchange(DEFAULTS.withSlippage(new FixedSlippage(bd("5"))));
        exchange.onDecision(approved("d-1", 0));
        assertThat(onlyFill(exchange.onCandle(candle(1, "67650", "68000", "67000", "67900"))).price())
                .isEqualTo(bd("67655.00000000"));
        exchange.onCloseRequested(closeRequest("close-1"));
        assertThat(onlyFill(exchange.onCandle(candle(2, "68000", "68100", "67900", "68050"))).price())
                .isEqualTo(bd("67995.00000000"));

        PaperExchange stops = exchange(DEFAULTS.withSlippage(new FixedSlippage(bd("5"))));
        stops.onDecision(approved("d-1", 0));
        stops.onCandle(candle(1, "67650", "68000", "67000", "67900"));
        assertThat(onlyFill(stops.onCandle(candle(2, "67000", "67100", "65500", "65900"))).price())
                .isEqualTo(bd("65870.00000000"));
    }

    @Test
    void theModelsAreKeptByARestoredExchange() {
        ExecutionModels models = DEFAULTS.withLatency(new LatencyModel(2));
        PaperExchange exchange = exchange(models);
        exchange.onCandle(candle(0, "67500", "67800", "67400", "67650"));
        exchange.onDecision(approved("d-1", 0));
        exchange.onCandle(candle(1, "67650", "68000", "67000", "67900"));
        PaperExchange restored = PaperExchange.restore(settings("0.0005"), models, CLOCK, Portfolio.fresh(bd("10000")),
                exchange.workingEntries(), List.of(), exchange.recentCandles(), List.of());
        assertThat(restored.models()).isEqualTo(models);
        List<Event> events = restored.onCandle(candle(2, "67800", "68100", "67700", "68000")).events();
        assertThat(events).filteredOn(FillExecuted.class::isInstance).singleElement()
                .satisfies(e -> assertThat(((FillExecuted) e).price()).isEqualTo(bd("67833.90000000")));
    }
}
