package dev.sextant.backtest;

import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.kernel.ModelStrategy;
import dev.sextant.kernel.RuleStrategy;
import dev.sextant.kernel.Strategy;
import dev.sextant.prediction.domain.Model;
import dev.sextant.prediction.onnx.ModelLoader;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/** The strategies a backtest can run, by name. */
public final class Strategies {
    /** prediction-service's default model, bundled in prediction-core. */
    public static final String BUNDLED_MODEL = "models/direction-logreg";
    public static final List<String> NAMES = List.of("model", "always-long", "ema-trend");

    private Strategies() {}

    /**
     * The strategy called {@code name}; {@code modelDir} (may be null) replaces the bundled model of
     * {@code model}. IllegalArgumentException naming the choices for an unknown name.
     */
    public static Strategy create(String name, Path modelDir, Clock clock) {
        return create(name, modelDir, clock, null);
    }

    /**
     * As {@link #create(String, Path, Clock)}, for one replay of {@code replay} (null: none known): the
     * model then scores the replay's vectors in batches ({@link BatchScoredModel}, the same results).
     */
    public static Strategy create(String name, Path modelDir, Clock clock, List<CandleClosed> replay) {
        return switch (name) {
            case "model" -> new ModelStrategy(replay == null ? loadModel(modelDir) : new BatchScoredModel(loadModel(modelDir), replay),
                    clock);
            case "always-long" -> RuleStrategy.alwaysLong(clock);
            case "ema-trend" -> RuleStrategy.emaTrend(clock);
            default -> throw new IllegalArgumentException("unknown strategy '" + name + "': choose one of " + String.join(", ", NAMES));
        };
    }

    static Model loadModel(Path modelDir) {
        try {
            return modelDir == null ? ModelLoader.fromClasspath(BUNDLED_MODEL) : ModelLoader.fromDirectory(modelDir);
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
