package dev.sextant.performance;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

/**
 * One closed round trip: an entry and the exit that closed it.
 *
 * @param symbol     the traded instrument, e.g. {@code BTCUSDT}
 * @param side       {@link #LONG} or {@link #SHORT}
 * @param entryTime  when the position was opened
 * @param entryPrice average entry price, positive
 * @param exitTime   when the position was closed, not before {@code entryTime}
 * @param exitPrice  average exit price, positive
 * @param quantity   position size in base units, positive
 * @param fees       all fees paid on entry and exit, not negative
 * @param netPnl     realised profit or loss <em>after</em> fees
 * @param exitReason why the position was closed, e.g. {@code TAKE_PROFIT}, {@code STOP_LOSS}, {@code SIGNAL}
 */
public record TradeRecord(String symbol, String side, Instant entryTime, BigDecimal entryPrice, Instant exitTime,
                          BigDecimal exitPrice, BigDecimal quantity, BigDecimal fees, BigDecimal netPnl,
                          String exitReason) {

    public static final String LONG = "LONG";
    public static final String SHORT = "SHORT";

    public TradeRecord {
        if (symbol == null || symbol.isBlank()) {
            throw new IllegalArgumentException("trade symbol is required");
        }
        if (!LONG.equals(side) && !SHORT.equals(side)) {
            throw new IllegalArgumentException("trade side of " + symbol + " must be LONG or SHORT, was " + side);
        }
        if (entryTime == null || exitTime == null) {
            throw new IllegalArgumentException("trade of " + symbol + " needs both entry and exit time");
        }
        if (exitTime.isBefore(entryTime)) {
            throw new IllegalArgumentException(
                    "trade of " + symbol + " exits at " + exitTime + " before its entry at " + entryTime);
        }
        requirePositive(entryPrice, "entry price", symbol, entryTime);
        requirePositive(exitPrice, "exit price", symbol, entryTime);
        requirePositive(quantity, "quantity", symbol, entryTime);
        if (fees == null || fees.signum() < 0) {
            throw new IllegalArgumentException("trade of " + symbol + " entered at " + entryTime
                    + " must have fees of zero or more, was " + plain(fees));
        }
        if (netPnl == null) {
            throw new IllegalArgumentException("trade of " + symbol + " entered at " + entryTime + " has no net P&L");
        }
        if (exitReason == null || exitReason.isBlank()) {
            throw new IllegalArgumentException("trade of " + symbol + " entered at " + entryTime + " has no exit reason");
        }
    }

    /** How long the position was held. */
    public Duration holdingTime() {
        return Duration.between(entryTime, exitTime);
    }

    private static void requirePositive(BigDecimal value, String what, String symbol, Instant entryTime) {
        if (value == null || value.signum() <= 0) {
            throw new IllegalArgumentException(
                    "trade of " + symbol + " entered at " + entryTime + " must have a positive " + what + ", was " + plain(value));
        }
    }

    private static String plain(BigDecimal value) {
        return value == null ? "null" : value.toPlainString();
    }
}
