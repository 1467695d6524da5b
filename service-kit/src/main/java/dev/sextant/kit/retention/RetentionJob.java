package dev.sextant.kit.retention;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * Runs the service's retention rules ({@link RetentionTables} beans, plus the kit's {@code parked_records}) on a
 * schedule: the first run {@code sextant.retention.initial-delay} after start-up, then every
 * {@code sextant.retention.interval}. The configuration is validated at start-up (a broken value stops it). Each run
 * writes one log line and the metrics {@code sextant_retention_*}.
 */
@ApplicationScoped
public class RetentionJob {
    private static final Logger LOG = Logger.getLogger(RetentionJob.class);

    /** The kit's own table: parked records an operator resolved are kept 30 days; open ones are never touched. */
    public static final RetentionRule PARKED_RECORDS =
            RetentionRule.of("parked-records", "parked_records", "resolved_at", RetentionRule.Basis.WALL, Duration.ofDays(30));

    private final Instance<RetentionTables> tables;
    private final Instance<DataSource> dataSource;
    private final MeterRegistry registry;
    private final Clock clock;
    private final AtomicLong lastSuccess = new AtomicLong();
    private volatile boolean running = true;
    private volatile RetentionSettings settings;
    private ScheduledExecutorService scheduler;

    public RetentionJob(Instance<RetentionTables> tables, Instance<DataSource> dataSource, MeterRegistry registry,
                        Instance<Clock> clock) {
        this.tables = tables;
        this.dataSource = dataSource;
        this.registry = registry;
        this.clock = clock.isResolvable() ? clock.get() : Clock.systemUTC();
    }

    /** Every rule of this service, the kit's included. */
    public List<RetentionRule> rules() {
        List<RetentionRule> rules = new ArrayList<>();
        for (RetentionTables t : tables) {
            rules.addAll(t.rules());
        }
        rules.add(PARKED_RECORDS);
        return rules;
    }

    /** The settings, resolved and validated from the configuration. */
    public synchronized RetentionSettings settings() {
        if (settings == null) {
            Config config = ConfigProvider.getConfig();
            settings = RetentionSettings.resolve(rules(), k -> config.getOptionalValue(k, String.class),
                    config.getPropertyNames());
        }
        return settings;
    }

    void onStart(@Observes StartupEvent event) {
        RetentionSettings s = settings(); // throws on a broken value: start-up stops
        registry.gauge("sextant.retention.last.success", lastSuccess, AtomicLong::get);
        if (!s.enabled() || !dataSource.isResolvable()) {
            LOG.infof("retention job off (%s)", s.enabled() ? "no datasource" : "sextant.retention.enabled=false");
            return;
        }
        StringBuilder periods = new StringBuilder();
        s.periods().forEach((rule, period) -> periods.append(periods.isEmpty() ? "" : ", ").append(rule.table()).append('=')
                .append(RetentionPeriods.format(period)));
        LOG.infof("retention job: first run in %s, then every %s; %s", s.initialDelay(), s.interval(), periods);
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sextant-retention");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(this::scheduledRun, s.initialDelay().toMillis(), s.interval().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        running = false;
    }

    @PreDestroy
    void stop() {
        running = false;
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    private void scheduledRun() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            registry.counter("sextant.retention.runs", "outcome", "failed").increment();
            LOG.warnf("retention run failed: %s", e.getMessage());
        }
    }

    /** One run now (also what the schedule calls); logs one line and updates the metrics. */
    public RetentionRunner.RunReport runOnce() {
        RetentionSettings s = settings();
        RetentionRunner runner = new RetentionRunner(dataSource.get(), clock, s.batchSize(), s.partitionsAhead(), () -> running);
        RetentionRunner.RunReport report = runner.run(s.periods());
        record(report);
        return report;
    }

    private void record(RetentionRunner.RunReport report) {
        if (report.skipped()) {
            registry.counter("sextant.retention.runs", "outcome", "skipped").increment();
            LOG.infof("retention run skipped: another instance holds the schema's retention lock");
            return;
        }
        StringBuilder line = new StringBuilder();
        for (RetentionRunner.TableReport t : report.tables()) {
            counter("sextant.retention.rows.deleted", t.table()).increment(t.expired());
            counter("sextant.retention.partitions.dropped", t.table()).increment(t.partitionsDropped());
            counter("sextant.retention.partitions.created", t.table()).increment(t.partitionsCreated());
            line.append(line.isEmpty() ? "" : "; ").append(t.table()).append(' ').append(t.mode());
            if (t.error() != null) {
                line.append(" ERROR ").append(t.error());
                continue;
            }
            line.append(t.cutoff() == null ? " kept" : " before " + t.cutoff()).append(": ").append(t.expired()).append(" rows");
            if (t.partitionsDropped() > 0 || t.partitionsCreated() > 0) {
                line.append(", partitions -").append(t.partitionsDropped()).append(" +").append(t.partitionsCreated());
            }
        }
        registry.counter("sextant.retention.runs", "outcome", report.failed() ? "failed" : "ok").increment();
        if (!report.failed()) {
            lastSuccess.set(clock.instant().getEpochSecond());
        }
        String text = "retention run in " + report.took().toMillis() + " ms: " + line;
        if (report.failed()) {
            LOG.warn(text);
        } else {
            LOG.info(text);
        }
    }

    private Counter counter(String name, String table) {
        return registry.counter(name, "table", table);
    }

    /** The periods in force, for logs and tests. */
    public Map<RetentionRule, Duration> periods() {
        return settings().periods();
    }
}
