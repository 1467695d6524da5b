package dev.sextant.execution.domain;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where an order is in its life. Legal moves:
 * <pre>
 * NEW -&gt; SUBMITTED | REJECTED
 * SUBMITTED -&gt; ACCEPTED | REJECTED | CANCELED | EXPIRED
 * ACCEPTED -&gt; PARTIALLY_FILLED | FILLED | CANCELED | EXPIRED
 * PARTIALLY_FILLED -&gt; PARTIALLY_FILLED | FILLED | CANCELED | EXPIRED
 * </pre>
 * FILLED, REJECTED, CANCELED and EXPIRED are terminal.
 */
public enum OrderStatus {
    NEW,
    SUBMITTED,
    ACCEPTED,
    PARTIALLY_FILLED,
    FILLED,
    REJECTED,
    CANCELED,
    EXPIRED;

    /** True when {@code next} may follow this status. */
    public boolean canMoveTo(OrderStatus next) {
        return successors().contains(next);
    }

    /** True for a status no order leaves. */
    public boolean isTerminal() {
        return successors().isEmpty();
    }

    /** True while the order may still fill. */
    public boolean isWorking() {
        return this == ACCEPTED || this == PARTIALLY_FILLED;
    }

    private Set<OrderStatus> successors() {
        return switch (this) {
            case NEW -> EnumSet.of(SUBMITTED, REJECTED);
            case SUBMITTED -> EnumSet.of(ACCEPTED, REJECTED, CANCELED, EXPIRED);
            case ACCEPTED, PARTIALLY_FILLED -> EnumSet.of(PARTIALLY_FILLED, FILLED, CANCELED, EXPIRED);
            case FILLED, REJECTED, CANCELED, EXPIRED -> EnumSet.noneOf(OrderStatus.class);
        };
    }
}
