package dev.sextant.prediction.domain;

import dev.sextant.contracts.event.FeaturesComputed;
import dev.sextant.contracts.event.HorizonForecast;
import dev.sextant.contracts.event.PredictionMade;
import dev.sextant.contracts.id.Ids;
import dev.sextant.contracts.id.ModelId;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * Turns a feature vector into a {@link PredictionMade} with the model, or says why not. The
 * prediction's id is derived from the features' id ({@code Ids.derivedFrom("prediction", ...)}), its
 * event time is the features' event time, so replaying features reproduces the same predictions.
 */
public final class Predictor {
    /** Kind used to derive a prediction's event id from its features' id. */
    public static final String ID_KIND = "prediction";

    private final Model model;
    private final Clock clock;
    private final ModelId modelId;

    public Predictor(Model model, Clock clock) {
        this.model = Objects.requireNonNull(model, "model");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.modelId = ModelId.of(model.metadata().modelId());
    }

    /** What happened to one vector. */
    public sealed interface Outcome permits Made, Skipped, Refused {}

    /** A prediction to publish and store; {@code referenceClose} is the vector's close, the base of the outcome. */
    public record Made(PredictionMade prediction, DirectionProbabilities probabilities, double referenceClose) implements Outcome {}

    /** A vector not meant for this model (not warm yet, other interval): counted and dropped, not an error. */
    public record Skipped(String reason, String message) implements Outcome {}

    /** A vector the model must not score (incompatible): counted, logged and dead-lettered. */
    public record Refused(Compatibility.Reason reason, String message) implements Outcome {}

    public Outcome predict(FeaturesComputed features) {
        ModelMetadata meta = model.metadata();
        if (!features.warm()) {
            return new Skipped("not-warm", "features " + features.eventId() + " are still warming up");
        }
        if (!meta.interval().equals(features.interval().code())) {
            return new Skipped("interval", "model " + meta.modelId() + " forecasts " + meta.interval() + " candles, not "
                    + features.interval().code());
        }
        Compatibility.Result check = Compatibility.check(meta, features.featureSetVersion(), features.names(), features.values());
        if (!check.compatible()) {
            return new Refused(check.reason(), check.message());
        }
        double[] input = new double[features.values().size()];
        for (int i = 0; i < input.length; i++) {
            input[i] = features.values().get(i);
        }
        DirectionProbabilities p = model.predict(input);
        double confidence = p.confidence();
        PredictionMade event = new PredictionMade(
                Ids.derivedFrom(ID_KIND, features.eventId()),
                features.tsEvent(),
                clock.instant(),
                features.eventId(),
                PredictionMade.SCHEMA_VERSION,
                features.symbol(),
                features.interval(),
                features.candleOpenTime(),
                modelId,
                meta.modelVersion(),
                meta.featureSetVersion(),
                p.probUp(),
                p.probDown(),
                confidence,
                List.of(new HorizonForecast(meta.horizonCandles(), p.probUp(), p.probDown(), confidence)));
        return new Made(event, p, referenceClose(features));
    }

    private static double referenceClose(FeaturesComputed features) {
        Double close = features.value("close");
        if (close == null) {
            throw new IllegalArgumentException("features " + features.eventId() + " have no close value");
        }
        return close;
    }
}
