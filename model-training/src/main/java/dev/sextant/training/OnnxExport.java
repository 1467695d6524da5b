package dev.sextant.training;

import ai.onnx.proto.OnnxMl;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXInitializer;
import org.tribuo.util.onnx.ONNXNode;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXPlaceholder;

/**
 * Writes the ONNX graph {@code probabilities = softmax(W . ((features - mean) / std) + b)}: the
 * z-score normalisation is part of the graph (Sub, Div), so the model takes the raw feature vector
 * [batch, n] as float32 and returns [batch, labels] probabilities in {@link DirectionModel#outputLabels()} order.
 * The file holds no timestamps or host data, so the same weights give the same bytes.
 */
public final class OnnxExport {
    public static final String INPUT = "features";
    public static final String OUTPUT = "probabilities";
    static final long IR_VERSION = 6;

    private OnnxExport() {}

    public static byte[] toBytes(DirectionModel model, String modelId, long modelVersion, String docString) {
        Standardizer standardizer = model.standardizer();
        int n = standardizer.mean().length;
        ONNXContext context = new ONNXContext();
        context.setName(modelId);
        ONNXPlaceholder input = context.floatInput(INPUT, n);
        ONNXInitializer mean = context.array("feature_mean", toFloat(standardizer.mean()));
        ONNXInitializer std = context.array("feature_std", toFloat(standardizer.std()));
        ONNXNode centered = input.apply(ONNXOperators.SUB, mean);
        ONNXNode z = centered.apply(ONNXOperators.DIV, std);
        ONNXNode probabilities = model.tribuoModel().writeONNXGraph(z);
        probabilities.assignTo(context.floatOutput(OUTPUT, model.outputLabels().size()));
        OnnxMl.ModelProto proto = OnnxMl.ModelProto.newBuilder()
                .setGraph(context.buildGraph())
                .setDomain("dev.sextant")
                .setProducerName("sextant-model-training")
                .setProducerVersion("tribuo-4.3.2")
                .setModelVersion(modelVersion)
                .addOpsetImport(ONNXOperators.getOpsetProto())
                .setIrVersion(IR_VERSION)
                .setDocString(docString)
                .build();
        return proto.toByteArray();
    }

    private static float[] toFloat(double[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }
}
