package dev.sextant.collector.exchange;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Leave to send one request of {@link #weight()} to Binance, granted by a {@link WeightBudget} and already counted in
 * its window. Only the budget makes permits (the constructor is package-private), so an HTTP adapter whose send method
 * takes a {@code Permit} cannot be called without asking the budget: forgetting it does not compile.
 *
 * <p>The adapter's send method calls {@link #use()} first (which also rejects {@code null} by throwing), then sends,
 * then hands the response's status and headers to {@link WeightBudget#observe}:
 * <pre>{@code
 * Response send(Permit permit, Request request) {
 *     permit.use();
 *     Response response = http.send(request);
 *     budget.observe(permit, response.status(), response.headers());
 *     return response;
 * }
 * }</pre> A permit serves one request, and only
 * for a short time after it was granted ({@link WeightBudget.Settings#permitValidity()}), so permits cannot be hoarded
 * in one window and spent in the next.
 */
public final class Permit {
    private final int weight;
    private final String windowKey;
    private final Instant grantedAt;
    private final Instant expiresAt;
    private final Clock clock;
    private final AtomicBoolean used = new AtomicBoolean();

    Permit(int weight, String windowKey, Instant grantedAt, Instant expiresAt, Clock clock) {
        this.weight = weight;
        this.windowKey = windowKey;
        this.grantedAt = grantedAt;
        this.expiresAt = expiresAt;
        this.clock = clock;
    }

    /** The weight counted for this request. */
    public int weight() {
        return weight;
    }

    public Instant grantedAt() {
        return grantedAt;
    }

    /** After this instant the permit can no longer be used. */
    public Instant expiresAt() {
        return expiresAt;
    }

    /** Whether {@link #use()} was called. */
    public boolean used() {
        return used.get();
    }

    /**
     * Spends the permit, just before the request goes out.
     *
     * @throws IllegalStateException when it was already used or has expired: ask the budget again
     */
    public void use() {
        Instant now = clock.instant();
        if (now.isAfter(expiresAt)) {
            throw new IllegalStateException("permit for weight " + weight + " granted at " + grantedAt + " expired at "
                    + expiresAt + "; ask the budget again");
        }
        if (!used.compareAndSet(false, true)) {
            throw new IllegalStateException("permit for weight " + weight + " granted at " + grantedAt
                    + " was already used: one permit, one request");
        }
    }

    /** The store key of the window the permit's weight was counted in. */
    String windowKey() {
        return windowKey;
    }
}
