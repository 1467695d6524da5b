package dev.sextant.training;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code metadata.json} beside {@code model.onnx}: everything a runtime needs to feed the model
 * (feature-set version, feature names in input order, tensor names, output label order) and
 * everything a reader needs to judge it (windows, row counts, test metrics, baseline).
 */
public record ModelMetadata(
        String modelId,
        String modelVersion,
        String featureSetVersion,
        List<String> featureNames,
        String interval,
        List<String> symbols,
        Onnx onnx,
        Normalisation normalisation,
        LabelSpec label,
        Window trainWindow,
        Window testWindow,
        Rows rows,
        BinaryMetrics testMetrics,
        Map<String, BinaryMetrics> testMetricsBySymbol,
        DirectionModel.Logit logit,
        String trainer) {

    /**
     * @param file         model file name, next to this metadata
     * @param input        input tensor name: float32 [batch, featureNames.size()], raw (un-normalised) features
     * @param output       output tensor name: float32 [batch, outputLabels.size()] probabilities
     * @param outputLabels label of each output column
     * @param opset        ONNX default-domain opset version
     */
    public record Onnx(String file, String input, String output, List<String> outputLabels, int opset) {}

    /** z-score constants per feature (train window only) and where they are applied. */
    public record Normalisation(String method, String appliedIn, double[] mean, double[] std) {}

    /** What the model predicts: {@code positive} when close[t + horizonCandles] > close[t]. */
    public record LabelSpec(String name, String definition, int horizonCandles, String positive) {}

    /** A half-open time window [from, to) of candle open times. */
    public record Window(Instant from, Instant to) {}

    /** Row counts of the split. */
    public record Rows(int train, int test, double trainUpRate, double testUpRate) {}
}
