package dev.sextant.prediction.adapter;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Reads the outcome counts already stored when the service starts and publishes their accuracy gauges; from then on
 * {@link OutcomeTracker} keeps them up to date from each committed batch.
 */
@ApplicationScoped
public class GaugeInitializer {
    void onStart(@Observes StartupEvent event, OutcomeTracker outcomes) {
        outcomes.loadGauges();
    }
}
