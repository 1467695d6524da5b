package dev.sextant.execution.adapter;

import dev.sextant.kit.lease.InstanceLease;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once open orders and positions are rebuilt from the database and the stored events are published. */
@Readiness
@ApplicationScoped
public class ExecutionReadiness implements HealthCheck {
    private final ExecutionService service;
    /** A standby rebuilds nothing until it holds the lease: it is ready as a standby (check {@code instance}). */
    @Inject
    InstanceLease lease;

    public ExecutionReadiness(ExecutionService service) {
        this.service = service;
    }

    @Override
    public HealthCheckResponse call() {
        var builder = HealthCheckResponse.named("execution-state");
        if (lease != null && lease.isStandby()) {
            return builder.up().withData("role", "standby").build();
        }
        if (!service.isReady()) {
            return builder.down().withData("reason", String.valueOf(service.notReadyReason())).build();
        }
        builder.up()
                .withData("openPositions", service.openPositions().size())
                .withData("workingEntries", service.workingEntries().size());
        String problem = service.notReadyReason();
        if (problem != null) {
            builder.down().withData("reason", problem);
        }
        return builder.build();
    }
}
