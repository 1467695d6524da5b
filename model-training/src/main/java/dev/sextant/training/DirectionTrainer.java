package dev.sextant.training;

import java.util.List;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LinearSGDModel;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Trains the direction model: Tribuo's linear SGD with the logistic (softmax) loss, AdaGrad, a fixed
 * seed, on z-scored training rows. Deterministic: the same rows give the same weights.
 */
public final class DirectionTrainer {
    /** Seed of Tribuo's per-epoch shuffle (within the training window only). */
    public static final long SEED = 20240701L;
    public static final int EPOCHS = 3;
    public static final double LEARNING_RATE = 0.05;
    public static final double ADAGRAD_EPSILON = 0.1;
    public static final int MINIBATCH = 16;

    private final List<String> featureNames;
    private final String[] tribuoNames;

    /** @param featureNames the feature set's names, in vector order */
    public DirectionTrainer(List<String> featureNames) {
        this.featureNames = List.copyOf(featureNames);
        this.tribuoNames = tribuoNames(featureNames);
    }

    /**
     * Tribuo numbers features by sorting their names, so each name gets its zero-padded vector index
     * in front ({@code f00_close, f01_sma_10, ...}): Tribuo's order is then the feature-set order, and
     * the exported graph's input columns are too.
     */
    static String[] tribuoNames(List<String> names) {
        String[] out = new String[names.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = String.format("f%02d_%s", i, names.get(i));
        }
        return out;
    }

    public String description() {
        return "Tribuo LinearSGDTrainer(LogMulticlass, AdaGrad(lr=" + LEARNING_RATE + ", eps=" + ADAGRAD_EPSILON
                + "), epochs=" + EPOCHS + ", minibatch=" + MINIBATCH + ", seed=" + SEED + ")";
    }

    public DirectionModel train(List<LabeledRow> trainRows, Standardizer standardizer) {
        LabelFactory factory = new LabelFactory();
        MutableDataset<Label> dataset = new MutableDataset<>(
                new SimpleDataSourceProvenance("sextant bundled candles, train window", factory), factory);
        Label up = new Label(DirectionModel.UP);
        Label down = new Label(DirectionModel.DOWN);
        for (LabeledRow row : trainRows) {
            if (row.features().length != featureNames.size()) {
                throw new IllegalArgumentException("row of " + row.features().length + " features, expected " + featureNames.size());
            }
            dataset.add(new ArrayExample<>(row.up() ? up : down, tribuoNames, standardizer.apply(row.features())));
        }
        LinearSGDTrainer trainer = new LinearSGDTrainer(new LogMulticlass(), new AdaGrad(LEARNING_RATE, ADAGRAD_EPSILON),
                EPOCHS, Integer.MAX_VALUE, MINIBATCH, SEED);
        LinearSGDModel model = (LinearSGDModel) trainer.train(dataset);
        for (int i = 0; i < tribuoNames.length; i++) {
            int id = model.getFeatureIDMap().getID(tribuoNames[i]);
            if (id != i) {
                throw new IllegalStateException("Tribuo numbered feature " + tribuoNames[i] + " as " + id + ", expected " + i);
            }
        }
        return new DirectionModel(model, standardizer, tribuoNames);
    }
}
