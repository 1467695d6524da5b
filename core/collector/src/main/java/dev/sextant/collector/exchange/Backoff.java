package dev.sextant.collector.exchange;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How long to wait before the next connection attempt: exponential back-off with <b>full jitter</b>. The n-th
 * consecutive failure (n = 0, 1, 2...) waits a uniformly random time in {@code [0, envelope(n)]}, where
 * {@code envelope(n) = min(cap, base * 2^n)}: 1 s, 2 s, 4 s ... 32 s, then 60 s for good with the defaults. Full jitter
 * ("Exponential Backoff And Jitter", AWS Architecture Blog, 2015) spreads the reconnects of many connections that
 * dropped together (a Binance restart) over the whole envelope instead of bunching them at its edge, which matters
 * under Binance's 300 connection attempts per 5 minutes per IP ({@link BinanceLimits#MAX_CONNECTIONS_PER_FIVE_MINUTES}).
 *
 * <p>Call {@link #connected()} when a connection is up, {@link #nextDelay()} when it drops or an attempt fails. A
 * connection that stayed up at least {@code stableAfter} ends the run of failures: the next delay starts from the
 * base again. One instance per connection; thread-safe. Randomness is injected (a seeded generator in tests).
 */
public final class Backoff {

    /**
     * @param base the first envelope, positive
     * @param cap the largest envelope, at least {@code base}
     * @param stableAfter how long a connection must stay up to reset the back-off, positive
     */
    public record Policy(Duration base, Duration cap, Duration stableAfter) {
        /** 1 s, doubling to 60 s; reset after a connection held 60 s. */
        public static final Policy DEFAULT = new Policy(Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(60));

        public Policy {
            Objects.requireNonNull(base, "base");
            Objects.requireNonNull(cap, "cap");
            Objects.requireNonNull(stableAfter, "stableAfter");
            if (base.isNegative() || base.isZero()) {
                throw new IllegalArgumentException("base must be positive, got " + base);
            }
            if (cap.compareTo(base) < 0) {
                throw new IllegalArgumentException("cap " + cap + " must be at least base " + base);
            }
            if (stableAfter.isNegative() || stableAfter.isZero()) {
                throw new IllegalArgumentException("stableAfter must be positive, got " + stableAfter);
            }
        }

        /** {@code min(cap, base * 2^failures)}. */
        public Duration envelope(int failures) {
            if (failures < 0) {
                throw new IllegalArgumentException("failures must be >= 0, got " + failures);
            }
            long capMs = cap.toMillis();
            long ms = base.toMillis();
            for (int i = 0; i < failures && ms < capMs; i++) {
                ms *= 2; // ms < capMs before doubling, so no overflow for any Duration-sized cap in practice
            }
            return Duration.ofMillis(Math.min(ms, capMs));
        }
    }

    private final Policy policy;
    private final Clock clock;
    private final RandomGenerator random;
    private int failures;
    private Instant connectedAt;

    public Backoff(Policy policy, Clock clock, RandomGenerator random) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** A connection is up (from now on its lifetime counts towards {@code stableAfter}). */
    public synchronized void connected() {
        connectedAt = clock.instant();
    }

    /**
     * The connection dropped or the attempt failed: the wait before the next attempt, in {@code [0, envelope]}. When
     * the connection had been up for {@code stableAfter} the run of failures starts again from the base.
     */
    public synchronized Duration nextDelay() {
        Instant now = clock.instant();
        if (connectedAt != null && Duration.between(connectedAt, now).compareTo(policy.stableAfter()) >= 0) {
            failures = 0;
        }
        connectedAt = null;
        long envelope = policy.envelope(failures).toMillis();
        if (failures < Integer.MAX_VALUE) {
            failures++;
        }
        return Duration.ofMillis(random.nextLong(envelope + 1));
    }

    /** Consecutive failures so far (0 after a stable connection or {@link #reset()}); for metrics. */
    public synchronized int failures() {
        return failures;
    }

    /** The envelope the next delay will be drawn from, assuming the current connection (if any) is not yet stable. */
    public synchronized Duration nextEnvelope() {
        return policy.envelope(failures);
    }

    /** Forgets the failures (an operator's reconnect, a configuration change). */
    public synchronized void reset() {
        failures = 0;
        connectedAt = null;
    }
}
