package dev.sextant.prediction.adapter;

import dev.sextant.prediction.domain.ModelMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the model is loaded; reports which one. */
@Readiness
@ApplicationScoped
public class ModelReadinessCheck implements HealthCheck {
    private final ModelHolder models;

    public ModelReadinessCheck(ModelHolder models) {
        this.models = models;
    }

    @Override
    public HealthCheckResponse call() {
        if (!models.loaded()) {
            return HealthCheckResponse.down("model");
        }
        ModelMetadata m = models.model().metadata();
        return HealthCheckResponse.named("model").up()
                .withData("modelId", m.modelId())
                .withData("modelVersion", m.modelVersion())
                .withData("featureSetVersion", m.featureSetVersion())
                .build();
    }
}
