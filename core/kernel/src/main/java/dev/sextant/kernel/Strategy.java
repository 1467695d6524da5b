package dev.sextant.kernel;

import dev.sextant.contracts.event.FeaturesComputed;
import dev.sextant.contracts.event.PredictionMade;
import java.util.Optional;

/**
 * Where a signal comes from: one feature vector in, at most one {@link PredictionMade} out. The risk
 * engine then decides on it exactly as it decides on prediction-service's predictions (confidence,
 * direction, sizing, exits). Implementations must be deterministic: the same vectors give the same
 * predictions, with ids derived from the vector's id ({@code Ids.derivedFrom("prediction", ...)}).
 *
 * <p>This is the seam the strategy issue will widen; today a strategy is a direction forecast.
 */
public interface Strategy {
    /** A short name for reports and the command line, e.g. {@code model}, {@code always-long}. */
    String name();

    /** The model id written on the predictions (and into every backtest output), or a rule's name. */
    String modelId();

    /** The prediction for this vector, or empty when the strategy has nothing to say (not warm, other interval). */
    Optional<PredictionMade> signal(FeaturesComputed features);
}
