package dev.sextant.kernel;

import dev.sextant.contracts.event.Event;
import dev.sextant.execution.domain.ClosedTrade;
import dev.sextant.execution.domain.EquityPoint;

/**
 * What the kernel produced, in the order it happened. {@link #onEvent} sees every event the live
 * services would publish for the same input (features, predictions, decisions, orders, fills,
 * positions, trading-state changes); the backtester books trades and equity from the other two.
 */
public interface KernelListener {
    /** Listens to nothing. */
    KernelListener NONE = new KernelListener() {};

    default void onEvent(Event event) {}

    default void onTrade(ClosedTrade trade) {}

    default void onEquity(EquityPoint point) {}
}
