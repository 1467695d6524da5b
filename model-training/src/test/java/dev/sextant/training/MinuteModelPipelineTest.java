package dev.sextant.training;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The committed 1m model, {@code direction-logreg-1m}, trained on the carried 1m window of BTCUSDT and ETHUSDT
 * (2023-03-16 → 2023-05-01): trained, exported and checked (see {@link ModelPipelineChecks}).
 */
class MinuteModelPipelineTest extends ModelPipelineChecks {

    @Override
    Training.Config config() {
        return Training.Config.forInterval(DATA, "1m");
    }

    @Override
    void checkOwnMetadata(ModelMetadata m, JsonNode json) {
        assertThat(m.modelId()).isEqualTo("direction-logreg-1m");
        assertThat(m.interval()).isEqualTo("1m");
        // 31 days of two symbols to train, 14.9 days to test, minus warm-up and the rows before the 80-minute outage.
        assertThat(m.rows().train()).isBetween(85_000, 89_280);
        assertThat(m.rows().test()).isBetween(40_000, 43_000);
        assertThat(json.path("trainWindow").path("from").asText()).isEqualTo("2023-03-17T00:00:00Z");
        assertThat(json.path("testWindow").path("from").asText()).isEqualTo("2023-04-17T00:00:00Z");
        assertThat(json.path("symbols").toString()).isEqualTo("[\"BTCUSDT\",\"ETHUSDT\"]");
    }
}
