package dev.sextant.prediction.adapter;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Publishes the accuracy gauges of the outcomes already stored when the service starts. */
@ApplicationScoped
public class GaugeInitializer {
    void onStart(@Observes StartupEvent event, OutcomeTracker outcomes) {
        outcomes.refreshGauges();
    }
}
