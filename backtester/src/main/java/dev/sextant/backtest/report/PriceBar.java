package dev.sextant.backtest.report;

import java.time.Instant;

/** One candle of a symbol's price chart. Prices are positive and finite; the high and low bound open and close. */
public record PriceBar(Instant openTime, double open, double high, double low, double close) {

    public PriceBar {
        Checks.requireNonNull(openTime, "price bar open time");
        for (double price : new double[] {open, high, low, close}) {
            if (!(price > 0) || Double.isInfinite(price)) {
                throw new IllegalArgumentException("price bar at " + openTime + " has a price that is not positive and finite: "
                        + price);
            }
        }
        if (high < Math.max(open, close) || low > Math.min(open, close)) {
            throw new IllegalArgumentException("price bar at " + openTime + " has high " + high + " / low " + low
                    + " that do not bound open " + open + " and close " + close);
        }
    }
}
