package dev.sextant.kernel;

import dev.sextant.contracts.event.FeaturesComputed;
import dev.sextant.contracts.event.HorizonForecast;
import dev.sextant.contracts.event.PredictionMade;
import dev.sextant.contracts.id.Ids;
import dev.sextant.contracts.id.ModelId;
import dev.sextant.feature.domain.FeatureSet;
import dev.sextant.prediction.domain.Predictor;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * A strategy written as a rule over the feature vector, no model: it returns P(up) for a warm
 * vector, and the prediction carries it exactly as a model's would (confidence = max(P(up), P(down))).
 * Rules here are baselines and benchmarks, not advice:
 * <ul>
 *   <li>{@link #alwaysLong(Clock)}: P(up) = 1 on every warm candle; with the risk engine's exits this
 *       is the "always long with the same exits" baseline;</li>
 *   <li>{@link #emaTrend(Clock)}: P(up) = 0.6 while EMA 12 is above EMA 26 and MACD is positive,
 *       else 0.4.</li>
 * </ul>
 */
public final class RuleStrategy implements Strategy {
    private final String name;
    private final ToDoubleFunction<FeaturesComputed> probUp;
    private final Clock clock;
    private final ModelId modelId;

    public RuleStrategy(String name, ToDoubleFunction<FeaturesComputed> probUp, Clock clock) {
        this.name = Objects.requireNonNull(name, "name");
        this.probUp = Objects.requireNonNull(probUp, "probUp");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.modelId = ModelId.of("rule-" + name);
    }

    public static RuleStrategy alwaysLong(Clock clock) {
        return new RuleStrategy("always-long", f -> 1.0, clock);
    }

    public static RuleStrategy emaTrend(Clock clock) {
        return new RuleStrategy("ema-trend", f -> {
            Double fast = f.value("ema_12");
            Double slow = f.value("ema_26");
            Double macd = f.value("macd");
            boolean up = fast != null && slow != null && macd != null && fast > slow && macd > 0;
            return up ? 0.6 : 0.4;
        }, clock);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String modelId() {
        return modelId.value();
    }

    @Override
    public Optional<PredictionMade> signal(FeaturesComputed features) {
        if (!features.warm()) {
            return Optional.empty();
        }
        double up = probUp.applyAsDouble(features);
        if (!(up >= 0 && up <= 1)) {
            throw new IllegalStateException("rule " + name + " returned P(up) = " + up + ", not a probability");
        }
        double down = 1 - up;
        double confidence = Math.max(up, down);
        return Optional.of(new PredictionMade(Ids.derivedFrom(Predictor.ID_KIND, features.eventId()), features.tsEvent(),
                clock.instant(), features.eventId(), PredictionMade.SCHEMA_VERSION, features.symbol(), features.interval(),
                features.candleOpenTime(), modelId, "1", FeatureSet.VERSION, up, down, confidence,
                List.of(new HorizonForecast(1, up, down, confidence))));
    }
}
