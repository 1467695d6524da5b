package dev.sextant.prediction.domain;

import java.util.List;
import java.util.Objects;

/**
 * What prediction-service needs to know about a model (read from its {@code metadata.json}): its
 * identity, the feature vectors it accepts and how to read its output.
 *
 * @param modelId           model family, e.g. {@code direction-logreg}
 * @param modelVersion      version of this model file
 * @param featureSetVersion the feature set the model was trained on, e.g. {@code fs-v1}
 * @param featureNames      input features in input-column order
 * @param interval          candle interval the model was trained on, e.g. {@code 1h}
 * @param inputName         name of the float32 input tensor [batch, featureNames.size()]
 * @param outputName        name of the float32 probability output tensor [batch, outputLabels.size()]
 * @param outputLabels      label of each output column; must contain {@value #UP} and {@value #DOWN}
 * @param horizonCandles    how many candles ahead the direction is forecast (>= 1)
 */
public record ModelMetadata(
        String modelId,
        String modelVersion,
        String featureSetVersion,
        List<String> featureNames,
        String interval,
        String inputName,
        String outputName,
        List<String> outputLabels,
        int horizonCandles) {

    public static final String UP = "UP";
    public static final String DOWN = "DOWN";

    /** Validates every field; the message names the field and what to fix. */
    public ModelMetadata {
        text(modelId, "modelId");
        text(modelVersion, "modelVersion");
        text(featureSetVersion, "featureSetVersion");
        text(interval, "interval");
        text(inputName, "onnx.input");
        text(outputName, "onnx.output");
        if (featureNames == null || featureNames.isEmpty()) {
            throw new IllegalArgumentException("model metadata field 'featureNames' must list the model's input features in order");
        }
        // Interned: a vector's names (the feature set's constants) then compare equal by identity, element by element.
        featureNames = List.copyOf(List.copyOf(featureNames).stream().map(String::intern).toList());
        if (featureNames.stream().distinct().count() != featureNames.size()) {
            throw new IllegalArgumentException("model metadata field 'featureNames' lists a feature twice: " + featureNames);
        }
        outputLabels = List.copyOf(Objects.requireNonNullElse(outputLabels, List.of()));
        if (!outputLabels.contains(UP) || !outputLabels.contains(DOWN)) {
            throw new IllegalArgumentException("model metadata field 'onnx.outputLabels' must name the output columns and contain "
                    + UP + " and " + DOWN + ", got " + outputLabels);
        }
        if (horizonCandles < 1) {
            throw new IllegalArgumentException("model metadata field 'label.horizonCandles' must be >= 1, got " + horizonCandles);
        }
    }

    /** Number of input features. */
    public int featureCount() {
        return featureNames.size();
    }

    /** Output column holding P(up). */
    public int upIndex() {
        return outputLabels.indexOf(UP);
    }

    /** Output column holding P(down). */
    public int downIndex() {
        return outputLabels.indexOf(DOWN);
    }

    private static void text(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("model metadata field '" + field + "' is missing or blank");
        }
    }
}
