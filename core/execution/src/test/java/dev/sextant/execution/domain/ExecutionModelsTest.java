package dev.sextant.execution.domain;

import static dev.sextant.execution.domain.TestEvents.bd;
import static dev.sextant.execution.domain.TestEvents.candle;
import static dev.sextant.execution.domain.TestEvents.hour;
import static dev.sextant.execution.domain.TestEvents.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.event.Liquidity;
import dev.sextant.contracts.event.OrderPurpose;
import dev.sextant.contracts.event.Side;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Each execution model on its own: prices, fees, fill candles, their text forms and their refusals. */
class ExecutionModelsTest {
    private static final BigDecimal QTY = bd("0.1124");

    @Test
    void proportionalSlippageMovesThePriceByItsRateAgainstTheOrder() {
        SlippageModel model = SlippageModel.proportional(bd("0.0005"));
        assertThat(model.fillPrice(Side.BUY, bd("67650"), QTY, bd("12.5"))).isEqualTo(bd("67683.82500000"));
        assertThat(model.fillPrice(Side.SELL, bd("67650"), QTY, null)).isEqualTo(bd("67616.17500000"));
        assertThat(model.spec()).isEqualTo("proportional:rate=0.0005");
    }

    @Test
    void fixedSlippageMovesThePriceByAFixedAmountAndNeverSellsAtZero() {
        SlippageModel model = new FixedSlippage(bd("2.5"));
        assertThat(model.fillPrice(Side.BUY, bd("67650"), QTY, bd("12.5"))).isEqualTo(bd("67652.50000000"));
        assertThat(model.fillPrice(Side.SELL, bd("67650"), QTY, bd("12.5"))).isEqualTo(bd("67647.50000000"));
        assertThat(model.fillPrice(Side.SELL, bd("2"), QTY, null)).isEqualTo(bd("0.00000001"));
        assertThat(model.spec()).isEqualTo("fixed:amount=2.5");
    }

    @Test
    void volumeSlippageGrowsWithTheOrdersShareOfTheCandleAndStopsAtItsCap() {
        VolumeSlippage model = new VolumeSlippage(bd("0.1"), bd("0.01"));
        // 0.1 × 0.1124 / 12.5 = 0.0008992 ⇒ 67,650 × 1.0008992 = 67,710.83088
        assertThat(model.fraction(QTY, bd("12.5"))).isEqualByComparingTo("0.0008992");
        assertThat(model.fillPrice(Side.BUY, bd("67650"), QTY, bd("12.5"))).isEqualTo(bd("67710.83088000"));
        assertThat(model.fillPrice(Side.SELL, bd("67650"), QTY, bd("12.5"))).isEqualTo(bd("67589.16912000"));
        // an order of the candle's whole volume would pay 10 %: capped at 1 %
        assertThat(model.fillPrice(Side.BUY, bd("67650"), bd("12.5"), bd("12.5"))).isEqualTo(bd("68326.50000000"));
        // no volume (or not known yet, the pre-trade check): the cap
        assertThat(model.fraction(QTY, bd("0"))).isEqualByComparingTo("0.01");
        assertThat(model.fraction(QTY, null)).isEqualByComparingTo("0.01");
        assertThat(model.spec()).isEqualTo("volume:impact=0.1,cap=0.01");
    }

    @Test
    void theTakerFeeChargesEveryFillAsATaker() {
        FeeModel fees = FeeModel.taker(bd("0.001"));
        for (OrderPurpose purpose : OrderPurpose.values()) {
            assertThat(fees.liquidity(purpose)).isEqualTo(Liquidity.TAKER);
        }
        // 67,683.825 × 0.1124 × 0.001 = 7.60766193 (the paper venue's worked example)
        assertThat(fees.fee(OrderPurpose.ENTRY, bd("67683.82500000"), QTY)).isEqualTo(bd("7.60766193"));
        assertThat(fees.spec()).isEqualTo("taker:rate=0.001");
    }

    @Test
    void makerTakerChargesTheTakeProfitAsAMakerAndEverythingElseAsATaker() {
        FeeModel fees = new MakerTakerFee(bd("0.0002"), bd("0.001"));
        assertThat(fees.liquidity(OrderPurpose.TAKE_PROFIT)).isEqualTo(Liquidity.MAKER);
        assertThat(fees.liquidity(OrderPurpose.ENTRY)).isEqualTo(Liquidity.TAKER);
        assertThat(fees.liquidity(OrderPurpose.STOP_LOSS)).isEqualTo(Liquidity.TAKER);
        assertThat(fees.liquidity(OrderPurpose.CLOSE)).isEqualTo(Liquidity.TAKER);
        // 71,210 × 0.1124 = 8,004.004: maker 1.6008008, taker 8.004004
        assertThat(fees.fee(OrderPurpose.TAKE_PROFIT, bd("71210"), QTY)).isEqualTo(bd("1.60080080"));
        assertThat(fees.fee(OrderPurpose.STOP_LOSS, bd("71210"), QTY)).isEqualTo(bd("8.00400400"));
        assertThat(fees.spec()).isEqualTo("maker-taker:maker=0.0002,taker=0.001");
    }

    @Test
    void theFillPriceRulesPickTheOpenTheCloseOrTheTypicalPriceOfTheFillCandle() {
        CandleClosed c = candle(1, "67650", "68000", "67000", "67900");
        assertThat(FillPrices.NEXT_OPEN.price(c)).isEqualTo(bd("67650"));
        assertThat(FillPrices.NEXT_OPEN.fillTime(c)).isEqualTo(hour(1));
        assertThat(FillPrices.NEXT_OPEN.fillCandleCheck()).isEqualTo(FillPriceRule.FillCandleCheck.WHOLE_CANDLE);
        assertThat(FillPrices.NEXT_CLOSE.price(c)).isEqualTo(bd("67900"));
        assertThat(FillPrices.NEXT_CLOSE.fillTime(c)).isEqualTo(c.closeTime());
        assertThat(FillPrices.NEXT_CLOSE.fillCandleCheck()).isEqualTo(FillPriceRule.FillCandleCheck.NONE);
        // (68,000 + 67,000 + 67,900) / 3 = 67,633.333333333… ⇒ 8 places, half-even
        assertThat(FillPrices.TYPICAL.price(c)).isEqualTo(bd("67633.33333333"));
        assertThat(FillPrices.TYPICAL.fillTime(c)).isEqualTo(c.closeTime());
        assertThat(FillPrices.TYPICAL.fillCandleCheck()).isEqualTo(FillPriceRule.FillCandleCheck.STOP_ONLY);
    }

    @Test
    void theDefaultsAreTheVenuesHistoricalModelsWithTheSettingsRates() {
        ExecutionModels models = ExecutionModels.defaults(settings("0.0005"));
        assertThat(models).isEqualTo(new ExecutionModels(new ProportionalSlippage(bd("0.0005")), new TakerFee(bd("0.001")),
                FillPrices.NEXT_OPEN, new LatencyModel(1)));
        assertThat(models.describe()).containsExactly(
                org.assertj.core.api.Assertions.entry("slippage-model", "proportional:rate=0.0005"),
                org.assertj.core.api.Assertions.entry("fee-model", "taker:rate=0.001"),
                org.assertj.core.api.Assertions.entry("fill-price", "next-open"),
                org.assertj.core.api.Assertions.entry("latency-candles", "1"));
        assertThat(ExecutionModels.parse(settings("0.0005"), null, null, null, null, ExecutionModels.Names.OPTIONS))
                .isEqualTo(models);
        assertThat(ExecutionModels.parse(settings("0.0005"), "proportional", "taker", "next-open", "1",
                ExecutionModels.Names.OPTIONS)).isEqualTo(models);
    }

    @ParameterizedTest
    @ValueSource(strings = {"proportional:rate=0.0003", "fixed:amount=0.5", "volume:impact=0.1,cap=0.005"})
    void aSlippageModelReadsBackItsOwnTextForm(String text) {
        SlippageModel model = SlippageModel.parse("--slippage-model", text, bd("0.0005"));
        assertThat(model.spec()).isEqualTo(text);
        assertThat(SlippageModel.parse("--slippage-model", model.spec(), bd("0.0005"))).isEqualTo(model);
    }

    @ParameterizedTest
    @ValueSource(strings = {"taker:rate=0.00075", "maker-taker:maker=0.0002,taker=0.0004"})
    void aFeeModelReadsBackItsOwnTextForm(String text) {
        FeeModel model = FeeModel.parse("--fee-model", text, bd("0.001"));
        assertThat(model.spec()).isEqualTo(text);
        assertThat(FeeModel.parse("--fee-model", model.spec(), bd("0.001"))).isEqualTo(model);
    }

    @Test
    void omittedParametersTakeTheSettingsRatesOrTheDocumentedDefault() {
        assertThat(SlippageModel.parse("--slippage-model", "volume:impact=0.2", bd("0.0005")))
                .isEqualTo(new VolumeSlippage(bd("0.2"), bd("0.01")));
        assertThat(FeeModel.parse("--fee-model", "maker-taker:maker=0", bd("0.001")))
                .isEqualTo(new MakerTakerFee(bd("0"), bd("0.001")));
        assertThat(FillPriceRule.parse("--fill-price", " next-close ")).isEqualTo(FillPrices.NEXT_CLOSE);
        assertThat(LatencyModel.parse("--latency-candles", "3")).isEqualTo(new LatencyModel(3));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "unknown slippage|slippage|cubic|unknown --slippage-model 'cubic': use one of proportional, fixed, volume",
        "slippage parameter|slippage|fixed:ticks=3|model fixed has no parameter 'ticks' (it takes amount)",
        "required parameter|slippage|volume|model volume needs impact=VALUE, e.g. volume:impact=0.1,cap=0.01",
        "not a number|slippage|fixed:amount=lots|fixed parameter amount must be a decimal number, got 'lots'",
        "not key=value|slippage|volume:0.1|write parameters as key=value",
        "negative amount|slippage|fixed:amount=-1|fixed slippage amount must be a price amount >= 0",
        "cap too large|slippage|volume:impact=1,cap=0.5|volume slippage cap must be a fraction in [0, 0.1)",
        "rate too large|slippage|proportional:rate=0.2|proportional slippage rate must be a fraction in [0, 0.1)",
        "unknown fee|fees|tiered|unknown --fee-model 'tiered': use one of taker, maker-taker",
        "maker needed|fees|maker-taker|model maker-taker needs maker=VALUE",
        "negative fee|fees|taker:rate=-0.001|taker fee rate must be a fraction of notional in [0, 0.1)",
        "unknown fill|fill|vwap|unknown --fill-price 'vwap': use one of next-open, next-close, typical",
        "fill parameter|fill|next-open:x=1|model next-open has no parameter 'x' (it takes none)",
        "latency zero|latency|0|--latency-candles: latency must be a whole number of candles in [1, 1000]",
        "latency text|latency|soon|--latency-candles must be a whole number of candles >= 1, got 'soon'"})
    void aBadModelIsRefusedWithASentenceSayingWhatToWrite(String what, String which, String text, String message) {
        ExecutionSettings s = settings("0.0005");
        assertThatThrownBy(() -> ExecutionModels.parse(s, which.equals("slippage") ? text : null, which.equals("fees") ? text : null,
                which.equals("fill") ? text : null, which.equals("latency") ? text : null, ExecutionModels.Names.OPTIONS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void aLatencyTheCandleWindowCannotCountIsRefused() {
        ExecutionModels models = ExecutionModels.defaults(settings("0.0005")).withLatency(new LatencyModel(50));
        assertThatThrownBy(() -> new PaperExchange(settings("0.0005"), models, TestEvents.CLOCK))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a latency of 50 candles needs a candle window of more than 50 candles");
    }
}
