package dev.sextant.training;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;

/** The committed 1h model, {@code direction-logreg}: trained, exported and checked (see {@link ModelPipelineChecks}). */
class TrainingPipelineTest extends ModelPipelineChecks {

    @Override
    Training.Config config() {
        return Training.Config.defaults(DATA);
    }

    @Override
    void checkOwnMetadata(ModelMetadata m, JsonNode json) {
        assertThat(m.modelId()).isEqualTo("direction-logreg");
        assertThat(m.interval()).isEqualTo("1h");
        assertThat(m.rows().train()).isGreaterThan(90_000);
        assertThat(m.rows().test()).isGreaterThan(30_000);
        assertThat(json.path("trainWindow").path("from").asText()).isEqualTo("2019-01-01T00:00:00Z");
    }
}
