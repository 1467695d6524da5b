package dev.sextant.prediction.domain;

/** A loaded direction model. Implementations must be safe to call from several threads. */
public interface Model {

    /** The model's metadata (inputs it expects, outputs it gives). */
    ModelMetadata metadata();

    /**
     * Scores one raw feature vector, ordered as {@link ModelMetadata#featureNames()}.
     *
     * @throws IllegalArgumentException when the vector's length is not the model's feature count
     */
    DirectionProbabilities predict(double[] features);

    /**
     * Scores several raw feature vectors at once; element {@code i} of the result is what
     * {@link #predict} gives for {@code vectors[i]} (an implementation that scores a batch differently
     * from one vector must not override this). The default calls {@link #predict} for each.
     *
     * @throws IllegalArgumentException when a vector's length is not the model's feature count
     */
    default DirectionProbabilities[] predictBatch(double[][] vectors) {
        DirectionProbabilities[] out = new DirectionProbabilities[vectors.length];
        for (int i = 0; i < vectors.length; i++) {
            out[i] = predict(vectors[i]);
        }
        return out;
    }
}
