package dev.sextant.execution.routing;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/** One slice of a TWAP: its number in the plan (0-based), its quantity and when it is due. */
public record TwapSlice(int index, BigDecimal quantity, Instant dueAt) {
    public TwapSlice {
        if (index < 0) {
            throw new IllegalArgumentException("index must be >= 0, got " + index);
        }
        if (quantity == null || quantity.signum() <= 0) {
            throw new IllegalArgumentException("a slice's quantity must be positive, got " + quantity);
        }
        Objects.requireNonNull(dueAt, "dueAt");
    }
}
