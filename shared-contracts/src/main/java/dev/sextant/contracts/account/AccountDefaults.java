package dev.sextant.contracts.account;

import java.math.BigDecimal;

/**
 * The account every component starts from, a contract like the topic catalog: risk-service books
 * its equity from it, execution-service its cash, and a backtester must start both from the same
 * amount, or risk sizes entries against money execution does not have (or leaves capital unused).
 * Each service may still override its own copy ({@code sextant.risk.initial-capital},
 * {@code sextant.execution.initial-capital}); keep them equal.
 */
public final class AccountDefaults {
    /**
     * Default starting capital in the quote asset (USDT): {@value}. A compile-time constant, so the
     * services' {@code @WithDefault} can name it.
     */
    public static final String INITIAL_CAPITAL = "10000";

    /**
     * Decimal places of quote-currency amounts as execution books them (its {@code Scales.QUOTE}): the
     * paper exchange keeps its cash, and the kernel hands risk its capital, at this scale.
     */
    public static final int QUOTE_SCALE = 8;

    private AccountDefaults() {}

    /**
     * {@code capital} as the kernel hands it to both engines: at {@link #QUOTE_SCALE} places (HALF_EVEN), so
     * a service started from {@code 10000} writes the same amounts (e.g. "available equity 10000.00000000"
     * in a decision's checks) as a backtest.
     */
    public static BigDecimal booked(BigDecimal capital) {
        return capital.setScale(QUOTE_SCALE, java.math.RoundingMode.HALF_EVEN);
    }

    /** {@link #INITIAL_CAPITAL} as a number. */
    public static BigDecimal initialCapital() {
        return new BigDecimal(INITIAL_CAPITAL);
    }
}
