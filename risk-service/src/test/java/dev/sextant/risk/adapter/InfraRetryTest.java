package dev.sextant.risk.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.contracts.event.PredictionMade;
import dev.sextant.contracts.json.EventCodec;
import java.lang.reflect.Proxy;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Infrastructure failures are retried (never dead-lettered); only invalid input is reported for the DLQ. */
class InfraRetryTest {
    private final List<Duration> sleeps = new ArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger retries = new AtomicInteger();
    private final InfraRetry retry = new InfraRetry(Duration.ofMillis(500), Duration.ofSeconds(5), running::get,
            sleeps::add, retries::incrementAndGet);

    /** A store whose database refuses the first {@code failures} connections. */
    private static RiskStore storeFailing(int failures, AtomicInteger attempts) {
        DataSource ds = (DataSource) Proxy.newProxyInstance(InfraRetryTest.class.getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        if (attempts.incrementAndGet() <= failures) {
                            throw new SQLException("Connection refused (simulated)");
                        }
                        return (java.sql.Connection) Proxy.newProxyInstance(InfraRetryTest.class.getClassLoader(),
                                new Class<?>[] {java.sql.Connection.class}, (p, m, a) -> null);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        return new RiskStore(ds);
    }

    @Test
    void aDatabaseFailureIsRetriedWithBoundedBackoffUntilItSucceeds() {
        AtomicInteger attempts = new AtomicInteger();
        RiskStore store = storeFailing(7, attempts);

        InfraRetry.Result result = retry.run("a predictions record", () -> store.inTransaction(tx -> null));

        assertThat(result.outcome()).isEqualTo(InfraRetry.Outcome.DONE);
        assertThat(attempts).hasValue(8);
        assertThat(retries).hasValue(7);
        assertThat(sleeps).extracting(Duration::toMillis).containsExactly(500L, 1000L, 2000L, 4000L, 5000L, 5000L, 5000L);
    }

    @Test
    void theStoresFailureIsClassifiedAsInfrastructureNotInvalidInput() {
        RiskStore store = storeFailing(1, new AtomicInteger());
        RuntimeException failure = null;
        try {
            store.inTransaction(tx -> null);
        } catch (RuntimeException e) {
            failure = e;
        }
        assertThat(failure).isNotNull();
        assertThat(InfraRetry.isInvalidInput(failure)).isFalse();
    }

    @Test
    void anUndecodablePayloadIsInvalidAndNotRetried() {
        AtomicInteger attempts = new AtomicInteger();

        InfraRetry.Result result = retry.run("a predictions record", () -> {
            attempts.incrementAndGet();
            EventCodec.decode("{not json", PredictionMade.class);
        });

        assertThat(result.outcome()).isEqualTo(InfraRetry.Outcome.INVALID);
        assertThat(result.failure()).hasMessageContaining("PredictionMade");
        assertThat(attempts).hasValue(1);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void aRefusedCommandIsInvalidAndNotRetried() {
        InfraRetry.Result result = retry.run("a control record", () -> {
            throw new IllegalArgumentException("risk setting 'risk-per-trade' must be a fraction");
        });

        assertThat(result.outcome()).isEqualTo(InfraRetry.Outcome.INVALID);
        assertThat(retries).hasValue(0);
    }

    @Test
    void stoppingDuringAnOutageNeitherAcksNorDeadLetters() {
        AtomicInteger attempts = new AtomicInteger();

        InfraRetry.Result result = retry.run("a fills record", () -> {
            if (attempts.incrementAndGet() == 3) {
                running.set(false); // ShutdownEvent while the clients are closing
            }
            throw new IllegalStateException("Client is closed");
        });

        assertThat(result.outcome()).isEqualTo(InfraRetry.Outcome.STOPPED);
        assertThat(attempts).hasValue(3);
        assertThat(sleeps).hasSize(2);
    }

    @Test
    void nothingIsAttemptedOnceStopped() {
        running.set(false);
        AtomicInteger attempts = new AtomicInteger();

        InfraRetry.Result result = retry.run("a features record", attempts::incrementAndGet);

        assertThat(result.outcome()).isEqualTo(InfraRetry.Outcome.STOPPED);
        assertThat(attempts).hasValue(0);
    }
}
