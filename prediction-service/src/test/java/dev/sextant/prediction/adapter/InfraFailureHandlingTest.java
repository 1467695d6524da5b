package dev.sextant.prediction.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.json.EventCodec;
import dev.sextant.contracts.topic.Topics;
import dev.sextant.kit.BestEffort;
import dev.sextant.kit.consumer.TestPolicy;
import dev.sextant.prediction.TestEvents;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * "Nothing is lost", for prediction-service's consumers under the platform's consumer policy: only invalid input is
 * dead-lettered; a failure of our own infrastructure is retried while running and held on shutdown; a bug parks
 * the record.
 */
class InfraFailureHandlingTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final PredictionMetrics metrics = new PredictionMetrics(registry);
    private final TestPolicy policy = new TestPolicy();

    /**
     * An OutcomeTracker whose database fails {@code failures} times (or forever when negative) when the batch is
     * flushed, or whose per-record step ({@code closeOf}, in apply) fails with {@code bugInApply}.
     */
    private static final class FlakyTracker extends OutcomeTracker {
        final AtomicInteger remainingFailures;
        final AtomicInteger stored = new AtomicInteger();
        RuntimeException failure = new IllegalStateException("cannot store 1 candle close(s): Connection refused",
                new SQLException("Connection refused", "08001"));
        RuntimeException bugInApply;

        FlakyTracker(PredictionMetrics metrics, int failures) {
            super(null, metrics, Clock.systemUTC());
            this.remainingFailures = new AtomicInteger(failures);
        }

        @Override
        public PredictionRepository.CandleClose closeOf(CandleClosed candle) {
            if (bugInApply != null) {
                RuntimeException bug = bugInApply;
                bugInApply = null;
                throw bug;
            }
            return super.closeOf(candle);
        }

        @Override
        public void onCandles(List<PredictionRepository.CandleClose> closes) {
            if (remainingFailures.getAndDecrement() != 0) {
                throw failure;
            }
            stored.addAndGet(closes.size());
        }
    }

    private static String candle() {
        return EventCodec.encode(TestEvents.candle("BTCUSDT", Instant.parse("2024-01-01T00:00:00Z"), "42000.5"));
    }

    @Test
    void invalidPayloadIsDeadLetteredWithItsReason() {
        FlakyTracker tracker = new FlakyTracker(metrics, 0);
        policy.process(Topics.CANDLES, new CandlesConsumer(tracker, null), "{not a candle", candle());

        assertThat(policy.deadLetters.reasons()).singleElement().asString().contains("CandleClosed");
        assertThat(tracker.stored).hasValue(1); // the next record flows
    }

    @Test
    void databaseFailureWhileRunningIsRetriedThenApplied() {
        FlakyTracker tracker = new FlakyTracker(metrics, 3);
        policy.process(Topics.CANDLES, new CandlesConsumer(tracker, null), candle());

        assertThat(tracker.stored).hasValue(1);
        assertThat(policy.sleeps).hasSize(3);
        assertThat(policy.deadLetters.sent).isEmpty();
        assertThat(policy.parked.rows).isEmpty();
    }

    @Test
    void databaseFailureDuringShutdownIsHeldNeitherCommittedNorDeadLettered() {
        FlakyTracker tracker = new FlakyTracker(metrics, -1);
        policy.running = false;

        assertThatThrownBy(() -> policy.process(Topics.CANDLES, new CandlesConsumer(tracker, null), candle()))
                .isInstanceOf(TestPolicy.Held.class);
        assertThat(tracker.stored).hasValue(0);
        assertThat(policy.deadLetters.sent).isEmpty();
        assertThat(policy.parked.rows).isEmpty();
    }

    @Test
    void aBugParksTheRecordInsteadOfRetryingItForever() {
        FlakyTracker tracker = new FlakyTracker(metrics, 0);
        tracker.bugInApply = new ArithmeticException("long overflow");
        policy.process(Topics.CANDLES, new CandlesConsumer(tracker, null), candle());

        assertThat(policy.parked.rows).singleElement().satisfies(p -> assertThat(p.error()).contains("long overflow"));
        assertThat(policy.sleeps).isEmpty();
        assertThat(policy.deadLetters.sent).isEmpty();
        assertThat(tracker.stored).as("nothing of the parked record is flushed").hasValue(0);
    }

    @Test
    void incompatibleFeaturesAreInvalidInput() {
        assertThat(new FeaturesConsumer.IncompatibleFeaturesException("fs-v0 vs fs-v1"))
                .isInstanceOf(IllegalArgumentException.class);
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
