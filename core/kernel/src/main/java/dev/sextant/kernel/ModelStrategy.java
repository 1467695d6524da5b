package dev.sextant.kernel;

import dev.sextant.contracts.event.FeaturesComputed;
import dev.sextant.contracts.event.PredictionMade;
import dev.sextant.prediction.domain.Model;
import dev.sextant.prediction.domain.Predictor;
import java.time.Clock;
import java.util.Optional;

/**
 * The live strategy: prediction-service's {@link Predictor} over a direction model (the committed
 * ONNX model by default). A vector the model must not score (another feature set) stops the run:
 * a backtest over features the model was not trained on would be meaningless. Closing it closes
 * the model when the model holds resources (an ONNX Runtime session).
 */
public final class ModelStrategy implements Strategy, AutoCloseable {
    private final Predictor predictor;
    private final Model model;

    public ModelStrategy(Model model, Clock clock) {
        this.model = model;
        this.predictor = new Predictor(model, clock);
    }

    @Override
    public String name() {
        return "model";
    }

    @Override
    public String modelId() {
        return model.metadata().modelId() + "@" + model.metadata().modelVersion();
    }

    @Override
    public Optional<PredictionMade> signal(FeaturesComputed features) {
        return switch (predictor.predict(features)) {
            case Predictor.Made made -> Optional.of(made.prediction());
            case Predictor.Skipped skipped -> Optional.empty();
            case Predictor.Refused refused -> throw new IllegalStateException(
                    "model " + modelId() + " refuses the features: " + refused.message());
        };
    }

    /** Releases the model (its ONNX Runtime session); a host that runs many backtests must close each. */
    @Override
    public void close() {
        if (model instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("cannot close model " + modelId() + ": " + e.getMessage(), e);
            }
        }
    }
}
