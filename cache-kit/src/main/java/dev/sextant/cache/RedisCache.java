package dev.sextant.cache;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Redis as what it is for the platform: a cache. Every read and write of a service goes through here.
 *
 * <ul>
 *   <li>Each command is bounded by the Redis client's own timeout, {@code quarkus.redis.timeout}
 *       (the services set 500 ms): the blocking API gives up waiting after it.</li>
 *   <li>The first failure (timeout, refused connection, full pool) opens a breaker ({@link CacheGuard}):
 *       Redis is then skipped. Reads answer "unavailable" at once, so the caller falls back to its own
 *       state; writes return at once and are kept, the newest per key, to be replayed.</li>
 *   <li>One background thread PINGs Redis every {@code sextant.redis.skip-for} (default 5 s). A failed
 *       PING opens the breaker; a PING answered replays the kept writes and closes it. A frozen Redis
 *       thus costs the callers one timeout when it freezes, not one per record.</li>
 *   <li>Nothing here throws: a cache failure is logged (a warning when Redis goes away, info when it
 *       is back), counted and reported as "degraded" by {@link RedisCacheHealth}, never DOWN.</li>
 * </ul>
 *
 * Metrics: {@code sextant_redis_failures_total{kind=read|write|probe}}, {@code sextant_redis_skipped_total}
 * (commands not sent while the breaker was open), {@code sextant_redis_breaker_open} (1 while open),
 * {@code sextant_redis_pending_writes}, {@code sextant_redis_dropped_writes_total}.
 *
 * <p>A thread that must not block (a Vert.x event loop) never waits for Redis: its reads answer
 * "unavailable", its writes are handed to the background thread.
 */
@ApplicationScoped
public class RedisCache {
    private static final Logger LOG = Logger.getLogger(RedisCache.class);
    /** Keys that may wait for a replay while Redis is down (latest-state keys: a few per symbol). */
    static final int MAX_PENDING_KEYS = 10_000;

    private final RedisDataSource redis;
    private final Duration timeout;
    private final Duration skipFor;
    private final CacheGuard guard;
    private final MeterRegistry registry;
    private final AtomicBoolean replayScheduled = new AtomicBoolean();
    /** {@code sextant_redis_command_seconds{op}}: the time of the Redis commands actually sent (not the skipped ones). */
    private final Timer readLatency;
    private final Timer writeLatency;
    private volatile boolean stopping;
    private final ScheduledExecutorService probe = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "redis-cache-probe");
        t.setDaemon(true);
        return t;
    });

    RedisCache(RedisDataSource redis, MeterRegistry registry, Instance<Clock> clock,
               @ConfigProperty(name = "quarkus.redis.timeout", defaultValue = "10s") Duration timeout,
               @ConfigProperty(name = "sextant.redis.skip-for", defaultValue = "5s") Duration skipFor) {
        if (skipFor.isNegative() || skipFor.isZero()) {
            throw new IllegalArgumentException("sextant.redis.skip-for must be positive, e.g. 5s; got " + skipFor);
        }
        this.redis = redis;
        this.registry = registry;
        this.timeout = timeout;
        this.skipFor = skipFor;
        this.guard = new CacheGuard(clock.isResolvable() ? clock.get() : Clock.systemUTC(), new Logging(), MAX_PENDING_KEYS);
        Gauge.builder("sextant.redis.breaker.open", guard, g -> g.isOpen() ? 1 : 0)
                .description("1 while Redis is considered down and skipped (the breaker is open), else 0")
                .register(registry);
        Gauge.builder("sextant.redis.pending.writes", guard, CacheGuard::pendingWrites)
                .description("latest-state writes kept while Redis is down, replayed when it answers again")
                .register(registry);
        FunctionCounter.builder("sextant.redis.skipped", guard, g -> g.status().skipped())
                .description("Redis reads and writes not sent because Redis was considered down (breaker open)")
                .register(registry);
        FunctionCounter.builder("sextant.redis.dropped.writes", guard, g -> g.status().dropped())
                .description("writes dropped while Redis was down because too many keys were already waiting")
                .register(registry);
        this.readLatency = commandTimer("read", registry);
        this.writeLatency = commandTimer("write", registry);
        for (String kind : new String[] {"read", "write", "probe"}) {
            failures(kind); // registered at 0, so the series exists before the first failure
        }
        probe.scheduleWithFixedDelay(this::probe, skipFor.toMillis(), skipFor.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Runs a read, bounded by the timeout.
     *
     * @param what    names it in logs
     * @param command the Redis commands (may return null)
     * @return the result; empty when Redis is unavailable (down, timed out, failed) or the command returned null
     */
    public <T> Optional<T> read(String what, Function<RedisDataSource, T> command) {
        if (!Infrastructure.canCallerThreadBeBlocked()) {
            LOG.debugf("Redis read %s skipped: called on a thread that must not block", what);
            return Optional.empty();
        }
        return guard.read(what, () -> {
            long t0 = System.nanoTime();
            try {
                return command.apply(redis);
            } finally {
                readLatency.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
            }
        });
    }

    /**
     * Runs the write of {@code key}, bounded by the timeout; when Redis is unavailable it returns at
     * once and the write is replayed when Redis answers again (a newer write of the key replaces it).
     * Never throws.
     *
     * @param command an idempotent write of {@code key} (it may run later, once)
     * @return true when it was written now
     */
    public boolean write(String key, Consumer<RedisDataSource> command) {
        Runnable write = () -> {
            long t0 = System.nanoTime();
            try {
                command.accept(redis);
            } finally {
                writeLatency.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
            }
        };
        if (!Infrastructure.canCallerThreadBeBlocked()) {
            guard.defer(key, write);
            scheduleReplay();
            return false;
        }
        return guard.write(key, write);
    }

    /** False while Redis is considered down (reads fall back, writes are kept for a replay). */
    public boolean available() {
        return !guard.isOpen();
    }

    public CacheGuard.Status status() {
        return guard.status();
    }

    /** The bound of one Redis command ({@code quarkus.redis.timeout}). */
    public Duration timeout() {
        return timeout;
    }

    /** How often a down Redis is checked again ({@code sextant.redis.skip-for}). */
    public Duration skipFor() {
        return skipFor;
    }

    private void probe() {
        if (stopping) {
            return; // the Redis client closes during shutdown: not an outage
        }
        try {
            guard.probe(() -> redis.execute("PING"));
        } catch (RuntimeException e) {
            LOG.debugf("Redis probe: %s", CacheGuard.describe(e)); // the guard handles failures; this is a safety net
        }
    }

    private void scheduleReplay() {
        if (replayScheduled.compareAndSet(false, true)) {
            try {
                probe.execute(() -> {
                    replayScheduled.set(false);
                    if (!guard.isOpen()) {
                        guard.replayPending();
                    }
                });
            } catch (RejectedExecutionException stopped) {
                replayScheduled.set(false);
            }
        }
    }

    private static Timer commandTimer(String op, MeterRegistry registry) {
        return Timer.builder("sextant.redis.command").description("Redis reads and writes sent, failed ones included")
                .tag("op", op).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(50_000)).maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
    }

    private Counter failures(String kind) {
        return Counter.builder("sextant.redis.failures")
                .description("Redis commands (reads, writes, background probes) that failed or timed out")
                .tag("kind", kind)
                .register(registry);
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
    }

    @PreDestroy
    void stop() {
        stopping = true;
        probe.shutdownNow();
    }

    /** Logs a burst of failures once (warning), the rest at debug, and the recovery at info. */
    private final class Logging implements CacheGuard.Listener {
        @Override
        public void opened(String what, RuntimeException error) {
            LOG.warnf("Redis is unavailable (%s failed: %s): it is skipped and checked again every %s; reads fall back,"
                    + " writes are kept and replayed when it answers", what, CacheGuard.describe(error), skipFor);
        }

        @Override
        public void failed(String kind, String what, RuntimeException error) {
            failures(kind).increment();
            LOG.debugf("Redis %s %s failed: %s", kind, what, CacheGuard.describe(error));
        }

        @Override
        public void closed(int replayed, Instant openedAt) {
            LOG.infof("Redis answers again (unavailable since %s); %d kept write(s) replayed", openedAt, replayed);
        }

        @Override
        public void dropped(String key) {
            LOG.debugf("Redis write of %s dropped: %d keys are already waiting for Redis", key, MAX_PENDING_KEYS);
        }
    }
}
