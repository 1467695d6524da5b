package dev.sextant.kit.consumer;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * The consumer policy in the service's readiness: always UP (a parked record must not take the whole service out of
 * rotation), with {@code state} = OK or DEGRADED, the number of parked records, the keys held behind them and any
 * consumer whose batch flush is stalled. The alert is on {@code sextant_consumer_degraded}.
 */
@Readiness
@ApplicationScoped
public class ConsumerPolicyHealth implements HealthCheck {
    private final ConsumerPolicy policy;

    public ConsumerPolicyHealth(ConsumerPolicy policy) {
        this.policy = policy;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder builder = HealthCheckResponse.named("consumer-policy").up();
        policy.state().forEach((k, v) -> builder.withData(k, String.valueOf(v)));
        return builder.build();
    }
}
