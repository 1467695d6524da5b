package dev.sextant.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.json.EventCodec;
import dev.sextant.contracts.json.EventDecodingException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InfrastructureRetryTest {

    private final List<Duration> sleeps = new ArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger holds = new AtomicInteger();

    /** Thrown by the test hold so the test thread is not parked; it is not what production does. */
    static final class Held extends RuntimeException {
    }

    private InfrastructureRetry retry() {
        return new InfrastructureRetry(Duration.ofMillis(500), Duration.ofSeconds(5), running::get, sleeps::add, () -> {
            holds.incrementAndGet();
            throw new Held();
        });
    }

    @Test
    void infrastructureFailureIsRetriedWithBoundedBackoffUntilItSucceeds() {
        AtomicInteger calls = new AtomicInteger();
        String result = retry().call("store candle", () -> {
            if (calls.incrementAndGet() <= 6) {
                throw new IllegalStateException("cannot store candle: Connection refused",
                        new java.sql.SQLException("Connection refused", "08001"));
            }
            return "stored";
        });

        assertThat(result).isEqualTo("stored");
        assertThat(calls).hasValue(7);
        assertThat(sleeps).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2),
                Duration.ofSeconds(4), Duration.ofSeconds(5), Duration.ofSeconds(5));
        assertThat(holds).hasValue(0);
    }

    @Test
    void decodingFailureIsRethrownAtOnceForTheDeadLetterQueue() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> retry().call("decode", () -> {
            calls.incrementAndGet();
            return EventCodec.decode("{not json", CandleClosed.class);
        })).isInstanceOf(EventDecodingException.class);
        assertThat(calls).hasValue(1);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void domainValidationFailureIsRethrownAtOnce() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> retry().run("validate", () -> {
            calls.incrementAndGet();
            throw new IllegalArgumentException("high 1 is below low 2");
        })).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("below low");
        assertThat(calls).hasValue(1);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void classification() {
        assertThat(InfrastructureRetry.isInvalidInput(new EventDecodingException("bad json", null, null))).isTrue();
        assertThat(InfrastructureRetry.isInvalidInput(new IllegalArgumentException("high below low"))).isTrue();
        assertThat(InfrastructureRetry.isInvalidInput(new IllegalStateException("Client is closed"))).isFalse();
        assertThat(InfrastructureRetry.isInvalidInput(new RuntimeException("publish timeout"))).isFalse();
    }

    @Test
    void aBugIsRethrownAtOnceNotRetriedInALoop() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> retry().run("compute", () -> {
            calls.incrementAndGet();
            throw new ArithmeticException("long overflow");
        })).isInstanceOf(ArithmeticException.class);
        assertThat(calls).hasValue(1);
        assertThat(sleeps).isEmpty();
        assertThat(holds).hasValue(0);
    }

    @Test
    void shuttingDownHoldsTheRecordInsteadOfThrowingTheInfrastructureFailure() {
        AtomicInteger calls = new AtomicInteger();
        InfrastructureRetry retry = retry();
        // fails twice while running, then the application starts shutting down
        assertThatThrownBy(() -> retry.run("publish features", () -> {
            if (calls.incrementAndGet() == 2) {
                running.set(false);
            }
            throw new IllegalStateException("features not acknowledged by Kafka: timeout",
                    new java.util.concurrent.TimeoutException());
        })).isInstanceOf(Held.class); // never the infrastructure exception, which would dead-letter the record
        assertThat(calls).hasValue(2);
        assertThat(holds).hasValue(1);
        assertThat(sleeps).hasSize(1);
    }
}
