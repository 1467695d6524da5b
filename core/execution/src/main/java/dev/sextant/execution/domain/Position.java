package dev.sextant.execution.domain;

import dev.sextant.contracts.event.Interval;
import dev.sextant.contracts.event.PositionSide;
import dev.sextant.contracts.id.ClientOrderId;
import dev.sextant.contracts.id.EventId;
import dev.sextant.contracts.id.Symbol;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * A position opened by one entry order (its id is the entry's client order id), protected by a
 * stop-loss and a take-profit, watched on the candles of its decision's interval.
 */
public final class Position {
    private final String positionId;
    private final ClientOrderId entryOrderId;
    private final Symbol symbol;
    private final Interval interval;
    private final PositionSide side;
    private final BigDecimal quantity;
    private final BigDecimal entryPrice;
    private final BigDecimal entryFee;
    private final BigDecimal stopLoss;
    private final BigDecimal takeProfit;
    private final Instant openedAt;
    private Instant lastCheckedOpenTime;
    private EventId closeRequestId;
    private Instant closedAt;

    /**
     * @param lastCheckedOpenTime open time of the newest candle already checked for stop/take-profit;
     *                            a candle at or before it is never checked again (redelivery is harmless)
     * @param closeRequestId      the close request waiting for the next candle, or null
     */
    public Position(String positionId, ClientOrderId entryOrderId, Symbol symbol, Interval interval, PositionSide side,
                    BigDecimal quantity, BigDecimal entryPrice, BigDecimal entryFee, BigDecimal stopLoss,
                    BigDecimal takeProfit, Instant openedAt, Instant lastCheckedOpenTime, EventId closeRequestId,
                    Instant closedAt) {
        if (side == PositionSide.FLAT) {
            throw new IllegalArgumentException("a position is LONG or SHORT; FLAT is the absence of one");
        }
        this.positionId = Objects.requireNonNull(positionId, "positionId");
        this.entryOrderId = Objects.requireNonNull(entryOrderId, "entryOrderId");
        this.symbol = Objects.requireNonNull(symbol, "symbol");
        this.interval = Objects.requireNonNull(interval, "interval");
        this.side = Objects.requireNonNull(side, "side");
        this.quantity = Objects.requireNonNull(quantity, "quantity");
        this.entryPrice = Objects.requireNonNull(entryPrice, "entryPrice");
        this.entryFee = Objects.requireNonNull(entryFee, "entryFee");
        this.stopLoss = Objects.requireNonNull(stopLoss, "stopLoss");
        this.takeProfit = Objects.requireNonNull(takeProfit, "takeProfit");
        this.openedAt = Objects.requireNonNull(openedAt, "openedAt");
        this.lastCheckedOpenTime = Objects.requireNonNull(lastCheckedOpenTime, "lastCheckedOpenTime");
        this.closeRequestId = closeRequestId;
        this.closedAt = closedAt;
    }

    /** +1 for a long, -1 for a short: the sign of the held quantity. */
    public int direction() {
        return side == PositionSide.LONG ? 1 : -1;
    }

    /** Quantity with its sign: positive for a long, negative for a short. */
    public BigDecimal signedQuantity() {
        return direction() > 0 ? quantity : quantity.negate();
    }

    /** True when a candle opening at {@code openTime} has not been checked for this position yet. */
    public boolean isUnchecked(Instant openTime) {
        return openTime.isAfter(lastCheckedOpenTime);
    }

    void checked(Instant openTime) {
        if (openTime.isAfter(lastCheckedOpenTime)) {
            lastCheckedOpenTime = openTime;
        }
    }

    void requestClose(EventId requestId) {
        this.closeRequestId = requestId;
    }

    void close(Instant at) {
        this.closedAt = at;
    }

    public boolean isOpen() { return closedAt == null; }
    public String positionId() { return positionId; }
    public ClientOrderId entryOrderId() { return entryOrderId; }
    public Symbol symbol() { return symbol; }
    public Interval interval() { return interval; }
    public PositionSide side() { return side; }
    public BigDecimal quantity() { return quantity; }
    public BigDecimal entryPrice() { return entryPrice; }
    public BigDecimal entryFee() { return entryFee; }
    public BigDecimal stopLoss() { return stopLoss; }
    public BigDecimal takeProfit() { return takeProfit; }
    public Instant openedAt() { return openedAt; }
    public Instant lastCheckedOpenTime() { return lastCheckedOpenTime; }
    /** The pending close request, or null. */
    public EventId closeRequestId() { return closeRequestId; }
    /** When it was closed, null while open. */
    public Instant closedAt() { return closedAt; }
}
