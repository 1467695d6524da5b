package dev.sextant.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServiceCatalogTest {

    private final ServiceCatalog catalog = ServiceCatalog.load(ServiceCatalog.root());

    @Test
    void readsEachServicesPortAndTheEnvironmentItNames() {
        assertThat(catalog.service("api-gateway").httpPort()).isEqualTo(8080);
        assertThat(catalog.service("execution-service").httpPort()).isEqualTo(8085);
        ServiceCatalog.Service risk = catalog.service("risk-service");
        assertThat(risk.envReferences()).contains("SEXTANT_DB_URL", "SEXTANT_KAFKA_BOOTSTRAP", "SEXTANT_REDIS_URL");
        assertThat(risk.reads("SEXTANT_DB_PASSWORD")).isTrue();
        assertThat(risk.reads("QUARKUS_HTTP_HOST")).isTrue();
        assertThat(risk.reads("SEXTANT_RISK_MAX_DAILY_LOSS")).as("under @ConfigMapping sextant.risk").isTrue();
        assertThat(risk.reads("SEXTANT_DB_SCHEMA")).as("property sextant.db.schema").isTrue();
        assertThat(risk.reads("SEXTANT_PREDICTION_MODEL_DIR")).as("prediction's variable, not risk's").isFalse();
        assertThat(risk.reads("SEXTANT_NO_SUCH_THING")).isFalse();
        assertThat(catalog.service("prediction-service").reads("SEXTANT_PREDICTION_MODEL_DIR")).isTrue();
    }
}
