package dev.sextant.risk.adapter;

import dev.sextant.contracts.json.EventDecodingException;
import dev.sextant.kit.InfrastructureRetry;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;

/**
 * Handles one consumed record so that nothing is lost: only invalid input (a payload that does not
 * decode, a command the engine refuses: {@link EventDecodingException} / {@link IllegalArgumentException},
 * properties of the record itself) is reported as {@link Outcome#INVALID} for the dead-letter topic.
 * Any other failure is our infrastructure (PostgreSQL, Kafka publish) and is retried with bounded
 * back-off for as long as the application runs; once it is stopping the outcome is
 * {@link Outcome#STOPPED}: the record is neither acknowledged nor dead-lettered, so it is
 * redelivered after the restart.
 */
final class InfraRetry {
    private static final Logger LOG = Logger.getLogger(InfraRetry.class);

    /** What became of a record. */
    enum Outcome { DONE, INVALID, STOPPED }

    /** The result of {@link #run}: the outcome and, when invalid, why. */
    record Result(Outcome outcome, Throwable failure) {}

    /** Waits between attempts (replaceable in tests). */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final Duration firstBackoff;
    private final Duration maxBackoff;
    private final BooleanSupplier running;
    private final Sleeper sleeper;
    private final Runnable onRetry;

    InfraRetry(Duration firstBackoff, Duration maxBackoff, BooleanSupplier running, Sleeper sleeper, Runnable onRetry) {
        this.firstBackoff = firstBackoff;
        this.maxBackoff = maxBackoff;
        this.running = running;
        this.sleeper = sleeper;
        this.onRetry = onRetry;
    }

    /**
     * True when the failure is a property of the record (it would fail again on every attempt): the
     * platform-wide rule of {@link InfrastructureRetry#isInvalidInput}.
     */
    static boolean isInvalidInput(Throwable failure) {
        return InfrastructureRetry.isInvalidInput(failure);
    }

    /** Runs {@code work} until it succeeds, fails on invalid input, or the application stops. */
    Result run(String what, Runnable work) {
        Duration backoff = firstBackoff;
        while (true) {
            if (!running.getAsBoolean()) {
                return new Result(Outcome.STOPPED, null);
            }
            try {
                work.run();
                return new Result(Outcome.DONE, null);
            } catch (RuntimeException e) {
                if (isInvalidInput(e)) {
                    return new Result(Outcome.INVALID, e);
                }
                if (!running.getAsBoolean()) {
                    LOG.infof("stopping while handling %s (%s); the record stays unacknowledged and is redelivered after restart",
                            what, e.getMessage());
                    return new Result(Outcome.STOPPED, e);
                }
                onRetry.run();
                LOG.warnf("cannot handle %s because of an infrastructure failure (%s); retrying in %d ms",
                        what, e.getMessage(), backoff.toMillis());
                try {
                    sleeper.sleep(backoff);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return new Result(Outcome.STOPPED, e);
                }
                backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
            }
        }
    }
}
