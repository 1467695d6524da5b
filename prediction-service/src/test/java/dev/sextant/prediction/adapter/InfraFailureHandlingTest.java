package dev.sextant.prediction.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.json.EventCodec;
import dev.sextant.contracts.json.EventDecodingException;
import dev.sextant.kit.BestEffort;
import dev.sextant.prediction.TestEvents;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

/**
 * "Nothing is lost": only invalid input is dead-lettered (nacked); a failure of our own
 * infrastructure is retried while running and leaves the record unacknowledged on shutdown.
 */
class InfraFailureHandlingTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final PredictionMetrics metrics = new PredictionMetrics(registry);
    private final InfraRetry retry = new InfraRetry(metrics, Duration.ofMillis(1), Duration.ofMillis(5));

    /** A message that records whether it was acked or nacked (and why). */
    private static final class Tracked {
        final AtomicInteger acks = new AtomicInteger();
        final AtomicReference<Throwable> nack = new AtomicReference<>();
        final Message<String> message;

        Tracked(String payload) {
            message = Message.of(payload,
                    () -> {
                        acks.incrementAndGet();
                        return CompletableFuture.completedFuture(null);
                    },
                    reason -> {
                        nack.set(reason);
                        return CompletableFuture.completedFuture(null);
                    });
        }
    }

    /** An OutcomeTracker whose database fails {@code failures} times (or forever when negative). */
    private static final class FlakyTracker extends OutcomeTracker {
        final AtomicInteger remainingFailures;
        final AtomicInteger stored = new AtomicInteger();

        FlakyTracker(PredictionMetrics metrics, int failures) {
            super(null, metrics, Clock.systemUTC());
            this.remainingFailures = new AtomicInteger(failures);
        }

        @Override
        public void onCandle(CandleClosed candle) {
            if (remainingFailures.getAndDecrement() != 0) {
                throw new IllegalStateException("Client is closed");
            }
            stored.incrementAndGet();
        }
    }

    private static String candle() {
        return EventCodec.encode(TestEvents.candle("BTCUSDT", Instant.parse("2024-01-01T00:00:00Z"), "42000.5"));
    }

    @Test
    void classifiesOnlyInvalidInputAsDeadLetter() {
        assertThat(Failures.classify(null)).isEqualTo(Failures.Decision.ACK);
        assertThat(Failures.classify(new EventDecodingException("not json", null, null))).isEqualTo(Failures.Decision.DEAD_LETTER);
        assertThat(Failures.classify(new FeaturesConsumer.IncompatibleFeaturesException("fs-v0 vs fs-v1")))
                .isEqualTo(Failures.Decision.DEAD_LETTER);
        assertThat(Failures.classify(new InfraRetry.ShuttingDownException("storing", new IllegalStateException("Client is closed"))))
                .isEqualTo(Failures.Decision.LEAVE_UNCOMMITTED);
        assertThat(Failures.classify(new IllegalStateException("Client is closed")))
                .isEqualTo(Failures.Decision.LEAVE_UNCOMMITTED);
    }

    @Test
    void invalidPayloadIsNackedForTheDeadLetterTopic() {
        CandlesConsumer consumer = new CandlesConsumer(new FlakyTracker(metrics, 0), metrics, retry);
        Tracked tracked = new Tracked("{not a candle");

        consumer.onCandle(tracked.message).toCompletableFuture().join();

        assertThat(tracked.nack.get()).isInstanceOf(EventDecodingException.class);
        assertThat(tracked.acks).hasValue(0);
    }

    @Test
    void databaseFailureWhileRunningIsRetriedThenAcked() {
        FlakyTracker tracker = new FlakyTracker(metrics, 3);
        CandlesConsumer consumer = new CandlesConsumer(tracker, metrics, retry);
        Tracked tracked = new Tracked(candle());

        consumer.onCandle(tracked.message).toCompletableFuture().join();

        assertThat(tracker.stored).hasValue(1);
        assertThat(tracked.acks).hasValue(1);
        assertThat(tracked.nack.get()).isNull();
        assertThat(registry.find("sextant.prediction.infra.retries").counter().count()).isEqualTo(3.0);
    }

    @Test
    void databaseFailureDuringShutdownIsNeitherAckedNorDeadLettered() {
        FlakyTracker tracker = new FlakyTracker(metrics, -1);
        CandlesConsumer consumer = new CandlesConsumer(tracker, metrics, retry);
        retry.shutdown();
        Tracked tracked = new Tracked(candle());

        consumer.onCandle(tracked.message).toCompletableFuture().join();

        assertThat(tracker.stored).hasValue(0);
        assertThat(tracked.nack.get()).isNull();
        assertThat(tracked.acks).hasValue(0);
    }

    @Test
    void shutdownStopsARetryLoopInProgress() {
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> retry.run("publishing", () -> {
            if (attempts.incrementAndGet() == 2) {
                retry.shutdown();
            }
            throw new IllegalStateException("producer closed");
        })).isInstanceOf(InfraRetry.ShuttingDownException.class)
                .hasRootCauseMessage("producer closed");
        assertThat(attempts).hasValue(2);
    }

    @Test
    void invalidInputIsNotRetried() {
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> retry.run("decoding", () -> {
            attempts.incrementAndGet();
            throw new EventDecodingException("bad", null, null);
        })).isInstanceOf(EventDecodingException.class);
        assertThat(attempts).hasValue(1);
    }

    @Test
    void bestEffortCacheWriteSwallowsAndCountsFailures() {
        BestEffort cache = new BestEffort("Redis latest-prediction write", metrics::redisWriteFailed);

        assertThat(cache.run(() -> {
            throw new IllegalStateException("Client is closed");
        })).isFalse();
        assertThat(cache.run(() -> {
            throw new IllegalStateException("Client is closed");
        })).isFalse();
        AtomicInteger written = new AtomicInteger();
        assertThat(cache.run(written::incrementAndGet)).isTrue();

        assertThat(written).hasValue(1);
        assertThat(registry.find("sextant.prediction.redis.write.failures").counter().count()).isEqualTo(2.0);
    }
}
