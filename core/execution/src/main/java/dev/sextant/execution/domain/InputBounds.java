package dev.sextant.execution.domain;

import dev.sextant.contracts.event.OrderIntent;
import dev.sextant.contracts.event.RiskDecisionMade;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/**
 * What the paper exchange refuses as forged or corrupt input (docs/reliability.md, "Forged input and control
 * commands"), before anything changes ({@link RefusedInputException}):
 * <ul>
 *   <li>an event whose time falls more than {@code maxDayJump} UTC days after "today" (the day of the latest market
 *       time, which daily P&amp;L counts): today only moves forward, and never by more than that at once;</li>
 *   <li>an approved decision whose notional at its reference price is more than {@code maxNotionalToEquity} times
 *       the account's equity: risk sizes without leverage, so it never approves that much (a smaller excess that
 *       cash cannot pay stays an ordinary {@code OrderRejected});</li>
 *   <li>an approved decision whose reference price is more than {@code priceFactor} times away from the close of
 *       its candle (the symbol's last close when that candle is not held), or whose stop-loss or take-profit is
 *       more than {@code priceFactor} times away from its reference price.</li>
 * </ul>
 * {@link #OFF} refuses nothing (backtests over trusted files).
 *
 * @param maxDayJump          days today may move at once (at least 1), or {@link Integer#MAX_VALUE} for no bound
 * @param maxNotionalToEquity the largest notional an approved decision may carry, as a multiple of equity, or null
 * @param priceFactor         how far (as a factor) prices may be from the market, or null for no check
 */
public record InputBounds(int maxDayJump, BigDecimal maxNotionalToEquity, BigDecimal priceFactor) {
    /** Nothing refused. */
    public static final InputBounds OFF = new InputBounds(Integer.MAX_VALUE, null, null);
    private static final long SECONDS_PER_DAY = 86_400;

    public InputBounds {
        if (maxDayJump < 1) {
            throw new IllegalArgumentException("max-day-jump must be at least 1 day, got " + maxDayJump);
        }
        if (maxNotionalToEquity != null && maxNotionalToEquity.compareTo(BigDecimal.ONE) < 0) {
            throw new IllegalArgumentException("the largest notional must be at least 1 x equity, got " + maxNotionalToEquity);
        }
        if (priceFactor != null && priceFactor.compareTo(BigDecimal.ONE) <= 0) {
            throw new IllegalArgumentException("the price factor must be greater than 1, got " + priceFactor);
        }
    }

    /** The services' bounds: {@code maxDayJump} days, notional at most 2 x equity, prices within a factor of 2. */
    public static InputBounds of(int maxDayJump) {
        return new InputBounds(maxDayJump, BigDecimal.TWO, BigDecimal.TWO);
    }

    /** Refuses {@code time} when its UTC day is more than {@link #maxDayJump} days after {@code today} (null: no bound yet). */
    public void checkTime(LocalDate today, Instant time, String what) {
        if (today == null || maxDayJump == Integer.MAX_VALUE) {
            return;
        }
        long days = Math.floorDiv(time.getEpochSecond(), SECONDS_PER_DAY) - today.toEpochDay();
        if (days > maxDayJump) {
            throw new RefusedInputException(what + " " + time + " is " + days + " days after today (" + today
                    + "); market time may move at most " + maxDayJump + " day(s) at once (max-day-jump): refused as forged"
                    + " or corrupt, today stays " + today);
        }
    }

    /**
     * Refuses an absurd approved decision (see the class comment).
     *
     * @param equity    the account's equity now
     * @param lastClose the close of the decision's candle (or, when not held, the symbol's last close), or null when no
     *                  candle of it has been seen
     */
    public void checkDecision(RiskDecisionMade decision, BigDecimal equity, BigDecimal lastClose) {
        OrderIntent intent = decision.intent();
        String what = "approved decision " + decision.eventId() + " refused: ";
        if (maxNotionalToEquity != null && intent.notional().compareTo(equity.multiply(maxNotionalToEquity)) > 0) {
            throw new RefusedInputException(what + "quantity " + intent.quantity().toPlainString() + " at "
                    + intent.referencePrice().toPlainString() + " (notional " + intent.notional().toPlainString()
                    + ") is more than " + maxNotionalToEquity.toPlainString() + " x the account's equity "
                    + equity.stripTrailingZeros().toPlainString() + ": risk sizes without leverage and never approves that much");
        }
        if (priceFactor == null) {
            return;
        }
        if (lastClose != null && far(intent.referencePrice(), lastClose)) {
            throw new RefusedInputException(what + "reference price " + intent.referencePrice().toPlainString()
                    + " is absurd: " + decision.symbol() + " last closed at " + lastClose.toPlainString() + " (allowed: within"
                    + " a factor of " + priceFactor.toPlainString() + ")");
        }
        if (far(intent.stopLoss(), intent.referencePrice()) || far(intent.takeProfit(), intent.referencePrice())) {
            throw new RefusedInputException(what + "stop-loss " + intent.stopLoss().toPlainString() + " or take-profit "
                    + intent.takeProfit().toPlainString() + " is absurd for a reference price of "
                    + intent.referencePrice().toPlainString() + " (allowed: within a factor of " + priceFactor.toPlainString()
                    + ")");
        }
    }

    private boolean far(BigDecimal price, BigDecimal reference) {
        return price.compareTo(reference.multiply(priceFactor)) > 0 || price.multiply(priceFactor).compareTo(reference) < 0;
    }
}
