package dev.sextant.execution.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The explicit scales of the execution books. Every price, quantity and quote amount (notional,
 * fee, cash, P&amp;L, equity) is rounded to 8 decimal places with {@link RoundingMode#HALF_EVEN}
 * (banker's rounding, no drift over many trades) at the moment it is computed, never later.
 */
public final class Scales {
    /** Decimal places of a price (quote asset per unit). */
    public static final int PRICE = 8;
    /** Decimal places of a quantity (base asset). */
    public static final int QUANTITY = 8;
    /** Decimal places of an amount of the quote asset (USDT): notional, fee, cash, P&amp;L, equity. */
    public static final int QUOTE = 8;
    /** The one rounding mode of the books. */
    public static final RoundingMode ROUNDING = RoundingMode.HALF_EVEN;

    private Scales() {}

    /** {@code value} at price scale. */
    public static BigDecimal price(BigDecimal value) {
        return value.setScale(PRICE, ROUNDING);
    }

    /** {@code value} at quantity scale. */
    public static BigDecimal quantity(BigDecimal value) {
        return value.setScale(QUANTITY, ROUNDING);
    }

    /** {@code value} at quote-amount scale. */
    public static BigDecimal quote(BigDecimal value) {
        return value.setScale(QUOTE, ROUNDING);
    }
}
