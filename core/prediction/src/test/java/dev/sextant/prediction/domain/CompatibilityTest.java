package dev.sextant.prediction.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.prediction.TestEvents;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompatibilityTest {
    static final ModelMetadata MODEL = new ModelMetadata("direction-logreg", "1", "fs-v1", TestEvents.NAMES, "1h", "features",
            "probabilities", List.of("DOWN", "UP"), 1);

    @Test
    void acceptsTheSameVersionFeaturesAndOrder() {
        Compatibility.Result result = Compatibility.check(MODEL, "fs-v1", TestEvents.NAMES, TestEvents.values(100));
        assertThat(result.compatible()).isTrue();
    }

    @Test
    void refusesAnotherFeatureSetVersion() {
        Compatibility.Result result = Compatibility.check(MODEL, "fs-v2", TestEvents.NAMES, TestEvents.values(100));

        assertThat(result.reason()).isEqualTo(Compatibility.Reason.FEATURE_SET_VERSION);
        assertThat(result.message()).contains("fs-v2").contains("fs-v1");
    }

    @Test
    void refusesTheSameFeaturesInAnotherOrder() {
        List<String> names = new ArrayList<>(TestEvents.NAMES);
        names.set(1, "sma_20");
        names.set(2, "sma_10");

        Compatibility.Result result = Compatibility.check(MODEL, "fs-v1", names, TestEvents.values(100));

        assertThat(result.reason()).isEqualTo(Compatibility.Reason.FEATURE_ORDER);
        assertThat(result.message()).contains("position 1").contains("got sma_20, expected sma_10");
    }

    @Test
    void refusesAVectorMissingAFeature() {
        List<String> names = new ArrayList<>(TestEvents.NAMES);
        List<Double> values = new ArrayList<>(TestEvents.values(100));
        names.remove("atr_14");
        values.remove(10);

        Compatibility.Result result = Compatibility.check(MODEL, "fs-v1", names, values);

        assertThat(result.reason()).isEqualTo(Compatibility.Reason.MISSING_FEATURE);
        assertThat(result.message()).contains("[atr_14]");
    }

    @Test
    void refusesAVectorWithAFeatureTheModelDoesNotTake() {
        List<String> names = new ArrayList<>(TestEvents.NAMES);
        List<Double> values = new ArrayList<>(TestEvents.values(100));
        names.add("obi_5");
        values.add(0.1);

        Compatibility.Result result = Compatibility.check(MODEL, "fs-v1", names, values);

        assertThat(result.reason()).isEqualTo(Compatibility.Reason.UNEXPECTED_FEATURE);
        assertThat(result.message()).contains("obi_5");
    }

    @Test
    void refusesAnUndefinedValue() {
        List<Double> values = new ArrayList<>(TestEvents.values(100));
        values.set(9, Double.NaN);

        Compatibility.Result result = Compatibility.check(MODEL, "fs-v1", TestEvents.NAMES, values);

        assertThat(result.reason()).isEqualTo(Compatibility.Reason.UNDEFINED_VALUE);
        assertThat(result.message()).contains("rsi_14");
    }
}
