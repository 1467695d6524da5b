package dev.sextant.risk.adapter;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the engine's state is restored from the database (and again after a failed write reloads it). */
@Readiness
@ApplicationScoped
public class RiskReadiness implements HealthCheck {
    private final RiskService service;

    public RiskReadiness(RiskService service) {
        this.service = service;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("risk-state").status(service.isReady()).build();
    }
}
