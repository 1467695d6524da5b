package dev.sextant.execution.domain;

import dev.sextant.contracts.account.AccountDefaults;

/**
 * The one place the paper exchange's default settings are written. {@link ExecutionSettings#defaults()}
 * (and, with the model names, {@link ExecutionModels#defaults(ExecutionSettings)}) is built from these values, and execution-service's {@code ExecutionConfig} names them in its
 * {@code @WithDefault}s (which is why they are {@code String} compile-time constants: the text of
 * {@code sextant.execution.<name>}). A backtester or the kernel starts from
 * {@link ExecutionSettings#defaults()}.
 */
public final class ExecutionDefaults {
    /** {@code initial-capital}: starting cash, the platform's shared {@link AccountDefaults#INITIAL_CAPITAL}. */
    public static final String INITIAL_CAPITAL = AccountDefaults.INITIAL_CAPITAL;
    /** {@code slippage}: 0.05 % of the open paid by a market order. */
    public static final String SLIPPAGE = "0.0005";
    /** {@code taker-fee}: 0.1 % of a fill's notional. */
    public static final String TAKER_FEE = "0.001";
    /** {@code fee-asset}: the quote asset fees and P&amp;L are counted in. */
    public static final String FEE_ASSET = "USDT";
    /** {@code venue}: the venue name on orders and fills. */
    public static final String VENUE = "paper";
    /**
     * {@code candle-window}: closed candles kept per symbol and interval, so a decision that arrives late still finds its
     * candle; above the collector's replay {@code max-lead} (500), which bounds how late that is at full replay speed.
     */
    public static final String CANDLE_WINDOW = "1000";
    /** {@code slippage-model}: {@link ProportionalSlippage} at the {@code slippage} rate ({@link SlippageModel#parse}). */
    public static final String SLIPPAGE_MODEL = ProportionalSlippage.NAME;
    /** {@code fee-model}: {@link TakerFee} at the {@code taker-fee} rate ({@link FeeModel#parse}). */
    public static final String FEE_MODEL = TakerFee.NAME;
    /** {@code fill-price}: a market entry fills at the open of its fill candle ({@link FillPriceRule#parse}). */
    public static final String FILL_PRICE = "next-open";
    /** {@code latency-candles}: a market entry fills on the first candle after its decision's candle. */
    public static final String LATENCY_CANDLES = "1";

    private ExecutionDefaults() {}
}
