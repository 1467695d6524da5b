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
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link Model} run by ONNX Runtime. The graph takes raw features as float32 [batch, n] (any
 * normalisation is inside the graph) and returns float32 [batch, labels] probabilities. Loading
 * checks the graph against the metadata and refuses a mismatch with a sentence saying what to fix.
 *
 * <p>One vector at a time is scored through an input and an output tensor made once, over direct
 * buffers (ONNX Runtime reads and writes them in place), instead of two new tensors and a Java
 * array copy per call; a second thread scoring at the same moment gets fresh tensors, as before.
 * {@link #predictBatch} scores many vectors in one call.
 */
public final class OnnxModel implements Model, AutoCloseable {
    private final ModelMetadata metadata;
    private final OrtEnvironment environment;
    private final OrtSession session;
    private final int upIndex;
    private final int downIndex;
    private final int labels;
    /** Guards the reused tensors below; a caller that finds it taken scores with fresh tensors. */
    private final ReentrantLock scratch = new ReentrantLock();
    private final FloatBuffer inputBuffer;
    private final FloatBuffer outputBuffer;
    private final OnnxTensor inputTensor;
    private final OnnxTensor outputTensor;
    private final Map<String, OnnxTensor> inputs;
    private final Map<String, OnnxTensor> pinnedOutputs;

    private OnnxModel(ModelMetadata metadata, OrtEnvironment environment, OrtSession session) throws OrtException {
        this.metadata = metadata;
        this.environment = environment;
        this.session = session;
        this.upIndex = metadata.upIndex();
        this.downIndex = metadata.downIndex();
        this.labels = metadata.outputLabels().size();
        this.inputBuffer = directFloats(metadata.featureCount());
        this.outputBuffer = directFloats(labels);
        this.inputTensor = OnnxTensor.createTensor(environment, inputBuffer, new long[] {1, metadata.featureCount()});
        this.outputTensor = OnnxTensor.createTensor(environment, outputBuffer, new long[] {1, labels});
        this.inputs = Map.of(metadata.inputName(), inputTensor);
        this.pinnedOutputs = Map.of(metadata.outputName(), outputTensor);
    }

    private static FloatBuffer directFloats(int n) {
        return ByteBuffer.allocateDirect(n * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
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
        try {
            return new OnnxModel(metadata, environment, session);
        } catch (OrtException e) {
            try {
                session.close();
            } catch (OrtException ignored) {
                // already failing
            }
            throw new IllegalStateException("ONNX Runtime cannot make the tensors of model " + source + ": " + e.getMessage(), e);
        }
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
        if (features.length != metadata.featureCount()) {
            throw new IllegalArgumentException("model " + metadata.modelId() + " takes " + metadata.featureCount()
                    + " features, got " + features.length);
        }
        if (!scratch.tryLock()) {
            return predictWithFreshTensors(features);
        }
        try {
            for (int i = 0; i < features.length; i++) {
                inputBuffer.put(i, (float) features[i]);
            }
            try (OrtSession.Result ignored = session.run(inputs, pinnedOutputs)) {
                return new DirectionProbabilities(outputBuffer.get(upIndex), outputBuffer.get(downIndex));
            }
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed to score a vector with model " + metadata.modelId() + ": "
                    + e.getMessage(), e);
        } finally {
            scratch.unlock();
        }
    }

    /**
     * Scores {@code vectors} in one ONNX Runtime call (a [n, features] tensor). The graph scores each row
     * on its own, so row {@code i} is what {@link #predict} gives for it; the backtester checks this
     * bit for bit before it relies on it.
     */
    @Override
    public DirectionProbabilities[] predictBatch(double[][] vectors) {
        int n = vectors.length;
        int width = metadata.featureCount();
        if (n == 0) {
            return new DirectionProbabilities[0];
        }
        FloatBuffer in = directFloats(n * width);
        for (int r = 0; r < n; r++) {
            if (vectors[r].length != width) {
                throw new IllegalArgumentException("model " + metadata.modelId() + " takes " + width + " features, got "
                        + vectors[r].length + " in row " + r);
            }
            for (int i = 0; i < width; i++) {
                in.put(r * width + i, (float) vectors[r][i]);
            }
        }
        FloatBuffer out = directFloats(n * labels);
        try (OnnxTensor input = OnnxTensor.createTensor(environment, in, new long[] {n, width});
             OnnxTensor output = OnnxTensor.createTensor(environment, out, new long[] {n, labels});
             OrtSession.Result ignored = session.run(Map.of(metadata.inputName(), input),
                     Map.of(metadata.outputName(), output))) {
            DirectionProbabilities[] result = new DirectionProbabilities[n];
            for (int r = 0; r < n; r++) {
                result[r] = new DirectionProbabilities(out.get(r * labels + upIndex), out.get(r * labels + downIndex));
            }
            return result;
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed to score " + n + " vectors with model " + metadata.modelId()
                    + ": " + e.getMessage(), e);
        }
    }

    /** The historical path: new tensors for one call (used when another thread holds the reused ones). */
    DirectionProbabilities predictWithFreshTensors(double[] features) {
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
            scratch.lock();
            try {
                inputTensor.close();
                outputTensor.close();
            } finally {
                scratch.unlock();
            }
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("cannot close the ONNX session", e);
        }
    }
}
