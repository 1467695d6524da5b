package dev.sextant.risk.domain;

import dev.sextant.contracts.account.AccountDefaults;

/**
 * The one place risk's default settings are written. {@link RiskLimits#defaults()} is built from
 * these values, and risk-service's {@code RiskConfig} names them in its {@code @WithDefault}s (which
 * is why they are {@code String} compile-time constants: the text of {@code sextant.risk.<name>}).
 * A backtester or the kernel starts from {@link RiskLimits#defaults()} and {@link #INITIAL_CAPITAL}.
 * Ratios are fractions (0.02 = 2 %); see {@link RiskLimits} for what each setting means.
 */
public final class RiskDefaults {
    /** {@code initial-capital}: starting equity, the platform's shared {@link AccountDefaults#INITIAL_CAPITAL}. */
    public static final String INITIAL_CAPITAL = AccountDefaults.INITIAL_CAPITAL;
    /** {@code initial-state}: trading state of a fresh engine (no persisted state yet). */
    public static final String INITIAL_STATE = "RUNNING";

    public static final String CONFIDENCE_THRESHOLD = "0.55";
    public static final String RISK_PER_TRADE = "0.02";
    public static final String MAX_DAILY_LOSS = "0.05";
    public static final String MIN_ATR_RATIO = "0.005";
    public static final String MAX_ATR_RATIO = "0.03";
    public static final String MAX_SPREAD_RATIO = "0.001";
    public static final String STOP_ATR_MULTIPLE = "2";
    public static final String REWARD_RISK_RATIO = "2";
    public static final String COST_HEADROOM = "0.002";
    public static final String MIN_NOTIONAL = "10";
    public static final String QUANTITY_STEP = "0.0001";
    public static final String QUANTITY_ROUNDING = "HALF_UP";
    public static final String PENDING_TIMEOUT_CANDLES = "3";
    /** {@code daily-loss-halt}: a daily-loss halt lifts at the next UTC day boundary (event time); see {@link DailyLossHaltPolicy}. */
    public static final String DAILY_LOSS_HALT = "until-next-day";
    /** {@code max-book-age-seconds}: a book a minute old at a decision is stale (books come every second or so). */
    public static final String MAX_BOOK_AGE_SECONDS = "60";
    /** {@code max-slippage-ratio}: walking the book for the entry must cost less than 0.5 % of the mid (seed 002). */
    public static final String MAX_SLIPPAGE_RATIO = "0.005";
    /** {@code liquidity-band-ratio}: liquidity counts within 1 % of the mid. */
    public static final String LIQUIDITY_BAND_RATIO = "0.01";
    /** {@code min-liquidity-multiple}: three times the entry's notional must rest within the band. */
    public static final String MIN_LIQUIDITY_MULTIPLE = "3";

    /** {@code feature-cache-size}: feature marks {@link FeatureJoin} keeps. */
    public static final String FEATURE_CACHE_SIZE = "5000";
    /** {@code max-waiting-predictions}: predictions {@link FeatureJoin} keeps waiting for their features. */
    public static final String MAX_WAITING_PREDICTIONS = "1000";

    private RiskDefaults() {}
}
