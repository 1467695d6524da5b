package dev.sextant.execution.routing;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The slices of a TWAP order, immutable.
 *
 * <p><b>Quantities.</b> {@link #plan} splits the order into {@code n} slices of equal quantity rounded down
 * to the quantity step, and puts the remainder on the last slice, so the slices always sum to the order
 * exactly. It starts at the policy's {@code twapSlices} and takes one slice fewer while the equal slice
 * would be below {@code minSliceQuantity} or its notional (at the valuation price) below
 * {@code minSliceNotional}, down to a single slice holding the whole order.
 *
 * <p><b>Times.</b> Slice {@code i} is due at {@code start + i × twapInterval}.
 *
 * <p><b>When the book turns bad mid-way.</b> A slice is not sent blindly: when it is due, it is routed again
 * on the book of that moment with {@link Router#routeSlice} (same staleness, depth, liquidity and slippage
 * checks, on the slice's quantity; market below the market ceiling, a limit at the touch otherwise, never
 * re-sliced). If that is a REJECT, the slice's quantity is deferred onto the next slice
 * ({@link #deferred}), which keeps the total; when the last slice is refused there is nothing to defer to,
 * {@link #deferred} is empty, and the unfilled remainder is abandoned: the caller records the refusal and
 * the order ends partly done. The plan never raises the number of slices or moves a slice earlier.
 */
public record TwapSchedule(List<TwapSlice> slices) {

    public TwapSchedule {
        slices = List.copyOf(slices);
        if (slices.isEmpty()) {
            throw new IllegalArgumentException("a TWAP has at least one slice");
        }
    }

    /**
     * Plans the slices of {@code quantity}, valued at {@code price}, starting at {@code start}.
     *
     * @throws IllegalArgumentException when {@code quantity} is not a positive multiple of the policy's step
     */
    public static TwapSchedule plan(BigDecimal quantity, BigDecimal price, Instant start, RoutingPolicy policy) {
        Objects.requireNonNull(price, "price");
        Objects.requireNonNull(start, "start");
        if (quantity == null || quantity.signum() <= 0 || !onStep(quantity, policy.quantityStep())) {
            throw new IllegalArgumentException("quantity must be a positive multiple of " + policy.quantityStep() + ", got " + quantity);
        }
        BigInteger steps = quantity.divide(policy.quantityStep()).toBigIntegerExact();
        for (int n = policy.twapSlices(); n > 1; n--) {
            BigDecimal equal = new BigDecimal(steps.divide(BigInteger.valueOf(n))).multiply(policy.quantityStep());
            if (equal.signum() > 0 && equal.compareTo(policy.minSliceQuantity()) >= 0
                    && equal.multiply(price).compareTo(policy.minSliceNotional()) >= 0) {
                return build(quantity, equal, n, start, policy);
            }
        }
        return new TwapSchedule(List.of(new TwapSlice(0, quantity, start)));
    }

    private static TwapSchedule build(BigDecimal quantity, BigDecimal equal, int n, Instant start, RoutingPolicy policy) {
        List<TwapSlice> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            BigDecimal q = i < n - 1 ? equal : quantity.subtract(equal.multiply(BigDecimal.valueOf(n - 1L)));
            out.add(new TwapSlice(i, q, start.plus(policy.twapInterval().multipliedBy(i))));
        }
        return new TwapSchedule(out);
    }

    static boolean onStep(BigDecimal quantity, BigDecimal step) {
        return quantity.remainder(step).signum() == 0;
    }

    /** The sum of the slices' quantities. */
    public BigDecimal total() {
        return slices.stream().map(TwapSlice::quantity).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /** The largest slice's quantity (the last one, which carries the remainder). */
    public BigDecimal largestSlice() {
        return slices.stream().map(TwapSlice::quantity).max(BigDecimal::compareTo).orElseThrow();
    }

    /**
     * This schedule with the slice numbered {@code index} refused: its quantity moves onto the next slice
     * (which keeps its time), the slice is dropped; empty when it is the last slice (the remainder is abandoned).
     *
     * @throws IllegalArgumentException when no slice has that number
     */
    public Optional<TwapSchedule> deferred(int index) {
        int at = -1;
        for (int i = 0; i < slices.size(); i++) {
            if (slices.get(i).index() == index) {
                at = i;
            }
        }
        if (at < 0) {
            throw new IllegalArgumentException("no slice numbered " + index);
        }
        if (at == slices.size() - 1) {
            return Optional.empty();
        }
        List<TwapSlice> out = new ArrayList<>(slices);
        TwapSlice refused = out.remove(at);
        TwapSlice next = out.get(at);
        out.set(at, new TwapSlice(next.index(), next.quantity().add(refused.quantity()), next.dueAt()));
        return Optional.of(new TwapSchedule(out));
    }
}
