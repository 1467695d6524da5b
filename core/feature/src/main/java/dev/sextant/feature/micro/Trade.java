package dev.sextant.feature.micro;

import dev.sextant.contracts.event.MarketTradeExecuted;
import dev.sextant.contracts.event.Side;
import java.time.Instant;
import java.util.Objects;

/**
 * One market trade as the trade-flow features see it.
 *
 * @param tradeId the exchange's trade id; a trade's identity (see {@link TradeWindow})
 * @param time event time (when it printed), in [1970, 2100) like every event time
 * @param price quote per unit, finite and &gt; 0
 * @param quantity base units, finite and &gt;= 0
 * @param aggressor the taker's side: BUY lifted an ask, SELL hit a bid
 */
public record Trade(long tradeId, Instant time, double price, double quantity, Side aggressor) {

    private static final long MAX_EPOCH_SECOND = Instant.parse("2100-01-01T00:00:00Z").getEpochSecond();

    public Trade {
        Objects.requireNonNull(time, "trade time is required");
        Objects.requireNonNull(aggressor, "trade aggressor side is required");
        if (time.getEpochSecond() < 0 || time.getEpochSecond() >= MAX_EPOCH_SECOND) {
            throw new IllegalArgumentException("trade " + tradeId + ": time must be in [1970, 2100), got " + time);
        }
        if (!Double.isFinite(price) || price <= 0) {
            throw new IllegalArgumentException("trade " + tradeId + ": price must be finite and > 0, got " + price);
        }
        if (!Double.isFinite(quantity) || quantity < 0) {
            throw new IllegalArgumentException("trade " + tradeId + ": quantity must be finite and >= 0, got " + quantity);
        }
    }

    /** The trade of an event (BigDecimal price and quantity converted to the nearest double). */
    public static Trade of(MarketTradeExecuted event) {
        return new Trade(event.tradeId(), event.tsEvent(), event.price().doubleValue(), event.quantity().doubleValue(),
                event.aggressorSide());
    }

    /** Aggressor-signed quantity: +quantity for a BUY aggressor, -quantity for a SELL. */
    public double signedQuantity() {
        return aggressor == Side.BUY ? quantity : -quantity;
    }

    /** Event time in nanoseconds since the epoch (exact: times are bounded to [1970, 2100)). */
    long nanos() {
        return EventTime.nanos(time);
    }
}
