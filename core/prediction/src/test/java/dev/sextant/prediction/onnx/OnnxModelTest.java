package dev.sextant.prediction.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sextant.prediction.TestEvents;
import dev.sextant.prediction.domain.DirectionProbabilities;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The committed model, run by ONNX Runtime, against the logistic formula its metadata exports. */
class OnnxModelTest {
    private static final String BUNDLED = "models/direction-logreg";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static OnnxModel model;
    private static JsonNode metadata;

    @BeforeAll
    static void load() throws Exception {
        model = ModelLoader.fromClasspath(BUNDLED);
        try (InputStream in = OnnxModelTest.class.getClassLoader().getResourceAsStream(BUNDLED + "/metadata.json")) {
            metadata = MAPPER.readTree(in);
        }
    }

    @AfterAll
    static void close() {
        model.close();
    }

    /** P(up) = sigmoid(bias + sum w_i * (x_i - mean_i) / std_i), straight from metadata.json. */
    private static double reference(double[] x) {
        JsonNode w = metadata.path("logit").path("weights");
        JsonNode mean = metadata.path("normalisation").path("mean");
        JsonNode std = metadata.path("normalisation").path("std");
        double s = metadata.path("logit").path("bias").asDouble();
        for (int i = 0; i < x.length; i++) {
            s += w.get(i).asDouble() * (x[i] - mean.get(i).asDouble()) / std.get(i).asDouble();
        }
        return 1 / (1 + Math.exp(-s));
    }

    @Test
    void bundledModelMatchesTheFeatureSet() {
        assertThat(model.metadata().modelId()).isEqualTo("direction-logreg");
        assertThat(model.metadata().featureSetVersion()).isEqualTo(TestEvents.FEATURE_SET);
        assertThat(model.metadata().featureNames()).isEqualTo(TestEvents.NAMES);
        assertThat(model.metadata().horizonCandles()).isEqualTo(1);
    }

    @Test
    void theBundledOneMinuteModelForecastsOneMinuteCandlesLikeItsOwnLogisticFormula() throws Exception {
        String location = "models/direction-logreg-1m";
        JsonNode own;
        try (InputStream in = OnnxModelTest.class.getClassLoader().getResourceAsStream(location + "/metadata.json")) {
            own = MAPPER.readTree(in);
        }
        try (OnnxModel minute = ModelLoader.fromClasspath(location)) {
            assertThat(minute.metadata().modelId()).isEqualTo("direction-logreg-1m");
            assertThat(minute.metadata().interval()).isEqualTo("1m");
            assertThat(minute.metadata().featureNames()).isEqualTo(TestEvents.NAMES);
            for (double[] x : vectors(50)) {
                double s = own.path("logit").path("bias").asDouble();
                for (int i = 0; i < x.length; i++) {
                    s += own.path("logit").path("weights").get(i).asDouble()
                            * (x[i] - own.path("normalisation").path("mean").get(i).asDouble())
                            / own.path("normalisation").path("std").get(i).asDouble();
                }
                assertThat(minute.predict(x).probUp()).isCloseTo(1 / (1 + Math.exp(-s)), within(1e-5));
            }
            // a different model from the hourly one
            double[] x = vectors(1)[0];
            assertThat(minute.predict(x).probUp()).isNotEqualTo(model.predict(x).probUp());
        }
    }

    @Test
    void scoresKnownVectorsLikeTheLogisticFormula() {
        for (double close : List.of(3120.5, 26500.0, 67650.0, 104000.0)) {
            double[] x = TestEvents.values(close).stream().mapToDouble(Double::doubleValue).toArray();

            DirectionProbabilities p = model.predict(x);

            assertThat(p.probUp()).as("P(up) at close %s", close).isCloseTo(reference(x), within(1e-5));
            assertThat(p.probUp() + p.probDown()).isCloseTo(1.0, within(1e-6));
        }
    }

    /** Realistic vectors: the fixture's, each feature scaled by a random factor (seeded). */
    private static double[][] vectors(int n) {
        java.util.Random random = new java.util.Random(7);
        double[][] out = new double[n][];
        for (int k = 0; k < n; k++) {
            double[] x = TestEvents.values(1000 + random.nextDouble() * 100_000).stream().mapToDouble(Double::doubleValue).toArray();
            for (int i = 0; i < x.length; i++) {
                x[i] *= 0.5 + random.nextDouble();
            }
            out[k] = x;
        }
        return out;
    }

    private static void assertSameBits(DirectionProbabilities actual, DirectionProbabilities expected, int row) {
        assertThat(Double.doubleToRawLongBits(actual.probUp())).as("P(up) of row %d", row)
                .isEqualTo(Double.doubleToRawLongBits(expected.probUp()));
        assertThat(Double.doubleToRawLongBits(actual.probDown())).as("P(down) of row %d", row)
                .isEqualTo(Double.doubleToRawLongBits(expected.probDown()));
    }

    @Test
    void theReusedTensorsScoreExactlyLikeFreshOnes() {
        double[][] x = vectors(2000);
        java.util.Set<Double> distinct = new java.util.HashSet<>();
        for (int i = 0; i < x.length; i++) {
            DirectionProbabilities p = model.predict(x[i]);
            assertSameBits(p, model.predictWithFreshTensors(x[i]), i);
            distinct.add(p.probUp());
        }
        assertThat(distinct).as("the vectors are scored to many different probabilities").hasSizeGreaterThan(1000);
    }

    @Test
    void aBatchScoresEachRowExactlyLikeOneVectorAtATime() {
        double[][] x = vectors(3000);
        DirectionProbabilities[] batch = model.predictBatch(x);
        assertThat(batch).hasSize(x.length);
        for (int i = 0; i < x.length; i++) {
            assertSameBits(batch[i], model.predict(x[i]), i);
        }
        assertThat(model.predictBatch(new double[0][])).isEmpty();
        assertThatThrownBy(() -> model.predictBatch(new double[][] {{1.0, 2.0}}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("takes 20 features, got 2 in row 0");
    }

    @Test
    void threadsScoringAtOnceGetTheirOwnResults() throws Exception {
        double[][] x = vectors(400);
        DirectionProbabilities[] expected = new DirectionProbabilities[x.length];
        for (int i = 0; i < x.length; i++) {
            expected[i] = model.predictWithFreshTensors(x[i]);
        }
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(4)) {
            List<java.util.concurrent.Future<?>> futures = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                futures.add(pool.submit(() -> {
                    for (int round = 0; round < 5; round++) {
                        for (int i = 0; i < x.length; i++) {
                            assertSameBits(model.predict(x[i]), expected[i], i);
                        }
                    }
                }));
            }
            for (var f : futures) {
                f.get();
            }
        }
    }

    @Test
    void differentInputsGiveDifferentOutputs() {
        double[] a = TestEvents.values(26500).stream().mapToDouble(Double::doubleValue).toArray();
        double[] b = a.clone();
        b[19] = -2.5; // zscore_20
        assertThat(model.predict(a).probUp()).isNotCloseTo(model.predict(b).probUp(), within(1e-4));
    }

    @Test
    void refusesAVectorOfTheWrongLength() {
        assertThatThrownBy(() -> model.predict(new double[3])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("takes 20 features, got 3");
    }

    @Test
    void refusesMetadataWhoseFeatureCountDisagreesWithTheGraph(@TempDir Path dir) throws Exception {
        ObjectNode json = (ObjectNode) metadata.deepCopy();
        ((ArrayNode) json.get("featureNames")).remove(19);
        copyModel(dir, json);

        assertThatThrownBy(() -> ModelLoader.fromDirectory(dir))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("has shape [-1, 20]")
                .hasMessageContaining("featureNames has 19 entries")
                .hasMessageContaining("make them agree");
    }

    @Test
    void refusesUnreadableMetadata(@TempDir Path dir) throws Exception {
        copyModel(dir, null);
        Files.writeString(dir.resolve("metadata.json"), "{ not json");

        assertThatThrownBy(() -> ModelLoader.fromDirectory(dir))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is not valid JSON");
    }

    @Test
    void refusesMetadataWithoutFeatureSetVersion(@TempDir Path dir) throws Exception {
        ObjectNode json = (ObjectNode) metadata.deepCopy();
        json.remove("featureSetVersion");
        copyModel(dir, json);

        assertThatThrownBy(() -> ModelLoader.fromDirectory(dir))
                .hasMessageContaining("'featureSetVersion' is missing");
    }

    @Test
    void refusesADirectoryWithoutMetadata(@TempDir Path dir) {
        assertThatThrownBy(() -> ModelLoader.fromDirectory(dir))
                .hasMessageContaining("no metadata.json")
                .hasMessageContaining("sextant.prediction.model.dir");
    }

    @Test
    void loadsTheSameModelFromADirectory(@TempDir Path dir) throws Exception {
        copyModel(dir, (ObjectNode) metadata);
        double[] x = TestEvents.values(67650).stream().mapToDouble(Double::doubleValue).toArray();
        try (OnnxModel fromDir = ModelLoader.fromDirectory(dir)) {
            assertThat(fromDir.predict(x)).isEqualTo(model.predict(x));
        }
    }

    private static void copyModel(Path dir, ObjectNode metadataJson) throws Exception {
        try (InputStream in = OnnxModelTest.class.getClassLoader().getResourceAsStream(BUNDLED + "/model.onnx")) {
            Files.write(dir.resolve("model.onnx"), in.readAllBytes());
        }
        if (metadataJson != null) {
            Files.writeString(dir.resolve("metadata.json"), MAPPER.writeValueAsString(metadataJson));
        }
    }
}
