package dev.sextant.contracts.event;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * The static bounds every event's constructor holds its fields to (docs/reliability.md, "Validation").
 * They are wide enough for every real market (a SHIB price has 8 decimals, a BTC price 6 digits, a SHIB
 * day's volume about 10^13) and for what the platform computes from them (a risk amount is a quantity
 * times an ATR-derived distance, exact, up to about 35 decimal places), and narrow enough that no absurd
 * value (1e400, 1e-400, a year of 10^9) reaches a domain. A constructor refuses a value beyond them with
 * an {@link IllegalArgumentException} whose message names the field and the bound.
 */
public final class EventBounds {
    /** Largest price (quote asset per unit): 10^9. Prices are in (0, MAX_PRICE]. */
    public static final BigDecimal MAX_PRICE = new BigDecimal("1E+9");
    /** Largest quantity of an order, a fill, a position or a book level (base asset): 10^11. */
    public static final BigDecimal MAX_QUANTITY = new BigDecimal("1E+11");
    /**
     * Largest absolute amount: a notional (price × quantity), a fee, a P&amp;L, a risk amount, a risk check's
     * value or threshold, a candle's volume and quote volume: 10^15.
     */
    public static final BigDecimal MAX_AMOUNT = new BigDecimal("1E+15");
    /** Most decimal places of any decimal field (so 1e-400 is refused): 40. */
    public static final int MAX_SCALE = 40;
    /** Largest absolute value of a feature value (a double; NaN and infinities are refused): 10^15. */
    public static final double MAX_FEATURE_VALUE = 1e15;

    /** Earliest instant of any time field: 1970-01-01T00:00:00Z (a consumer's window is narrower: see {@code EventTimeWindow}). */
    public static final Instant MIN_INSTANT = Instant.EPOCH;
    /** First instant refused in any time field: 2100-01-01T00:00:00Z. */
    public static final Instant MAX_INSTANT = Instant.parse("2100-01-01T00:00:00Z");

    /** Longest free text (a reason, a check's detail, a setting's value): 2,000 characters. */
    public static final int MAX_TEXT = 2_000;
    /** Longest name (an exchange, a venue, a model version, an operator): 64 characters. */
    public static final int MAX_NAME = 64;
    /** Most items of a list (feature values, checks, horizons, book levels per side, settings): 1,000. */
    public static final int MAX_ITEMS = 1_000;
    /** Longest forecast horizon, in candles: 10,000. */
    public static final int MAX_HORIZON_CANDLES = 10_000;

    private EventBounds() {}
}
