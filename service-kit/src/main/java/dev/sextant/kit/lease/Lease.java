package dev.sextant.kit.lease;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * One instance's side of an active/standby lease ({@link LeaseStore}), without a framework.
 *
 * <p>A standby calls {@link #awaitActive} and polls until it takes the lease. The active one then renews it every
 * {@code renewEvery} and believes it holds it only until its <em>local deadline</em>: the monotonic time at which it
 * sent its last successful renewal plus {@code ttl - margin}. The database set the expiry to (its clock at the
 * renewal) + {@code ttl}, no earlier, and a standby takes the lease only after that expiry: so the active one stops
 * believing it is active at least {@code margin} before anyone else can start, whatever the delay of the renewal's
 * answer. A renewal the database refuses (the lease was taken or expired) loses the lease at once; a renewal that
 * fails or hangs (database unreachable, network partition) is retried until the local deadline, which a watchdog
 * checks apart from the renewals. A process paused longer than that (GC, SIGSTOP) finds its deadline passed when it
 * wakes. Past its deadline the instance is <em>fenced</em> ({@link Role#LOST}: every check fails) and tries to take
 * the lease back: when nobody held it meanwhile (the new token is the old one plus one) its memory is still the
 * stored state, so it goes on ({@link Role#ACTIVE} again: a database restart is ridden out). When another instance
 * holds or held it, or no retake succeeds within {@code lostGrace}, {@code onLost} is called once (services halt: a
 * fenced instance must leave its consumer groups so the new holder gets the partitions).
 *
 * <p>State-changing paths check {@link #check()} (local, cheap: before a publish) and, inside their database
 * transaction, {@link #fence(Connection)}: the token must be the current one and unexpired in the database, and the
 * lease row stays share-locked until the commit. The database thus refuses a write of a deposed holder even when its
 * local belief is stale.
 */
public final class Lease implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Lease.class);

    /** Where this instance stands. */
    public enum Role { STANDBY, ACTIVE, LOST, RELEASED }

    private final LeaseStore store;
    private final String name;
    private final String holder;
    private final Duration ttl;
    private final Duration renewEvery;
    private final Duration pollEvery;
    private final long validNanos;
    private final long graceNanos;
    private final LongSupplier nanoTime;
    private final Consumer<String> onLost;
    private final AtomicBoolean lostOnce = new AtomicBoolean();

    private volatile Role role = Role.STANDBY;
    private volatile long token;
    private volatile long deadlineNanos;
    /** When the instance was fenced (role LOST), and the token it lost. */
    private volatile long fencedAtNanos;
    private volatile long lostToken;
    private volatile ScheduledExecutorService timers;

    /**
     * @param ttl        how long a renewal holds the lease in the database
     * @param renewEvery how often the active instance renews (well below {@code ttl - margin})
     * @param pollEvery  how often a standby tries to take the lease
     * @param margin     how much earlier than the database's expiry the active instance stops believing it holds it
     * @param lostGrace  how long a fenced instance tries to take the lease back before it gives up
     * @param onLost     called once, with the reason, when an active instance loses its lease for good
     */
    public Lease(LeaseStore store, String name, String holder, Duration ttl, Duration renewEvery, Duration pollEvery,
                 Duration margin, Duration lostGrace, LongSupplier nanoTime, Consumer<String> onLost) {
        if (ttl.isNegative() || ttl.isZero() || margin.isNegative() || margin.compareTo(ttl) >= 0
                || renewEvery.isNegative() || renewEvery.isZero() || renewEvery.compareTo(ttl.minus(margin)) >= 0
                || pollEvery.isNegative() || pollEvery.isZero()) {
            throw new IllegalArgumentException("lease " + name + ": need 0 < renew-every < ttl - margin and 0 <= margin < ttl"
                    + " and poll-every > 0, got ttl " + ttl + ", renew-every " + renewEvery + ", margin " + margin
                    + ", poll-every " + pollEvery);
        }
        this.store = store;
        this.name = name;
        this.holder = holder;
        this.ttl = ttl;
        this.renewEvery = renewEvery;
        this.pollEvery = pollEvery;
        this.validNanos = ttl.minus(margin).toNanos();
        this.graceNanos = lostGrace.toNanos();
        this.nanoTime = nanoTime;
        this.onLost = onLost;
    }

    public String name() {
        return name;
    }

    public String holder() {
        return holder;
    }

    public Role role() {
        if (role == Role.ACTIVE && nanoTime.getAsLong() - deadlineNanos >= 0) {
            return Role.LOST; // the watchdog reports it in a moment; nothing may act on it meanwhile
        }
        return role;
    }

    /** The fencing token while active, 0 before. */
    public long token() {
        return token;
    }

    /** True while this instance holds the lease by its local deadline. */
    public boolean isActive() {
        return role() == Role.ACTIVE;
    }

    /** Throws {@link LeaseLostException} unless {@link #isActive()}. */
    public void check() {
        Role now = role();
        if (now != Role.ACTIVE) {
            throw new LeaseLostException("instance " + holder + " is " + now.name().toLowerCase() + " for lease " + name
                    + ": it must not change state");
        }
    }

    /** {@link #check()}, then the database's fencing check in the caller's transaction ({@link LeaseStore#fence}). */
    public void fence(Connection connection) throws SQLException {
        check();
        LeaseStore.fence(connection, name, token);
    }

    /**
     * One attempt to take the lease (a standby's poll). On success the instance is active and renews the lease in the
     * background.
     */
    public synchronized boolean tryAcquire() {
        if (role != Role.STANDBY) {
            return role == Role.ACTIVE;
        }
        long start = nanoTime.getAsLong();
        OptionalLong acquired;
        try {
            acquired = store.tryAcquire(name, holder, ttl);
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("lease %s: could not try to take it (%s); still standby", name, e.getMessage());
            return false;
        }
        if (acquired.isEmpty()) {
            return false;
        }
        token = acquired.getAsLong();
        deadlineNanos = start + validNanos;
        role = Role.ACTIVE;
        timers = Executors.newScheduledThreadPool(2, Thread.ofPlatform().name("lease-" + name, 0).daemon().factory());
        timers.scheduleWithFixedDelay(this::renew, renewEvery.toNanos(), renewEvery.toNanos(), TimeUnit.NANOSECONDS);
        long watch = Math.max(Duration.ofMillis(50).toNanos(), Math.min(renewEvery.toNanos(), validNanos) / 10);
        timers.scheduleWithFixedDelay(this::watch, watch, watch, TimeUnit.NANOSECONDS);
        LOG.infof("lease %s taken by %s (fencing token %d, ttl %s)", name, holder, token, ttl);
        return true;
    }

    /**
     * Blocks until this instance takes the lease, trying every {@code pollEvery}; returns false without it when
     * {@code stop} turns true.
     */
    public boolean awaitActive(BooleanSupplier stop) throws InterruptedException {
        boolean told = false;
        while (!stop.getAsBoolean()) {
            if (tryAcquire()) {
                return true;
            }
            if (!told) {
                LOG.infof("lease %s is held by another instance: %s waits as standby (trying every %s)", name, holder,
                        pollEvery);
                told = true;
            }
            Thread.sleep(pollEvery.toMillis());
        }
        return false;
    }

    /** When this instance was last fenced ({@link System#nanoTime()} scale of the clock given), 0 if never. */
    public long fencedAtNanos() {
        return fencedAtNanos;
    }

    /** One renewal (the renewal timer's task; tests call it directly); a fenced instance tries to take the lease back. */
    void renew() {
        if (role == Role.LOST) {
            retake();
            return;
        }
        if (role != Role.ACTIVE) {
            return;
        }
        long start = nanoTime.getAsLong();
        if (start - deadlineNanos >= 0) {
            lose("its local deadline passed before the renewal (a pause, or renewals failing for too long)");
            return;
        }
        try {
            if (store.renew(name, holder, token, ttl)) {
                if (role == Role.ACTIVE) {
                    deadlineNanos = start + validNanos;
                }
            } else {
                lose("the database refused the renewal: the lease expired or another instance took it");
            }
        } catch (SQLException | RuntimeException e) {
            long left = deadlineNanos - nanoTime.getAsLong();
            LOG.warnf("lease %s: renewal failed (%s); retried, %d ms left before this instance stops", name,
                    e.getMessage(), Math.max(0, left / 1_000_000));
            watch();
        }
    }

    /** The watchdog: the lease is lost once the local deadline passes without a renewal; fenced too long, given up. */
    void watch() {
        if (role == Role.ACTIVE && nanoTime.getAsLong() - deadlineNanos >= 0) {
            lose("not renewed within " + Duration.ofNanos(validNanos).toMillis() + " ms (database unreachable or slow)");
        } else if (role == Role.LOST && !lostOnce.get() && nanoTime.getAsLong() - fencedAtNanos - graceNanos >= 0) {
            giveUp("not taken back within " + Duration.ofNanos(graceNanos).toMillis() + " ms of losing it");
        }
    }

    /** Fenced: nothing may change state until the lease is taken back ({@link #retake}). */
    private void lose(String reason) {
        synchronized (this) {
            if (role != Role.ACTIVE) {
                return;
            }
            role = Role.LOST;
            fencedAtNanos = nanoTime.getAsLong();
            lostToken = token;
        }
        LOG.errorf("lease %s lost by %s (token %d): %s; fenced, it takes the lease back if nobody else took it", name,
                holder, token, reason);
    }

    /** A fenced instance's attempt to take its lease back. */
    private void retake() {
        if (lostOnce.get()) {
            return;
        }
        long start = nanoTime.getAsLong();
        OptionalLong taken;
        try {
            taken = store.tryAcquire(name, holder, ttl);
            if (taken.isEmpty()) {
                var row = store.current(name);
                if (row.isPresent() && row.get().holder().equals(holder) && row.get().token() == lostToken) {
                    return; // our own lease is still running in the database (we were paused): it expires, then we retake it
                }
                giveUp("another instance holds the lease" + row.map(r -> " (" + r.holder() + ", token " + r.token() + ")")
                        .orElse(""));
                return;
            }
        } catch (SQLException | RuntimeException e) {
            return; // still unreachable: the watchdog gives up after the grace
        }
        long now = taken.getAsLong();
        if (now == lostToken + 1) {
            synchronized (this) {
                if (role != Role.LOST || lostOnce.get()) {
                    return;
                }
                token = now;
                deadlineNanos = start + validNanos;
                role = Role.ACTIVE;
            }
            LOG.infof("lease %s taken back by %s (token %d): nobody held it meanwhile, this instance goes on", name, holder, now);
        } else {
            try {
                store.release(name, holder, now);
            } catch (SQLException | RuntimeException e) {
                // it expires by itself
            }
            giveUp("another instance held the lease meanwhile (token " + lostToken + ", now " + now + ")");
        }
    }

    private void giveUp(String reason) {
        synchronized (this) {
            if (role != Role.LOST) {
                return;
            }
            stopTimers();
        }
        if (lostOnce.compareAndSet(false, true)) {
            LOG.errorf("lease %s lost for good by %s (token %d): %s", name, holder, lostToken, reason);
            onLost.accept(reason);
        }
    }

    private void stopTimers() {
        ScheduledExecutorService t = timers;
        if (t != null) {
            t.shutdownNow();
        }
    }

    /** Gives the lease up now (graceful shutdown), so a standby takes over without waiting for the expiry. */
    @Override
    public synchronized void close() {
        Role was = role;
        role = Role.RELEASED;
        stopTimers();
        if (was == Role.ACTIVE) {
            try {
                store.release(name, holder, token);
                LOG.infof("lease %s released by %s (token %d)", name, holder, token);
            } catch (SQLException | RuntimeException e) {
                LOG.warnf("lease %s: could not release it (%s); it expires within %s", name, e.getMessage(), ttl);
            }
        }
    }
}
