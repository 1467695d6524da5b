package dev.sextant.risk.adapter;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * risk-service's meters (Prometheus names in the README): events consumed per topic (dead letters and parked records: the consumer policy's sextant_consumer_* meters),
 * decisions by outcome, decision latency (histogram), trading-state changes, Redis failures.
 */
@ApplicationScoped
public class RiskMetrics {
    private final MeterRegistry registry;
    private final Timer decisionLatency;
    private final Map<String, Counter> consumed = new ConcurrentHashMap<>();

    public RiskMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.decisionLatency = Timer.builder("sextant.risk.decision.latency")
                .description("Time from receiving the completing input to a persisted and published decision")
                .publishPercentileHistogram()
                .register(registry);
    }

    public void consumed(String topic) {
        consumed.computeIfAbsent(topic, t -> Counter.builder("sextant.risk.events.consumed").tag("topic", t).register(registry))
                .increment();
    }

    public void decision(boolean approved, Duration took) {
        Counter.builder("sextant.risk.decisions").tag("approved", Boolean.toString(approved)).register(registry).increment();
        decisionLatency.record(took);
    }

    public void stateChanged(String state) {
        Counter.builder("sextant.risk.trading.state.changes").tag("state", state).register(registry).increment();
    }

    public void redisFailure() {
        Counter.builder("sextant.risk.redis.write.failures")
                .description("Redis latest-state writes that failed (best-effort cache, the record is still handled)")
                .register(registry).increment();
    }

    /** A kernel-sequencer step by outcome (STEPPED, ANSWERED, and the timeouts: DENIED_UNCONFIRMED, SKIPPED, ...). */
    public void sequencerStep(String outcome) {
        Counter.builder("sextant.risk.sequencer.steps").description("Kernel-sequencer steps by outcome")
                .tag("outcome", outcome).register(registry).increment();
    }

    public MeterRegistry registry() {
        return registry;
    }
}
