package dev.sextant.collector.adapter;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when the replay source is open (files found, not failing) and the database answers. */
@Readiness
@ApplicationScoped
public class CollectorReadinessCheck implements HealthCheck {
    private final ReplayService replay;
    private final CandleRepository repository;

    public CollectorReadinessCheck(ReplayService replay, CandleRepository repository) {
        this.replay = replay;
        this.repository = repository;
    }

    @Override
    public HealthCheckResponse call() {
        boolean source = replay.sourceOpen();
        boolean database = repository.ping();
        return HealthCheckResponse.named("collector")
                .status(source && database)
                .withData("replaySourceOpen", source)
                .withData("replayState", replay.state().name())
                .withData("databaseReachable", database)
                .build();
    }
}
