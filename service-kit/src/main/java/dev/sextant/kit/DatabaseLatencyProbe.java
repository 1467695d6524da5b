package dev.sextant.kit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The service's PostgreSQL latency as an operator sees it: every {@code sextant.db.probe-interval} (default 5 s) a
 * {@code SELECT 1} through the service's connection pool, timed from asking the pool for a connection to the answer
 * ({@code sextant_db_roundtrip_seconds}, a histogram: pool wait plus one network round trip plus the server's
 * answer). A probe that fails or takes longer than 5 s counts in {@code sextant_db_probe_failures_total}. Nothing
 * runs in a service without a datasource, or with the interval set to 0.
 */
@ApplicationScoped
public class DatabaseLatencyProbe {
    private static final Logger LOG = Logger.getLogger(DatabaseLatencyProbe.class);
    private final Instance<DataSource> dataSource;
    private final Duration interval;
    private final Timer roundTrip;
    private final Counter failures;
    private ScheduledExecutorService executor;

    public DatabaseLatencyProbe(Instance<DataSource> dataSource, MeterRegistry registry,
                                @ConfigProperty(name = "sextant.db.probe-interval", defaultValue = "5s") Duration interval) {
        this.dataSource = dataSource;
        this.interval = interval;
        this.roundTrip = Timer.builder("sextant.db.roundtrip")
                .description("SELECT 1 through the service's pool: connection acquisition plus one round trip")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(100_000)).maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
        this.failures = Counter.builder("sextant.db.probe.failures")
                .description("Database latency probes that failed or timed out").register(registry);
    }

    void onStart(@Observes StartupEvent event) {
        if (!dataSource.isResolvable() || interval.isZero() || interval.isNegative()) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "db-latency-probe");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(this::probe, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    void probe() {
        long t0 = System.nanoTime();
        try (Connection c = dataSource.get().getConnection(); Statement st = c.createStatement()) {
            st.setQueryTimeout(5);
            st.execute("SELECT 1");
            roundTrip.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
        } catch (Exception e) {
            failures.increment();
            LOG.debugf("database latency probe failed: %s", e.getMessage());
        }
    }
}
