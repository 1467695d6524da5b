package dev.sextant.kit;

import dev.sextant.contracts.json.EventDecodingException;
import dev.sextant.kit.consumer.FailureKind;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Runs one infrastructure step of a consumer (a database write, a Redis read, a Kafka publish) so that an
 * infrastructure failure never dead-letters a valid record:
 * <ul>
 *   <li>a failure of our infrastructure ({@link FailureKind#INFRASTRUCTURE}: database, broker, network, a timed-out
 *       or interrupted wait) is retried with a doubling back-off (initial → max), logged once per burst and once more
 *       when the step succeeds again;</li>
 *   <li>anything else is rethrown at once: invalid input ({@link EventDecodingException},
 *       {@link IllegalArgumentException}: a property of the record itself), which the consumer policy dead-letters,
 *       and a bug, which it parks ({@link dev.sextant.kit.consumer.BatchRunner});</li>
 *   <li>when the application is shutting down the step is not retried and the record is
 *       <em>held</em>: the consumer thread neither returns (which would ack and commit the offset)
 *       nor throws (which would dead-letter it), so the uncommitted record is redelivered after the
 *       restart.</li>
 * </ul>
 */
public final class InfrastructureRetry {

    /** Sleeps between attempts; replaceable in tests. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private static final Logger LOG = Logger.getLogger(InfrastructureRetry.class);

    private final Duration initial;
    private final Duration max;
    private final BooleanSupplier running;
    private final Sleeper sleeper;
    private final Runnable hold;
    private final Runnable onRetry;

    /**
     * @param running false once the application is shutting down
     * @param hold    called instead of retrying while shutting down; must not return normally in
     *                production (see {@link #holdForever()})
     */
    public InfrastructureRetry(Duration initial, Duration max, BooleanSupplier running, Sleeper sleeper, Runnable hold) {
        this(initial, max, running, sleeper, hold, () -> { });
    }

    /** @param onRetry called once per failed attempt that is retried (e.g. increments a metric) */
    public InfrastructureRetry(Duration initial, Duration max, BooleanSupplier running, Sleeper sleeper, Runnable hold,
                               Runnable onRetry) {
        this.initial = initial;
        this.max = max;
        this.running = running;
        this.sleeper = sleeper;
        this.hold = hold;
        this.onRetry = onRetry;
    }

    /** The production policy: 0.5 s doubling to 5 s, real sleeps, hold forever on shutdown. */
    public static InfrastructureRetry standard(BooleanSupplier running) {
        return new InfrastructureRetry(Duration.ofMillis(500), Duration.ofSeconds(5), running,
                d -> Thread.sleep(d.toMillis()), InfrastructureRetry::holdForever);
    }

    /** True when the failure is a property of the record (dead-letter it). */
    public static boolean isInvalidInput(Throwable failure) {
        return FailureKind.of(failure) == FailureKind.INVALID;
    }

    /** Runs {@code step} until it succeeds or fails with something other than infrastructure (rethrown). */
    public <T> T call(String what, Supplier<T> step) {
        Duration backoff = initial;
        int failures = 0;
        while (true) {
            try {
                T result = step.get();
                if (failures > 0) {
                    LOG.infof("%s succeeded after %d failed attempt(s)", what, failures);
                }
                return result;
            } catch (RuntimeException e) {
                if (FailureKind.of(e) != FailureKind.INFRASTRUCTURE) {
                    throw e;
                }
                if (!running.getAsBoolean()) {
                    LOG.warnf("shutting down while %s fails (%s): the record stays uncommitted and is redelivered "
                            + "after the restart", what, e.getMessage());
                    hold.run();
                    throw new IllegalStateException("hold returned for " + what, e);
                }
                onRetry.run();
                if (failures++ == 0) {
                    LOG.warnf("cannot %s (%s); retrying with back-off %d ms .. %d ms until it succeeds",
                            what, e.getMessage(), initial.toMillis(), max.toMillis());
                }
                try {
                    sleeper.sleep(backoff);
                } catch (InterruptedException ie) {
                    // interrupt consumed: try again now; once shutting down the next failure is held
                }
                backoff = backoff.multipliedBy(2).compareTo(max) > 0 ? max : backoff.multipliedBy(2);
            }
        }
    }

    /** Convenience for steps without a result. */
    public void run(String what, Runnable step) {
        call(what, () -> {
            step.run();
            return null;
        });
    }

    /** Holds the consumer thread as this policy does on shutdown (see {@link #holdForever()}). */
    public void hold() {
        hold.run();
    }

    /**
     * Blocks the consumer thread until the process exits: returning would acknowledge the record
     * (its offset committed) and throwing would dead-letter it. Interrupts are ignored for that reason.
     */
    public static void holdForever() {
        while (true) {
            try {
                Thread.sleep(60_000L);
            } catch (InterruptedException ignored) {
                // keep holding: the record must be neither acknowledged nor dead-lettered
            }
        }
    }
}
