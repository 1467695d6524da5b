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
import java.util.concurrent.atomic.AtomicReference;
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

    /**
     * A maker of fresh strategies called {@code name}, one per run, for runs on several threads. For
     * {@code model}, the model is loaded here (so a bad model fails now, on the caller's thread) and each
     * thread that makes a strategy then uses its own copy, loaded once per thread: a {@link Model} may be
     * shared between threads, and the predictions are the same either way, but one ONNX Runtime session
     * called from several threads scales badly (measured: x1.19 on 2 cores against x1.56 with a session
     * per thread; benchmarks/backtester/README.md). IllegalArgumentException as {@link #create}.
     */
    public static Supplier<Strategy> factory(String name, Path modelDir, Clock clock) {
        return switch (name) {
            case "model" -> {
                AtomicReference<Model> first = new AtomicReference<>(loadModel(modelDir));
                ThreadLocal<Model> perThread = ThreadLocal.withInitial(() -> {
                    Model loaded = first.getAndSet(null);
                    return loaded != null ? loaded : loadModel(modelDir);
                });
                yield () -> new ModelStrategy(perThread.get(), clock);
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
