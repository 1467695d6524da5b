package dev.sextant.prediction.adapter;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Runs a step that touches our own infrastructure (PostgreSQL, a Kafka publish) until it succeeds:
 * a failure is retried with a bounded back-off (0.5 s doubling to 5 s) while the application runs.
 * Once Quarkus is shutting down, a failing step throws {@link ShuttingDownException} instead, so the
 * consumer leaves the record unacknowledged and it is redelivered after the restart. An
 * infrastructure failure therefore never sends a valid record to a dead-letter topic.
 */
@ApplicationScoped
public class InfraRetry {
    private static final Logger LOG = Logger.getLogger(InfraRetry.class);
    static final Duration FIRST_DELAY = Duration.ofMillis(500);
    static final Duration MAX_DELAY = Duration.ofSeconds(5);

    private final CountDownLatch shutdown = new CountDownLatch(1);
    private final PredictionMetrics metrics;
    private final Duration firstDelay;
    private final Duration maxDelay;

    @Inject
    public InfraRetry(PredictionMetrics metrics) {
        this(metrics, FIRST_DELAY, MAX_DELAY);
    }

    InfraRetry(PredictionMetrics metrics, Duration firstDelay, Duration maxDelay) {
        this.metrics = metrics;
        this.firstDelay = firstDelay;
        this.maxDelay = maxDelay;
    }

    /** Marks the application as stopping (early: before the clients are closed) and wakes every waiting retry. */
    void onShutdown(@Observes @Priority(1) ShutdownEvent event) {
        shutdown();
    }

    void shutdown() {
        shutdown.countDown();
    }

    boolean shuttingDown() {
        return shutdown.getCount() == 0;
    }

    /** Runs {@code step} until it succeeds; {@code what} names it in logs and metrics. */
    public void run(String what, Runnable step) {
        call(what, () -> {
            step.run();
            return null;
        });
    }

    /** Calls {@code step} until it returns; {@code what} names it in logs and metrics. */
    public <T> T call(String what, Supplier<T> step) {
        Duration delay = firstDelay;
        for (int attempt = 1; ; attempt++) {
            if (shuttingDown() && attempt > 1) {
                throw new ShuttingDownException(what, null);
            }
            try {
                T result = step.get();
                if (attempt > 1) {
                    LOG.infof("%s succeeded after %d attempts", what, attempt);
                }
                return result;
            } catch (RuntimeException e) {
                if (Failures.isInvalidInput(e)) {
                    throw e;
                }
                if (shuttingDown()) {
                    throw new ShuttingDownException(what, e);
                }
                metrics.infraRetry(what);
                LOG.warnf("%s failed (attempt %d), retrying in %d ms: %s", what, attempt, delay.toMillis(), e.toString());
                await(delay);
                delay = delay.multipliedBy(2).compareTo(maxDelay) > 0 ? maxDelay : delay.multipliedBy(2);
            }
        }
    }

    private void await(Duration delay) {
        try {
            shutdown.await(delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ShuttingDownException("interrupted while waiting to retry", e);
        }
    }

    /** An infrastructure step failed while the application is stopping: the record must stay unacknowledged. */
    public static final class ShuttingDownException extends RuntimeException {
        public ShuttingDownException(String what, Throwable cause) {
            super(what + " failed while the application is shutting down; the record stays uncommitted", cause);
        }
    }
}
