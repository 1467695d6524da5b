package dev.sextant.gateway;

import static dev.sextant.gateway.TestEvents.entry;
import static dev.sextant.gateway.TestEvents.exit;
import static dev.sextant.gateway.TestEvents.approvedBuy;
import static dev.sextant.gateway.TestEvents.hourCandle;

import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.event.FillExecuted;
import dev.sextant.contracts.event.Interval;
import dev.sextant.contracts.event.OrderPurpose;
import dev.sextant.contracts.event.RiskDecisionMade;
import java.time.Instant;
import java.util.List;

/**
 * Six 1h candles and three trades whose figures are worked out by hand (initial capital 10,000, fees 0.5 a fill):
 *
 * <pre>
 * candle (open time)   open  close   trades                                       equity at its close
 * 00:00                100   100                                                  10,000
 * 01:00                100   104     A: buy 1 @ 100 at the open                   10,000 + 4 − 0.5     = 10,003.5
 * 02:00                104   110     A: take profit @ 110 at the close, net +9    10,009
 * 03:00                110   102     B: buy 2 @ 110 at the open                   10,009 − 16 − 0.5    =  9,992.5
 * 04:00                102    96     B: stop loss @ 97 at the close, net −27      9,982
 * 05:00                 96    99     C: buy 1 @ 96 at the open, still open        9,982 + 3 − 0.5      =  9,984.5
 * </pre>
 *
 * Live: total return 9,984.5 / 10,000 − 1 = −0.155 %; max drawdown 1 − 9,982 / 10,009 (27 / 10,009); win rate 1/2;
 * profit factor 9 / 27; 2 closed trades, fees 2; exposure 3 of 7 samples. Buy-and-hold buys at 100 × 1.0005 with a
 * 0.1 % fee and sells at 99 × 0.9995 less 0.1 %: return (99 × 0.9995 × 0.999) / (100.05 × 1.001) − 1; its deepest
 * fall is from the 110 close to the 96 close, 1 − 96 / 110.
 *
 * <p>Each trade is an order the platform placed, as the gateway books only those: risk approves it on the candle
 * before its entry, at that candle's close ({@link #decisions}: A on 00:00 at 100, B on 02:00 at 110, C on 04:00 at
 * 96), and its position id is that decision's entry order id. Publish the decisions on {@code signals} with the fills.
 */
public final class PerformanceFixture {
    public static final Instant START = Instant.parse("2024-01-15T00:00:00Z");

    public static final double TOTAL_RETURN = 9984.5 / 10000 - 1;
    public static final double MAX_DRAWDOWN = 1 - 9982 / 10009.0;
    public static final double HOLD_RETURN = (99 * 0.9995 * 0.999) / (100.05 * 1.001) - 1;
    public static final double HOLD_MAX_DRAWDOWN = 1 - 96 / 110.0;

    private PerformanceFixture() {}

    private static Instant hour(int h) {
        return START.plusSeconds(3600L * h);
    }

    public static List<CandleClosed> candles(String symbol) {
        String[][] prices = {{"100", "100"}, {"100", "104"}, {"104", "110"}, {"110", "102"}, {"102", "96"}, {"96", "99"}};
        return java.util.stream.IntStream.range(0, prices.length)
                .mapToObj(i -> hourCandle(symbol, hour(i), prices[i][0], prices[i][1])).toList();
    }

    /** Risk's approvals of trades A, B and C of {@code symbol}, in candle order (as risk publishes them). */
    public static List<RiskDecisionMade> decisions(String symbol) {
        return List.of(decision(symbol, "a"), decision(symbol, "b"), decision(symbol, "c"));
    }

    private static RiskDecisionMade decision(String symbol, String name) {
        return switch (name) {
            case "a" -> approvedBuy(symbol, Interval.H1, hour(0), "1", "100");
            case "b" -> approvedBuy(symbol, Interval.H1, hour(2), "2", "110");
            case "c" -> approvedBuy(symbol, Interval.H1, hour(4), "1", "96");
            default -> throw new IllegalArgumentException("no trade " + name);
        };
    }

    /**
     * The id of trade {@code name} (A, B or C) of {@code symbol}: its decision's entry order id. Fills and trades are
     * keyed by it; the decisions differ by symbol, so do the ids.
     */
    public static String positionId(String symbol, String name) {
        return TestEvents.positionId(decision(symbol, name));
    }

    public static List<FillExecuted> fills(String symbol) {
        String a = positionId(symbol, "a");
        String b = positionId(symbol, "b");
        String c = positionId(symbol, "c");
        return List.of(
                entry(symbol, a, "100", "1", hour(1)),
                exit(symbol, a, OrderPurpose.TAKE_PROFIT, "110", "1", "9", hour(3).minusMillis(1)),
                entry(symbol, b, "110", "2", hour(3)),
                exit(symbol, b, OrderPurpose.STOP_LOSS, "97", "2", "-27", hour(5).minusMillis(1)),
                entry(symbol, c, "96", "1", hour(5)));
    }
}
