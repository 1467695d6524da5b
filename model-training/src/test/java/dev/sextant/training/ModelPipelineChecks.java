package dev.sextant.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sextant.feature.domain.FeatureSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trains a real model on the bundled candles once, then checks the exported artefacts; one subclass per
 * committed model ({@link TrainingPipelineTest}: 1h, {@link MinuteModelPipelineTest}: 1m).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ModelPipelineChecks {
    static final Path DATA = Path.of("../data/market");
    static final Path MODELS = Path.of("../core/prediction/src/main/resources/models");

    Training.Result result;

    /** The training configuration of the model under test. */
    abstract Training.Config config();

    /** What this model's metadata must say beyond what every model's must. */
    abstract void checkOwnMetadata(ModelMetadata m, JsonNode json);

    @BeforeAll
    void train() throws Exception {
        result = Training.run(config());
    }

    @Test
    void onnxGraphLoadsInOnnxRuntimeAndReproducesTribuoOnEveryTestRow() throws Exception {
        List<LabeledRow> test = result.parts().test();
        int n = FeatureSet.SIZE;
        int upColumn = result.metadata().onnx().outputLabels().indexOf(DirectionModel.UP);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(result.onnx(), new OrtSession.SessionOptions())) {
            NodeInfo input = session.getInputInfo().get(OnnxExport.INPUT);
            assertThat(((TensorInfo) input.getInfo()).getShape()).containsExactly(-1, n);
            NodeInfo output = session.getOutputInfo().get(OnnxExport.OUTPUT);
            assertThat(((TensorInfo) output.getInfo()).getShape()).containsExactly(-1, 2);

            double maxDiff = 0;
            int batch = 4096;
            for (int from = 0; from < test.size(); from += batch) {
                int to = Math.min(test.size(), from + batch);
                float[][] x = new float[to - from][n];
                for (int i = from; i < to; i++) {
                    double[] raw = test.get(i).features();
                    for (int j = 0; j < n; j++) {
                        x[i - from][j] = (float) raw[j];
                    }
                }
                try (OnnxTensor tensor = OnnxTensor.createTensor(env, x);
                     OrtSession.Result out = session.run(Map.of(OnnxExport.INPUT, tensor), Set.of(OnnxExport.OUTPUT))) {
                    float[][] probabilities = (float[][]) out.get(0).getValue();
                    for (int i = from; i < to; i++) {
                        float[] p = probabilities[i - from];
                        assertThat(p[0] + p[1]).isCloseTo(1f, within(1e-5f));
                        double tribuo = result.model().probabilityUp(test.get(i).features());
                        maxDiff = Math.max(maxDiff, Math.abs(p[upColumn] - tribuo));
                    }
                }
            }
            assertThat(maxDiff).as("max |ONNX - Tribuo| P(up) over %d test rows", test.size()).isLessThan(1e-5);
        }
    }

    @Test
    void metadataLogitReproducesTribuo() {
        DirectionModel.Logit logit = result.metadata().logit();
        Standardizer standardizer = result.model().standardizer();
        for (LabeledRow row : result.parts().test().subList(0, 500)) {
            assertThat(logit.probabilityUp(standardizer.apply(row.features())))
                    .isCloseTo(result.model().probabilityUp(row.features()), within(1e-9));
        }
    }

    @Test
    void metadataIsComplete() throws Exception {
        ModelMetadata m = result.metadata();
        assertThat(m.modelId()).isEqualTo(config().modelId());
        assertThat(m.modelVersion()).isNotBlank();
        assertThat(m.featureSetVersion()).isEqualTo(FeatureSet.VERSION);
        assertThat(m.featureNames()).isEqualTo(FeatureSet.NAMES);
        assertThat(m.interval()).isEqualTo(config().interval());
        assertThat(m.onnx().outputLabels()).containsExactlyInAnyOrder("UP", "DOWN");
        assertThat(m.normalisation().mean()).hasSize(FeatureSet.SIZE);
        assertThat(java.util.Arrays.stream(m.normalisation().std()).boxed().toList()).hasSize(FeatureSet.SIZE).allMatch(s -> s > 0);
        assertThat(m.label().horizonCandles()).isEqualTo(1);
        assertThat(m.trainWindow().to()).isBeforeOrEqualTo(m.testWindow().from());
        assertThat(m.rows().train()).isEqualTo(result.parts().train().size());
        assertThat(m.rows().test()).isEqualTo(result.parts().test().size());
        assertThat(m.testMetrics().rows()).isEqualTo(m.rows().test());
        assertThat(m.testMetrics().accuracy()).isBetween(0.0, 1.0);
        assertThat(m.testMetrics().auc()).isBetween(0.0, 1.0);
        assertThat(m.testMetrics().logLoss()).isPositive();
        assertThat(m.testMetrics().baselineAccuracy()).isBetween(0.5, 1.0);
        assertThat(m.testMetricsBySymbol()).containsOnlyKeys("BTCUSDT", "ETHUSDT");
        assertThat(m.logit().weights()).hasSize(FeatureSet.SIZE);
        assertThat(m.trainer()).contains("seed=");

        JsonNode json = new ObjectMapper().readTree(TrainCommand.metadataJson(m));
        for (String field : List.of("modelId", "modelVersion", "featureSetVersion", "featureNames", "interval", "onnx",
                "normalisation", "label", "trainWindow", "testWindow", "rows", "testMetrics", "logit", "trainer")) {
            assertThat(json.hasNonNull(field)).as("metadata.json field %s", field).isTrue();
        }
        assertThat(json.path("testMetrics").path("auc").isNumber()).isTrue();
        checkOwnMetadata(m, json);
    }

    @Test
    void splitIsChronologicalAndDisjoint() {
        List<LabeledRow> train = result.parts().train();
        List<LabeledRow> test = result.parts().test();
        var lastTrain = train.get(train.size() - 1).openTime();
        assertThat(lastTrain.plus(config().duration())).isBefore(test.get(0).openTime());
        assertThat(train).isSortedAccordingTo((a, b) -> a.openTime().compareTo(b.openTime()));
        assertThat(test).isSortedAccordingTo((a, b) -> a.openTime().compareTo(b.openTime()));
    }

    @Test
    void trainingIsDeterministicAndTheCommittedModelIsCurrent(@TempDir Path dir) throws Exception {
        Training.Result again = Training.run(config());
        assertThat(again.onnx()).isEqualTo(result.onnx());
        Path committed = MODELS.resolve(config().modelId());
        String retrain = "re-run `./mvnw -pl model-training compile exec:java -Dtraining.interval=" + config().interval() + "`";

        TrainCommand.write(again, dir);
        assertThat(Files.readAllBytes(dir.resolve("model.onnx")))
                .as("committed model.onnx is stale: %s", retrain)
                .isEqualTo(Files.readAllBytes(committed.resolve("model.onnx")));
        assertThat(Files.readString(dir.resolve("metadata.json")))
                .as("committed metadata.json is stale: %s", retrain)
                .isEqualTo(Files.readString(committed.resolve("metadata.json")));
    }
}
