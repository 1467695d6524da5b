package dev.sextant.kit.lease;

import io.quarkus.arc.properties.IfBuildProperty;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness check {@code instance}: UP for an active and for a standby instance (Kubernetes keeps a standby; it
 * receives no traffic that matters: the service's work comes from Kafka), with {@code role} active / standby / lost,
 * the lease's name, this instance's holder id and its fencing token. DOWN only while an instance is fenced (it
 * takes the lease back or halts).
 */
@Readiness
@ApplicationScoped
@IfBuildProperty(name = "sextant.lease.enabled", stringValue = "true")
public class InstanceRoleHealth implements HealthCheck {
    private final InstanceLease instance;

    public InstanceRoleHealth(InstanceLease instance) {
        this.instance = instance;
    }

    @Override
    public HealthCheckResponse call() {
        Lease lease = instance.lease();
        Lease.Role role = lease.role();
        return HealthCheckResponse.named("instance")
                .status(role == Lease.Role.ACTIVE || role == Lease.Role.STANDBY)
                .withData("role", role.name().toLowerCase())
                .withData("lease", lease.name())
                .withData("holder", lease.holder())
                .withData("token", lease.token())
                .build();
    }
}
