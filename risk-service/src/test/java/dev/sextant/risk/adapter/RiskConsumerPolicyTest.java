package dev.sextant.risk.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.contracts.event.PredictionMade;
import dev.sextant.contracts.topic.Topics;
import dev.sextant.kit.consumer.FailureKind;
import dev.sextant.kit.consumer.RecordProcessor;
import dev.sextant.kit.consumer.TestPolicy;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.Proxy;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** risk-service's inputs under the platform's consumer policy, with its real store failing like a database would. */
class RiskConsumerPolicyTest {
    private final TestPolicy policy = new TestPolicy();
    private final RiskConsumers consumers = new RiskConsumers(null, new RiskMetrics(new SimpleMeterRegistry()), null,
            dev.sextant.kit.CommandSignatures.off());

    /** A store whose database refuses the first {@code failures} connections. */
    private static RiskStore storeFailing(int failures, AtomicInteger attempts) {
        DataSource ds = (DataSource) Proxy.newProxyInstance(RiskConsumerPolicyTest.class.getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        if (attempts.incrementAndGet() <= failures) {
                            throw new SQLException("Connection refused (simulated)", "08001");
                        }
                        return (java.sql.Connection) Proxy.newProxyInstance(RiskConsumerPolicyTest.class.getClassLoader(),
                                new Class<?>[] {java.sql.Connection.class}, (p, m, a) -> null);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        return new RiskStore(ds);
    }

    private static final String PREDICTION = dev.sextant.contracts.json.EventCodec.encode(
            dev.sextant.risk.domain.TestEvents.prediction(dev.sextant.risk.domain.TestEvents.BTC,
                    java.time.Instant.parse("2024-01-01T00:00:00Z"), 0.7, 0.7));

    @Test
    void aDatabaseFailureIsRetriedWithBackOffUntilTheRecordIsApplied() {
        AtomicInteger attempts = new AtomicInteger();
        RiskStore store = storeFailing(4, attempts);
        RecordProcessor<PredictionMade> processor = consumers.processor(Topics.PREDICTIONS, PredictionMade.class,
                p -> store.inTransaction(tx -> null), () -> { });

        policy.process(Topics.PREDICTIONS, processor, PREDICTION);

        assertThat(attempts).hasValue(5);
        assertThat(policy.sleeps).hasSize(4);
        assertThat(policy.deadLetters.sent).isEmpty();
        assertThat(policy.parked.rows).isEmpty();
    }

    @Test
    void theStoresFailureIsClassifiedAsInfrastructure() {
        RiskStore store = storeFailing(1, new AtomicInteger());
        RuntimeException failure = null;
        try {
            store.inTransaction(tx -> null);
        } catch (RuntimeException e) {
            failure = e;
        }
        assertThat(FailureKind.of(failure)).isEqualTo(FailureKind.INFRASTRUCTURE);
    }

    @Test
    void anUndecodablePayloadAndARefusedCommandAreDeadLetteredNotRetried() {
        AtomicInteger applied = new AtomicInteger();
        RecordProcessor<PredictionMade> processor = consumers.processor(Topics.PREDICTIONS, PredictionMade.class, p -> {
            if (applied.incrementAndGet() == 1) {
                throw new IllegalArgumentException("risk setting 'risk-per-trade' must be a fraction");
            }
        }, () -> { });

        policy.process(Topics.PREDICTIONS, processor, "{not json", PREDICTION, PREDICTION);

        assertThat(policy.deadLetters.reasons()).hasSize(2);
        assertThat(policy.deadLetters.reasons().get(0)).contains("PredictionMade");
        assertThat(policy.deadLetters.reasons().get(1)).contains("risk-per-trade");
        assertThat(applied).hasValue(2);
        assertThat(policy.sleeps).isEmpty();
    }

    @Test
    void aBugParksTheRecordInsteadOfRetryingItForever() {
        AtomicInteger applied = new AtomicInteger();
        RecordProcessor<PredictionMade> processor = consumers.processor(Topics.PREDICTIONS, PredictionMade.class, p -> {
            applied.incrementAndGet();
            throw new ArithmeticException("long overflow");
        }, () -> { });

        policy.process(Topics.PREDICTIONS, processor, PREDICTION);

        assertThat(applied).hasValue(1);
        assertThat(policy.parked.rows).singleElement().satisfies(r -> assertThat(r.error()).contains("long overflow"));
        assertThat(policy.deadLetters.sent).isEmpty();
    }
}
