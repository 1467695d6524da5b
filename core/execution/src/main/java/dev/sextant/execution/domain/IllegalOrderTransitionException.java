package dev.sextant.execution.domain;

/** An order was asked to move to a status its current status does not allow. */
public class IllegalOrderTransitionException extends IllegalStateException {
    public IllegalOrderTransitionException(String clientOrderId, OrderStatus from, OrderStatus to) {
        super("order " + clientOrderId + " cannot move from " + from + " to " + to);
    }

    public IllegalOrderTransitionException(String message) {
        super(message);
    }
}
