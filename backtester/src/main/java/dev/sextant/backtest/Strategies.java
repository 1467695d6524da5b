package dev.sextant.backtest;

import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.event.Interval;
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
    /** prediction-service's default model, bundled in prediction-core: 1h candles. */
    public static final String BUNDLED_MODEL = "models/direction-logreg";
    /** The bundled model of 1m candles. */
    public static final String BUNDLED_MINUTE_MODEL = "models/direction-logreg-1m";
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
        return create(name, modelDir, Interval.H1, clock, replay);
    }

    /**
     * As {@link #create(String, Path, Clock, List)} for candles of {@code interval}: without {@code modelDir},
     * {@code model} uses the bundled model of that interval ({@link #bundledModel}).
     */
    public static Strategy create(String name, Path modelDir, Interval interval, Clock clock, List<CandleClosed> replay) {
        return switch (name) {
            case "model" -> {
                Model model = loadModel(modelDir, interval);
                yield new ModelStrategy(replay == null ? model : new BatchScoredModel(model, replay), clock);
            }
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
        return factory(name, modelDir, Interval.H1, clock);
    }

    /** As {@link #factory(String, Path, Clock)} for candles of {@code interval} (see {@link #bundledModel}). */
    public static Supplier<Strategy> factory(String name, Path modelDir, Interval interval, Clock clock) {
        return switch (name) {
            case "model" -> {
                AtomicReference<Model> first = new AtomicReference<>(loadModel(modelDir, interval));
                ThreadLocal<Model> perThread = ThreadLocal.withInitial(() -> {
                    Model loaded = first.getAndSet(null);
                    return loaded != null ? loaded : loadModel(modelDir, interval);
                });
                yield () -> new ModelStrategy(perThread.get(), clock);
            }
            case "always-long", "ema-trend" -> () -> create(name, null, clock);
            default -> throw new IllegalArgumentException("unknown strategy '" + name + "': choose one of " + String.join(", ", NAMES));
        };
    }

    /**
     * The bundled model for candles of {@code interval}: {@value #BUNDLED_MINUTE_MODEL} for 1m, otherwise
     * {@value #BUNDLED_MODEL} (trained on 1h; it skips the vectors of any other interval, as prediction-service does).
     */
    public static String bundledModel(Interval interval) {
        return interval == Interval.M1 ? BUNDLED_MINUTE_MODEL : BUNDLED_MODEL;
    }

    static Model loadModel(Path modelDir, Interval interval) {
        try {
            return modelDir == null ? ModelLoader.fromClasspath(bundledModel(interval)) : ModelLoader.fromDirectory(modelDir);
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
