package dev.sextant.contracts.event;

import dev.sextant.contracts.id.ClientOrderId;
import dev.sextant.contracts.id.Symbol;

/** An event of an order's lifecycle; all of one order's events share its {@code clientOrderId}. */
public sealed interface OrderEvent extends Event
        permits OrderSubmitted, OrderAccepted, OrderRejected, OrderCanceled, OrderExpired, OrderFilled {

    ClientOrderId clientOrderId();

    Symbol symbol();

    @Override
    default String key() {
        return symbol().value();
    }
}
