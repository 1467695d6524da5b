package dev.sextant.kit.lease;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Active/standby for a service that holds central state (risk-service, execution-service): only the holder of the
 * service's lease ({@link Lease}, a row in its schema) consumes, writes and publishes. Enabled at build time by
 * {@code sextant.lease.enabled=true} in the service's application.properties.
 *
 * <p>Start-up waits here, before the messaging channels, the state restore and every other start-up observer, until
 * this instance takes the lease: a standby has joined no consumer group (the active one keeps every partition),
 * restored nothing and published nothing. Quarkus opens its HTTP server only after start-up, so meanwhile
 * {@link StandbyHttpServer} answers on the service's port: readiness UP with the check {@code instance} saying
 * {@code role: standby} (Kubernetes keeps the pod), and {@code sextant_instance_active} 0. When the active one is killed, its lease expires within {@code sextant.lease.ttl} and the standby takes it
 * and starts exactly as the service starts after a restart (state from the database, the outbox / unpublished
 * decisions sent again with their ids).
 *
 * <p>An active instance whose lease runs out (not renewed in time: database unreachable, a long pause) is fenced: its
 * writes and publishes are refused (the consumer policy holds its batches) while it tries to take the lease back.
 * When nobody held it meanwhile it goes on (a database restart is ridden out); when another instance holds or held
 * it, or within {@code sextant.lease.lost-grace} (20 s) it could not take it back, it halts (exit status
 * {@value #LOST_EXIT_STATUS}): it must leave its consumer groups so the new holder gets the partitions. Kubernetes
 * restarts it, as a standby. A graceful shutdown releases the lease, so a standby takes over at once.
 */
@ApplicationScoped
@IfBuildProperty(name = "sextant.lease.enabled", stringValue = "true")
public class InstanceLease {
    private static final Logger LOG = Logger.getLogger(InstanceLease.class);
    /** The exit status of an instance that lost its lease. */
    public static final int LOST_EXIT_STATUS = 75;

    private final Lease lease;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private volatile boolean waiting;
    private final String application;

    public InstanceLease(DataSource dataSource, MeterRegistry registry,
                         @ConfigProperty(name = "sextant.db.schema") String schema,
                         @ConfigProperty(name = "quarkus.application.name") String application,
                         @ConfigProperty(name = "sextant.lease.name") java.util.Optional<String> name,
                         @ConfigProperty(name = "sextant.lease.ttl", defaultValue = "10s") Duration ttl,
                         @ConfigProperty(name = "sextant.lease.renew-every", defaultValue = "2s") Duration renewEvery,
                         @ConfigProperty(name = "sextant.lease.poll-every", defaultValue = "1s") Duration pollEvery,
                         @ConfigProperty(name = "sextant.lease.margin", defaultValue = "2s") Duration margin,
                         @ConfigProperty(name = "sextant.lease.lost-grace", defaultValue = "20s") Duration lostGrace) {
        LeaseStore store = new LeaseStore(dataSource, schema);
        this.application = application;
        this.lease = new Lease(store, name.orElse(application), holderId(), ttl, renewEvery, pollEvery, margin, lostGrace, System::nanoTime,
                InstanceLease::halt);
        store.migrate();
        Gauge.builder("sextant.instance.active", this, l -> l.isActive() ? 1 : 0)
                .description("1 while this instance holds its service's lease (active), 0 while standby or fenced")
                .register(registry);
    }

    /** This process: the pod's name (HOSTNAME) or the host's, its pid and a random suffix. */
    static String holderId() {
        String host = System.getenv().getOrDefault("HOSTNAME", "");
        if (host.isBlank()) {
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException e) {
                host = "unknown";
            }
        }
        return host + "/" + ProcessHandle.current().pid() + "/" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Before anything else that starts (SmallRye's channels start at priority 1000): wait as standby for the lease. */
    void awaitLease(@Observes @Priority(-1000) StartupEvent event) throws InterruptedException {
        if (lease.tryAcquire()) {
            return;
        }
        waiting = true;
        Thread hook = new Thread(() -> {
            stopping.set(true);
            if (waiting) {
                // Quarkus' own shutdown waits for the start-up to finish, which waits here: a standby has nothing to
                // store or hand over, so it ends now.
                LOG.infof("standby %s stopped before taking lease %s", lease.holder(), lease.name());
                Runtime.getRuntime().halt(0);
            }
        }, "lease-standby-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        StandbyHttpServer server = StandbyHttpServer.start(httpHost(), httpPort(), lease, application);
        try {
            lease.awaitActive(stopping::get);
        } finally {
            waiting = false;
            if (server != null) {
                server.close(); // before Quarkus binds the port
            }
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // shutting down already
        }
    }

    private static String httpHost() {
        return org.eclipse.microprofile.config.ConfigProvider.getConfig().getOptionalValue("quarkus.http.host", String.class)
                .orElse("0.0.0.0");
    }

    private static int httpPort() {
        var config = org.eclipse.microprofile.config.ConfigProvider.getConfig();
        String key = io.quarkus.runtime.LaunchMode.current() == io.quarkus.runtime.LaunchMode.TEST
                ? "quarkus.http.test-port" : "quarkus.http.port";
        return config.getOptionalValue(key, Integer.class).orElse(8080);
    }

    /** After everything else has stopped: hand the lease over. */
    void release(@Observes @Priority(100_000) ShutdownEvent event) {
        lease.close();
    }

    private static void halt(String reason) {
        LOG.errorf("this instance lost its lease (%s): halting with status %d so it leaves its consumer groups; it"
                + " restarts as a standby", reason, LOST_EXIT_STATUS);
        System.err.flush();
        Runtime.getRuntime().halt(LOST_EXIT_STATUS);
    }

    public Lease lease() {
        return lease;
    }

    /** True while this instance holds the lease. */
    public boolean isActive() {
        return lease.isActive();
    }

    /** True while this instance waits for the lease. */
    public boolean isStandby() {
        return lease.role() == Lease.Role.STANDBY;
    }

    /** Throws {@link LeaseLostException} unless active (a publish's check). */
    public void check() {
        lease.check();
    }

    /** The fencing check of a write transaction ({@link Lease#fence}). */
    public void fence(java.sql.Connection connection) throws java.sql.SQLException {
        lease.fence(connection);
    }
}
