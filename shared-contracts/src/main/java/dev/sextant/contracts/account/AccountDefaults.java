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

    private AccountDefaults() {}

    /** {@link #INITIAL_CAPITAL} as a number. */
    public static BigDecimal initialCapital() {
        return new BigDecimal(INITIAL_CAPITAL);
    }
}
