package dev.sextant.training;

import java.util.List;
import java.util.Map;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LinearSGDModel;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.la.DenseMatrix;

/**
 * A trained Tribuo logistic regression over z-scored features, with the standardizer it was trained
 * behind. {@link #probabilityUp(double[])} takes raw features, like the exported ONNX graph does.
 */
public final class DirectionModel {
    /** Label of a next-candle close above the current close. */
    public static final String UP = "UP";
    /** Label of a next-candle close at or below the current close. */
    public static final String DOWN = "DOWN";

    private final LinearSGDModel model;
    private final Standardizer standardizer;
    private final String[] tribuoNames;

    DirectionModel(LinearSGDModel model, Standardizer standardizer, String[] tribuoNames) {
        this.model = model;
        this.standardizer = standardizer;
        this.tribuoNames = tribuoNames.clone();
    }

    public LinearSGDModel tribuoModel() {
        return model;
    }

    public Standardizer standardizer() {
        return standardizer;
    }

    /** Tribuo's own P(up) for a raw feature vector (z-scored here, then scored by the Tribuo model). */
    public double probabilityUp(double[] rawFeatures) {
        ArrayExample<Label> example = new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, tribuoNames, standardizer.apply(rawFeatures));
        Map<String, Label> scores = model.predict(example).getOutputScores();
        return scores.get(UP).getScore();
    }

    /** Labels in the order of the model's output columns (Tribuo's output ids), e.g. [DOWN, UP]. */
    public List<String> outputLabels() {
        String[] labels = new String[model.getOutputIDInfo().size()];
        model.getOutputIDInfo().forEach(pair -> labels[pair.getA()] = pair.getB().getLabel());
        return List.of(labels);
    }

    /**
     * The equivalent binary logit on z-scored features: P(up) = sigmoid(bias + sum_i w_i * z_i), from
     * the two softmax rows (w_up - w_down, b_up - b_down). Exported in the metadata so any consumer
     * can check the runtime against a formula.
     */
    public Logit logit() {
        DenseMatrix weights = model.getWeightsCopy(); // [labels x (features + 1)], bias in the last column
        int up = model.getOutputIDInfo().getID(new Label(UP));
        int down = model.getOutputIDInfo().getID(new Label(DOWN));
        int features = tribuoNames.length;
        if (weights.getDimension2Size() != features + 1) {
            throw new IllegalStateException("unexpected Tribuo weight shape " + weights.getDimension1Size() + "x"
                    + weights.getDimension2Size() + " for " + features + " features");
        }
        double[] w = new double[features];
        for (int j = 0; j < features; j++) {
            int id = model.getFeatureIDMap().getID(tribuoNames[j]);
            w[j] = weights.get(up, id) - weights.get(down, id);
        }
        double bias = weights.get(up, features) - weights.get(down, features);
        return new Logit(bias, w);
    }

    /** P(up) = sigmoid(bias + weights . z), z = the z-scored features. */
    public record Logit(double bias, double[] weights) {
        public double probabilityUp(double[] z) {
            double s = bias;
            for (int i = 0; i < z.length; i++) {
                s += weights[i] * z[i];
            }
            return 1.0 / (1.0 + Math.exp(-s));
        }
    }
}
