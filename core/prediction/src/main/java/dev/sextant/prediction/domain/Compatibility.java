package dev.sextant.prediction.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * Whether an incoming feature vector can be fed to a model: same feature-set version, the same
 * features in the same order, every value a finite number. The model is never asked to guess.
 */
public final class Compatibility {

    /** Why a vector was refused; {@link #tag()} is the metric tag. */
    public enum Reason {
        FEATURE_SET_VERSION("feature-set-version"),
        MISSING_FEATURE("missing-feature"),
        UNEXPECTED_FEATURE("unexpected-feature"),
        FEATURE_ORDER("feature-order"),
        UNDEFINED_VALUE("undefined-value");

        private final String tag;

        Reason(String tag) {
            this.tag = tag;
        }

        public String tag() {
            return tag;
        }
    }

    /** The verdict: {@code reason} is null when compatible. */
    public record Result(Reason reason, String message) {
        public static final Result OK = new Result(null, "compatible");

        public boolean compatible() {
            return reason == null;
        }
    }

    private Compatibility() {}

    /**
     * Checks a vector against the model's metadata.
     *
     * @param model             the model's metadata
     * @param featureSetVersion the vector's feature-set version
     * @param names             the vector's feature names, in vector order
     * @param values            the vector's values, parallel to {@code names} (null = undefined)
     */
    public static Result check(ModelMetadata model, String featureSetVersion, List<String> names, List<Double> values) {
        if (!model.featureSetVersion().equals(featureSetVersion)) {
            return new Result(Reason.FEATURE_SET_VERSION, "feature set " + featureSetVersion + " does not match model "
                    + model.modelId() + " v" + model.modelVersion() + ", which was trained on " + model.featureSetVersion());
        }
        List<String> expected = model.featureNames();
        if (names == expected || names.equals(expected)) {
            // The usual case: exactly the model's features in its order (nothing missing, extra or moved).
            return checkValues(names, values);
        }
        List<String> missing = new ArrayList<>(expected);
        missing.removeAll(names);
        if (!missing.isEmpty()) {
            return new Result(Reason.MISSING_FEATURE, "feature vector lacks " + missing + " that model " + model.modelId()
                    + " needs");
        }
        List<String> extra = new ArrayList<>(names);
        extra.removeAll(expected);
        if (!extra.isEmpty() || names.size() != expected.size()) {
            return new Result(Reason.UNEXPECTED_FEATURE, "feature vector has features " + (extra.isEmpty() ? names : extra)
                    + " that model " + model.modelId() + " does not take (expected exactly " + expected + ")");
        }
        if (!names.equals(expected)) {
            for (int i = 0; i < expected.size(); i++) {
                if (!expected.get(i).equals(names.get(i))) {
                    return new Result(Reason.FEATURE_ORDER, "feature order differs from model " + model.modelId() + " at position "
                            + i + ": got " + names.get(i) + ", expected " + expected.get(i));
                }
            }
        }
        return checkValues(names, values);
    }

    private static Result checkValues(List<String> names, List<Double> values) {
        for (int i = 0; i < values.size(); i++) {
            Double v = values.get(i);
            if (v == null || !Double.isFinite(v)) {
                return new Result(Reason.UNDEFINED_VALUE, "feature " + names.get(i) + " is " + v + ", the model needs a finite number");
            }
        }
        return Result.OK;
    }
}
