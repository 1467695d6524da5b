package dev.sextant.execution.domain;

import dev.sextant.contracts.account.AccountDefaults;

/**
 * The one place the paper exchange's default settings are written. {@link ExecutionSettings#defaults()}
 * is built from these values, and execution-service's {@code ExecutionConfig} names them in its
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
    /** {@code candle-window}: closed candles kept per symbol and interval. */
    public static final String CANDLE_WINDOW = "50";

    private ExecutionDefaults() {}
}
