package dev.sextant.prediction.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.sextant.prediction.domain.DirectionProbabilities;
import dev.sextant.prediction.domain.Model;
import dev.sextant.prediction.domain.ModelMetadata;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;

/**
 * A {@link Model} run by ONNX Runtime. The graph takes raw features as float32 [batch, n] (any
 * normalisation is inside the graph) and returns float32 [batch, labels] probabilities. Loading
 * checks the graph against the metadata and refuses a mismatch with a sentence saying what to fix.
 */
public final class OnnxModel implements Model, AutoCloseable {
    private final ModelMetadata metadata;
    private final OrtEnvironment environment;
    private final OrtSession session;

    private OnnxModel(ModelMetadata metadata, OrtEnvironment environment, OrtSession session) {
        this.metadata = metadata;
        this.environment = environment;
        this.session = session;
    }

    /**
     * Loads a model from its ONNX bytes.
     *
     * @param source where it came from, for error messages
     * @throws IllegalStateException when ONNX Runtime cannot load it or it disagrees with the metadata
     */
    public static OnnxModel load(ModelMetadata metadata, byte[] onnx, String source) {
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        OrtSession session;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            session = environment.createSession(onnx, options);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime cannot load the model " + source + " (" + e.getMessage()
                    + "); replace it with a valid ONNX file, e.g. re-run `./mvnw -pl model-training compile exec:java`", e);
        }
        try {
            checkTensor(session.getInputInfo(), metadata.inputName(), metadata.featureCount(), "input", "featureNames", source);
            checkTensor(session.getOutputInfo(), metadata.outputName(), metadata.outputLabels().size(), "output",
                    "onnx.outputLabels", source);
        } catch (OrtException | RuntimeException e) {
            try {
                session.close();
            } catch (OrtException ignored) {
                // already failing
            }
            if (e instanceof IllegalStateException ise) {
                throw ise;
            }
            throw new IllegalStateException("cannot read the inputs/outputs of model " + source + ": " + e.getMessage(), e);
        }
        return new OnnxModel(metadata, environment, session);
    }

    private static void checkTensor(Map<String, NodeInfo> nodes, String name, int width, String kind, String metadataField,
                                    String source) {
        NodeInfo node = nodes.get(name);
        if (node == null) {
            throw new IllegalStateException("model " + source + " has no " + kind + " named '" + name + "' (it has " + nodes.keySet()
                    + "); set onnx." + kind + " in metadata.json to the graph's " + kind + " name");
        }
        if (!(node.getInfo() instanceof TensorInfo tensor) || tensor.type != OnnxJavaType.FLOAT) {
            throw new IllegalStateException("model " + source + " " + kind + " '" + name + "' is " + node.getInfo()
                    + ", expected a float32 tensor; re-export the model with float inputs and outputs");
        }
        long[] shape = tensor.getShape();
        if (shape.length != 2 || shape[1] != width) {
            throw new IllegalStateException("model " + source + " " + kind + " '" + name + "' has shape " + Arrays.toString(shape)
                    + " but metadata.json's " + metadataField + " has " + width + " entries; make them agree (re-export the model"
                    + " or fix metadata.json)");
        }
    }

    @Override
    public ModelMetadata metadata() {
        return metadata;
    }

    @Override
    public DirectionProbabilities predict(double[] features) {
        float[][] batch = new float[1][metadata.featureCount()];
        float[] row = batch[0];
        if (features.length != row.length) {
            throw new IllegalArgumentException("model " + metadata.modelId() + " takes " + row.length + " features, got "
                    + features.length);
        }
        for (int i = 0; i < row.length; i++) {
            row[i] = (float) features[i];
        }
        try (OnnxTensor input = OnnxTensor.createTensor(environment, batch);
             OrtSession.Result result = session.run(Map.of(metadata.inputName(), input), Set.of(metadata.outputName()))) {
            float[][] out = (float[][]) result.get(0).getValue();
            return new DirectionProbabilities(out[0][metadata.upIndex()], out[0][metadata.downIndex()]);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed to score a vector with model " + metadata.modelId() + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("cannot close the ONNX session", e);
        }
    }
}
