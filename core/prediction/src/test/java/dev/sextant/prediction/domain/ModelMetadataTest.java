package dev.sextant.prediction.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ModelMetadataTest {

    @Test
    void findsTheProbabilityColumns() {
        ModelMetadata m = new ModelMetadata("m", "1", "fs-v1", List.of("a", "b"), "1h", "in", "out", List.of("UP", "DOWN"), 1);
        assertThat(m.upIndex()).isZero();
        assertThat(m.downIndex()).isEqualTo(1);
        assertThat(m.featureCount()).isEqualTo(2);
    }

    @Test
    void namesTheFieldToFix() {
        assertThatThrownBy(() -> new ModelMetadata("m", "1", " ", List.of("a"), "1h", "in", "out", List.of("UP", "DOWN"), 1))
                .hasMessageContaining("'featureSetVersion'");
        assertThatThrownBy(() -> new ModelMetadata("m", "1", "fs-v1", List.of(), "1h", "in", "out", List.of("UP", "DOWN"), 1))
                .hasMessageContaining("'featureNames'");
        assertThatThrownBy(() -> new ModelMetadata("m", "1", "fs-v1", List.of("a", "a"), "1h", "in", "out", List.of("UP", "DOWN"), 1))
                .hasMessageContaining("twice");
        assertThatThrownBy(() -> new ModelMetadata("m", "1", "fs-v1", List.of("a"), "1h", "in", "out", List.of("YES", "NO"), 1))
                .hasMessageContaining("'onnx.outputLabels'");
        assertThatThrownBy(() -> new ModelMetadata("m", "1", "fs-v1", List.of("a"), "1h", "in", "out", List.of("UP", "DOWN"), 0))
                .hasMessageContaining("'label.horizonCandles'");
    }
}
