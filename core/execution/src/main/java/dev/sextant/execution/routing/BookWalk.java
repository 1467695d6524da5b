package dev.sextant.execution.routing;

import dev.sextant.contracts.event.BookLevel;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/** Exact arithmetic over one side of a book, best level first. */
final class BookWalk {

    private BookWalk() {
    }

    /**
     * The quote amount of taking {@code quantity} from {@code levels} level by level (price × quantity taken,
     * summed, exact), or empty when the levels together hold less than {@code quantity}.
     */
    static Optional<BigDecimal> cost(List<BookLevel> levels, BigDecimal quantity) {
        BigDecimal left = quantity;
        BigDecimal cost = BigDecimal.ZERO;
        for (BookLevel level : levels) {
            if (left.signum() == 0) {
                break;
            }
            BigDecimal taken = level.quantity().min(left);
            cost = cost.add(taken.multiply(level.price()));
            left = left.subtract(taken);
        }
        return left.signum() == 0 ? Optional.of(cost) : Optional.empty();
    }

    /**
     * The notional (price × quantity) of the levels whose price is within {@code limit}: at or below it for
     * asks ({@code asks = true}), at or above it for bids. Levels are best first, so the sum stops at the first
     * level outside.
     */
    static BigDecimal notionalWithin(List<BookLevel> levels, BigDecimal limit, boolean asks) {
        BigDecimal sum = BigDecimal.ZERO;
        for (BookLevel level : levels) {
            int c = level.price().compareTo(limit);
            if (asks ? c > 0 : c < 0) {
                break;
            }
            sum = sum.add(level.price().multiply(level.quantity()));
        }
        return sum;
    }
}
