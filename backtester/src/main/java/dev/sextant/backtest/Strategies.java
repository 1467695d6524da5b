package dev.sextant.backtest;

import dev.sextant.kernel.ModelStrategy;
import dev.sextant.kernel.RuleStrategy;
import dev.sextant.kernel.Strategy;
import dev.sextant.prediction.domain.Model;
import dev.sextant.prediction.onnx.ModelLoader;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;

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
        return switch (name) {
            case "model" -> new ModelStrategy(loadModel(modelDir), clock);
            case "always-long" -> RuleStrategy.alwaysLong(clock);
            case "ema-trend" -> RuleStrategy.emaTrend(clock);
            default -> throw new IllegalArgumentException("unknown strategy '" + name + "': choose one of " + String.join(", ", NAMES));
        };
    }

    /**
     * A maker of fresh strategies called {@code name}, one per run: the model of {@code model} is loaded
     * once, here, and shared by every strategy made (a {@link Model} is safe to call from several
     * threads); the rest of a strategy is per run. IllegalArgumentException as {@link #create}.
     */
    public static Supplier<Strategy> factory(String name, Path modelDir, Clock clock) {
        return switch (name) {
            case "model" -> {
                Model model = loadModel(modelDir);
                yield () -> new ModelStrategy(model, clock);
            }
            case "always-long", "ema-trend" -> () -> create(name, null, clock);
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
