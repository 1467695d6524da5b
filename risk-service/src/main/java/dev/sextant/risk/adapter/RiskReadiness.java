package dev.sextant.risk.adapter;

import dev.sextant.kit.lease.InstanceLease;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the engine's state is restored from the database (and again after a failed write reloads it). */
@Readiness
@ApplicationScoped
public class RiskReadiness implements HealthCheck {
    private final RiskService service;
    /** A standby restores nothing until it holds the lease: it is ready as a standby (check {@code instance}). */
    @Inject
    InstanceLease lease;

    public RiskReadiness(RiskService service) {
        this.service = service;
    }

    @Override
    public HealthCheckResponse call() {
        if (lease != null && lease.isStandby()) {
            return HealthCheckResponse.named("risk-state").up().withData("role", "standby").build();
        }
        return HealthCheckResponse.named("risk-state").status(service.isReady()).build();
    }
}
