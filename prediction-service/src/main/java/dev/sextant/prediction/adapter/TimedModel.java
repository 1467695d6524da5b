package dev.sextant.prediction.adapter;

import dev.sextant.prediction.domain.DirectionProbabilities;
import dev.sextant.prediction.domain.Model;
import dev.sextant.prediction.domain.ModelMetadata;
import io.micrometer.core.instrument.Timer;

/** Decorates a model with the {@code sextant.prediction.model.latency} timer. */
final class TimedModel implements Model {
    private final Model delegate;
    private final Timer timer;

    TimedModel(Model delegate, Timer timer) {
        this.delegate = delegate;
        this.timer = timer;
    }

    @Override
    public ModelMetadata metadata() {
        return delegate.metadata();
    }

    @Override
    public DirectionProbabilities predict(double[] features) {
        return timer.record(() -> delegate.predict(features));
    }
}
