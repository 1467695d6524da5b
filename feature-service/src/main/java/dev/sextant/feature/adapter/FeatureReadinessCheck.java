package dev.sextant.feature.adapter;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the feature engines were rebuilt from {@code candle_window} after start-up. */
@Readiness
@ApplicationScoped
public class FeatureReadinessCheck implements HealthCheck {

    private final FeatureState state;

    public FeatureReadinessCheck(FeatureState state) {
        this.state = state;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder builder = HealthCheckResponse.named("feature-state-rebuilt")
                .status(state.isRebuilt())
                .withData("series", state.seriesCount());
        String error = state.lastRebuildError();
        if (!state.isRebuilt() && error != null) {
            builder.withData("lastError", error);
        }
        return builder.build();
    }
}
