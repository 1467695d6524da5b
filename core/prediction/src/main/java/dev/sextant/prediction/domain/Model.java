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
}
