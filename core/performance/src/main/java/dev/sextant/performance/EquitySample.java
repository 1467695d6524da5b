package dev.sextant.performance;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * The account equity measured at one instant, normally a candle's close.
 *
 * @param time     the instant the equity was measured (the candle's close time); for the monthly table a sample
 *                 stamped exactly at 00:00 UTC on the 1st is the equity at the end of the previous month
 * @param equity   cash plus the marked-to-market value of open positions; never negative
 * @param inMarket whether a position was open during the bar that ends at {@code time}
 */
public record EquitySample(Instant time, BigDecimal equity, boolean inMarket) {

    public EquitySample {
        if (time == null) {
            throw new IllegalArgumentException("equity sample time is required");
        }
        if (equity == null) {
            throw new IllegalArgumentException("equity sample at " + time + " has no equity");
        }
        if (equity.signum() < 0) {
            throw new IllegalArgumentException("equity sample at " + time + " has negative equity " + equity.toPlainString());
        }
    }
}
