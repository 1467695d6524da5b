package dev.sextant.execution.domain;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The paper exchange's execution models: how a market order's price slips, what fills pay, where on
 * its candle a market entry fills, and on which candle. {@link #defaults(ExecutionSettings)} is the
 * venue's historical behaviour (proportional slippage of the {@code slippage} setting, the taker fee of
 * the {@code taker-fee} setting on every fill, the next candle's open), and gives exactly the fills,
 * prices, fees and event ids the paper exchange gave before the models were pluggable.
 *
 * <p>When a {@link PaperExchange} is given models, the models decide the prices and fees; the
 * settings' {@code slippage} and {@code taker-fee} only feed {@link #defaults(ExecutionSettings)} and
 * the {@code parse} methods' defaults.
 *
 * @param slippage  market orders' slippage (entries, closes on request)
 * @param fees      every fill's fee and liquidity
 * @param fillPrice where on its fill candle a market entry fills, and how that candle is checked
 * @param latency   on which candle after the decision's a market entry fills
 */
public record ExecutionModels(SlippageModel slippage, FeeModel fees, FillPriceRule fillPrice, LatencyModel latency) {

    public ExecutionModels {
        Objects.requireNonNull(slippage, "execution models need a slippage model (e.g. SlippageModel.proportional)");
        Objects.requireNonNull(fees, "execution models need a fee model (e.g. FeeModel.taker)");
        Objects.requireNonNull(fillPrice, "execution models need a fill-price rule (e.g. FillPriceRule.nextOpen())");
        Objects.requireNonNull(latency, "execution models need a latency (e.g. LatencyModel.nextCandle())");
    }

    /** The venue's historical models with the rates of {@code settings}. */
    public static ExecutionModels defaults(ExecutionSettings settings) {
        return new ExecutionModels(SlippageModel.proportional(settings.slippage()), FeeModel.taker(settings.takerFeeRate()),
                FillPriceRule.nextOpen(), LatencyModel.nextCandle());
    }

    /**
     * The models written as text (the backtester's options, execution-service's settings); a null
     * text is the default. The settings' {@code slippage} and {@code taker-fee} are the rates of
     * {@code proportional} and {@code taker} when those are written without one.
     *
     * @throws IllegalArgumentException naming the option and what to write
     */
    public static ExecutionModels parse(ExecutionSettings settings, String slippage, String fees, String fillPrice,
                                        String latency, Names names) {
        return new ExecutionModels(
                slippage == null ? SlippageModel.proportional(settings.slippage())
                        : SlippageModel.parse(names.slippage(), slippage, settings.slippage()),
                fees == null ? FeeModel.taker(settings.takerFeeRate()) : FeeModel.parse(names.fees(), fees, settings.takerFeeRate()),
                fillPrice == null ? FillPriceRule.nextOpen() : FillPriceRule.parse(names.fillPrice(), fillPrice),
                latency == null ? LatencyModel.nextCandle() : LatencyModel.parse(names.latency(), latency));
    }

    /** What the four texts are called where they come from, for error messages. */
    public record Names(String slippage, String fees, String fillPrice, String latency) {
        /** The backtester's options. */
        public static final Names OPTIONS = new Names("--slippage-model", "--fee-model", "--fill-price", "--latency-candles");
        /** execution-service's settings. */
        public static final Names SETTINGS = new Names("sextant.execution.slippage-model", "sextant.execution.fee-model",
                "sextant.execution.fill-price", "sextant.execution.latency-candles");
    }

    public ExecutionModels withSlippage(SlippageModel model) {
        return new ExecutionModels(model, fees, fillPrice, latency);
    }

    public ExecutionModels withFees(FeeModel model) {
        return new ExecutionModels(slippage, model, fillPrice, latency);
    }

    public ExecutionModels withFillPrice(FillPriceRule rule) {
        return new ExecutionModels(slippage, fees, rule, latency);
    }

    public ExecutionModels withLatency(LatencyModel model) {
        return new ExecutionModels(slippage, fees, fillPrice, model);
    }

    /**
     * Fails when the models cannot run with {@code settings}: the paper exchange counts the candles
     * after a decision in its candle window, so the latency must be shorter than the window.
     */
    public ExecutionModels checkAgainst(ExecutionSettings settings) {
        if (latency.candles() >= settings.candleWindow()) {
            throw new IllegalArgumentException("a latency of " + latency.candles() + " candles needs a candle window of more than "
                    + latency.candles() + " candles (sextant.execution.candle-window is " + settings.candleWindow() + ")");
        }
        return this;
    }

    /** The models in their text forms, in a fixed order: slippage-model, fee-model, fill-price, latency-candles. */
    public Map<String, String> describe() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("slippage-model", slippage.spec());
        out.put("fee-model", fees.spec());
        out.put("fill-price", fillPrice.spec());
        out.put("latency-candles", latency.spec());
        return out;
    }
}
