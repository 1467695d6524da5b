package dev.sextant.execution.domain;

import dev.sextant.contracts.event.Interval;
import dev.sextant.contracts.event.OrderPurpose;
import dev.sextant.contracts.event.OrderType;
import dev.sextant.contracts.event.Side;
import dev.sextant.contracts.id.ClientOrderId;
import dev.sextant.contracts.id.EventId;
import dev.sextant.contracts.id.Symbol;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * An order and its state machine (see {@link OrderStatus}). Every move checks the current status
 * and throws {@link IllegalOrderTransitionException} when it is not allowed; fills keep the
 * cumulative quantity, the leaves quantity and the average price, so partial fills are supported
 * even though the paper venue always fills an order completely.
 */
public final class Order {
    private final ClientOrderId clientOrderId;
    private final String positionId;
    private final Symbol symbol;
    private final Interval interval;
    private final OrderPurpose purpose;
    private final Side side;
    private final OrderType type;
    private final BigDecimal quantity;
    private final BigDecimal stopLoss;
    private final BigDecimal takeProfit;
    private final EventId causationId;
    private final Instant decisionCandleOpenTime;
    private final Instant createdAt;
    private OrderStatus status;
    private BigDecimal filledQuantity;
    private BigDecimal averagePrice;
    private String reason;

    private Order(ClientOrderId clientOrderId, String positionId, Symbol symbol, Interval interval, OrderPurpose purpose,
                  Side side, OrderType type, BigDecimal quantity, BigDecimal stopLoss, BigDecimal takeProfit,
                  EventId causationId, Instant decisionCandleOpenTime, Instant createdAt, OrderStatus status,
                  BigDecimal filledQuantity, BigDecimal averagePrice, String reason) {
        this.clientOrderId = Objects.requireNonNull(clientOrderId, "clientOrderId");
        this.positionId = Objects.requireNonNull(positionId, "positionId");
        this.symbol = Objects.requireNonNull(symbol, "symbol");
        this.interval = Objects.requireNonNull(interval, "interval");
        this.purpose = Objects.requireNonNull(purpose, "purpose");
        this.side = Objects.requireNonNull(side, "side");
        this.type = Objects.requireNonNull(type, "type");
        if (quantity == null || quantity.signum() <= 0) {
            throw new IllegalArgumentException("order quantity must be positive, got " + quantity);
        }
        this.quantity = Scales.quantity(quantity);
        this.stopLoss = stopLoss;
        this.takeProfit = takeProfit;
        this.causationId = Objects.requireNonNull(causationId, "causationId");
        this.decisionCandleOpenTime = decisionCandleOpenTime;
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
        this.status = Objects.requireNonNull(status, "status");
        this.filledQuantity = Scales.quantity(filledQuantity);
        this.averagePrice = averagePrice;
        this.reason = reason;
    }

    /**
     * A new order, not yet submitted.
     *
     * @param positionId             the position it opens or closes
     * @param causationId            the event that caused it (risk decision, candle, close request)
     * @param decisionCandleOpenTime for an entry: open time of the decision's candle (it fills on a later candle); else null
     * @param createdAt              market time it was created
     */
    public static Order create(ClientOrderId clientOrderId, String positionId, Symbol symbol, Interval interval,
                               OrderPurpose purpose, Side side, OrderType type, BigDecimal quantity,
                               BigDecimal stopLoss, BigDecimal takeProfit, EventId causationId,
                               Instant decisionCandleOpenTime, Instant createdAt) {
        return new Order(clientOrderId, positionId, symbol, interval, purpose, side, type, quantity, stopLoss,
                takeProfit, causationId, decisionCandleOpenTime, createdAt, OrderStatus.NEW, BigDecimal.ZERO, null, null);
    }

    /** An order as it was stored (rebuilding state after a restart). */
    public static Order restore(ClientOrderId clientOrderId, String positionId, Symbol symbol, Interval interval,
                                OrderPurpose purpose, Side side, OrderType type, BigDecimal quantity,
                                BigDecimal stopLoss, BigDecimal takeProfit, EventId causationId,
                                Instant decisionCandleOpenTime, Instant createdAt, OrderStatus status,
                                BigDecimal filledQuantity, BigDecimal averagePrice, String reason) {
        return new Order(clientOrderId, positionId, symbol, interval, purpose, side, type, quantity, stopLoss,
                takeProfit, causationId, decisionCandleOpenTime, createdAt, status, filledQuantity, averagePrice, reason);
    }

    /** NEW → SUBMITTED: the order is persisted and sent to the venue. */
    public void submit() {
        moveTo(OrderStatus.SUBMITTED);
    }

    /** SUBMITTED → ACCEPTED: the venue acknowledged it. */
    public void accept() {
        moveTo(OrderStatus.ACCEPTED);
    }

    /** NEW/SUBMITTED → REJECTED, with the reason. */
    public void reject(String why) {
        moveTo(OrderStatus.REJECTED);
        this.reason = why;
    }

    /** Working → CANCELED, with the reason. */
    public void cancel(String why) {
        moveTo(OrderStatus.CANCELED);
        this.reason = why;
    }

    /** Working → EXPIRED. */
    public void expire() {
        moveTo(OrderStatus.EXPIRED);
    }

    /**
     * Applies a fill of {@code lastQuantity} at {@code lastPrice}: ACCEPTED/PARTIALLY_FILLED →
     * PARTIALLY_FILLED while quantity is left, FILLED when none is.
     *
     * @throws IllegalOrderTransitionException when the order is not working
     * @throws IllegalArgumentException when the quantity is not positive or exceeds what is left
     */
    public OrderExecution fill(BigDecimal lastQuantity, BigDecimal lastPrice) {
        if (!status.isWorking()) {
            throw new IllegalOrderTransitionException(
                    "order " + clientOrderId + " cannot fill in status " + status + " (it must be ACCEPTED or PARTIALLY_FILLED)");
        }
        if (lastQuantity == null || lastQuantity.signum() <= 0) {
            throw new IllegalArgumentException("fill quantity must be positive, got " + lastQuantity);
        }
        if (lastPrice == null || lastPrice.signum() <= 0) {
            throw new IllegalArgumentException("fill price must be positive, got " + lastPrice);
        }
        BigDecimal qty = Scales.quantity(lastQuantity);
        BigDecimal price = Scales.price(lastPrice);
        BigDecimal leavesBefore = leavesQuantity();
        if (qty.compareTo(leavesBefore) > 0) {
            throw new IllegalArgumentException("fill of " + qty.toPlainString() + " exceeds the "
                    + leavesBefore.toPlainString() + " left on order " + clientOrderId);
        }
        BigDecimal cumulative = filledQuantity.add(qty);
        BigDecimal previousValue = averagePrice == null ? BigDecimal.ZERO : averagePrice.multiply(filledQuantity);
        averagePrice = previousValue.add(price.multiply(qty)).divide(cumulative, Scales.PRICE, Scales.ROUNDING);
        filledQuantity = cumulative;
        moveTo(leavesQuantity().signum() == 0 ? OrderStatus.FILLED : OrderStatus.PARTIALLY_FILLED);
        return new OrderExecution(qty, price, filledQuantity, leavesQuantity(), averagePrice);
    }

    private void moveTo(OrderStatus next) {
        if (!status.canMoveTo(next)) {
            throw new IllegalOrderTransitionException(clientOrderId.value(), status, next);
        }
        status = next;
    }

    /** Quantity not yet filled. */
    public BigDecimal leavesQuantity() {
        return quantity.subtract(filledQuantity);
    }

    public ClientOrderId clientOrderId() { return clientOrderId; }
    public String positionId() { return positionId; }
    public Symbol symbol() { return symbol; }
    public Interval interval() { return interval; }
    public OrderPurpose purpose() { return purpose; }
    public Side side() { return side; }
    public OrderType type() { return type; }
    public BigDecimal quantity() { return quantity; }
    public BigDecimal stopLoss() { return stopLoss; }
    public BigDecimal takeProfit() { return takeProfit; }
    public EventId causationId() { return causationId; }
    /** For an entry: open time of the decision's candle; the order fills on the first later candle. */
    public Instant decisionCandleOpenTime() { return decisionCandleOpenTime; }
    public Instant createdAt() { return createdAt; }
    public OrderStatus status() { return status; }
    public BigDecimal filledQuantity() { return filledQuantity; }
    /** Average fill price, null before the first fill. */
    public BigDecimal averagePrice() { return averagePrice; }
    /** Why it was rejected or canceled, else null. */
    public String reason() { return reason; }
}
