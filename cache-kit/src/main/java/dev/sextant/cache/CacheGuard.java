package dev.sextant.cache;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A circuit breaker for a cache, free of any framework: the commands it runs are bounded by the
 * client's own timeout; this class decides whether to run them at all.
 *
 * <ul>
 *   <li><b>Closed</b> (the cache works): reads and writes run. The first one that fails (throws,
 *       e.g. the client's timeout) opens the breaker.</li>
 *   <li><b>Open</b> (the cache is down): reads and writes return at once without touching the
 *       cache. A read answers "unavailable" ({@link Optional#empty()}), a write is kept as the
 *       <em>pending</em> write of its key (a newer write of the same key replaces it; at most
 *       {@code maxPendingKeys} keys, further keys are dropped and counted).</li>
 *   <li>{@link #probe} (called by one background thread every few seconds) checks the cache: a
 *       failure opens the breaker; when it answers, the pending writes are replayed in the order
 *       their keys were first kept, and the breaker closes once none is left. A failed replay keeps
 *       it open.</li>
 * </ul>
 *
 * A cache that is frozen (accepts connections, never answers) therefore costs one timeout to the
 * callers when it freezes, then nothing: the probe pays the later timeouts on its own thread.
 * Replayed writes are idempotent "set to the latest value" commands, so a cache that comes back
 * converges to what it would hold had it never been away. Thread-safe.
 */
public final class CacheGuard {

    /** What the guard tells the outside (logs, metrics); every method is called outside the guard's lock. */
    public interface Listener {
        /** The breaker opened: {@code what} failed with {@code error}. */
        default void opened(String what, RuntimeException error) {}

        /** A command failed; {@code kind} is read, write or probe. */
        default void failed(String kind, String what, RuntimeException error) {}

        /** The breaker closed: the cache answered again and {@code replayed} pending writes were written. */
        default void closed(int replayed, Instant openedAt) {}

        /** A pending write was dropped: {@code maxPendingKeys} other keys were already waiting. */
        default void dropped(String key) {}
    }

    /**
     * A snapshot for health checks and metrics.
     *
     * @param open          true while the cache is considered down
     * @param openedAt      when the breaker last opened, null while it never did
     * @param lastError     the last failure, null while none
     * @param failures      commands (reads, writes, probes) that failed
     * @param skipped       reads and writes not sent because the breaker was open
     * @param dropped       pending writes dropped (too many keys waiting)
     * @param pendingWrites writes waiting to be replayed
     */
    public record Status(boolean open, Instant openedAt, String lastError, long failures, long skipped, long dropped,
                         int pendingWrites) {}

    private final Clock clock;
    private final Listener listener;
    private final int maxPendingKeys;
    private final Object lock = new Object();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();

    // Guarded by lock.
    private final Map<String, Runnable> pending = new LinkedHashMap<>();
    private volatile boolean open;
    private volatile Instant openedAt;
    private volatile String lastError;

    /**
     * @param clock          stamps {@link Status#openedAt}
     * @param listener       told about openings, failures, closings, drops
     * @param maxPendingKeys how many keys may wait for a replay while the cache is down (at least 1)
     */
    public CacheGuard(Clock clock, Listener listener, int maxPendingKeys) {
        if (maxPendingKeys < 1) {
            throw new IllegalArgumentException("maxPendingKeys must be at least 1, got " + maxPendingKeys);
        }
        this.clock = clock;
        this.listener = listener;
        this.maxPendingKeys = maxPendingKeys;
    }

    /** True while the cache is considered down (the breaker is open). */
    public boolean isOpen() {
        return open;
    }

    /**
     * Runs {@code command} unless the breaker is open.
     *
     * @param what names the read in logs
     * @return its result; empty when the cache is unavailable (breaker open, or the command failed,
     *         which opens the breaker) or when the command returned null
     */
    public <T> Optional<T> read(String what, Supplier<T> command) {
        if (open) {
            skipped.incrementAndGet();
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(command.get());
        } catch (RuntimeException e) {
            fail("read", what, e);
            return Optional.empty();
        }
    }

    /**
     * Runs {@code command}, the write of {@code key}, unless the breaker is open; when it is open or
     * the command fails (which opens it), the command is kept as the key's pending write and replayed
     * when the cache answers again. Never throws.
     *
     * @param command an idempotent write (it may run later, once)
     * @return true when it was written now
     */
    public boolean write(String key, Runnable command) {
        if (open) {
            Boolean kept = null; // stays null when the breaker closed meanwhile: then it is written now
            synchronized (lock) {
                if (open) {
                    skipped.incrementAndGet();
                    kept = keep(key, command);
                }
            }
            if (kept != null) {
                if (!kept) {
                    listener.dropped(key);
                }
                return false;
            }
        }
        try {
            command.run();
            return true;
        } catch (RuntimeException e) {
            boolean kept;
            synchronized (lock) {
                kept = keep(key, command);
            }
            fail("write", key, e);
            if (!kept) {
                listener.dropped(key);
            }
            return false;
        }
    }

    /**
     * Keeps {@code command} as the pending write of {@code key} without trying it now (for callers
     * that must not block, e.g. an event-loop thread); it is written by the next {@link #probe} or
     * {@link #replayPending}.
     */
    public void defer(String key, Runnable command) {
        boolean kept;
        synchronized (lock) {
            kept = keep(key, command);
        }
        if (!kept) {
            listener.dropped(key);
        }
    }

    /**
     * Checks the cache with {@code ping}: a failure opens the breaker (or keeps it open); a success
     * replays the pending writes and closes it. Meant for one background thread, every few seconds,
     * so the breaker also opens when nobody used the cache and closes when it is back.
     *
     * @return true when the breaker is closed afterwards
     */
    public boolean probe(Runnable ping) {
        try {
            ping.run();
        } catch (RuntimeException e) {
            fail("probe", "ping", e);
            return false;
        }
        return replayPending();
    }

    /**
     * Replays the pending writes (oldest key first) until none is left, then closes the breaker.
     * Stops at the first failure, which keeps (or opens) the breaker. Meant for one background thread.
     *
     * @return true when the breaker is closed afterwards
     */
    public boolean replayPending() {
        int replayed = 0;
        while (true) {
            List<Map.Entry<String, Runnable>> batch;
            Instant wasOpenedAt = null;
            synchronized (lock) {
                if (pending.isEmpty()) {
                    boolean wasOpen = open;
                    wasOpenedAt = openedAt;
                    open = false;
                    if (!wasOpen) {
                        return true;
                    }
                    batch = null;
                } else {
                    batch = new ArrayList<>(pending.entrySet());
                }
            }
            if (batch == null) {
                listener.closed(replayed, wasOpenedAt);
                return true;
            }
            for (Map.Entry<String, Runnable> entry : batch) {
                try {
                    entry.getValue().run();
                } catch (RuntimeException e) {
                    fail("write", entry.getKey(), e);
                    return false;
                }
                synchronized (lock) {
                    // a newer write of the same key, kept meanwhile, stays to be replayed
                    pending.remove(entry.getKey(), entry.getValue());
                }
                replayed++;
            }
        }
    }

    public int pendingWrites() {
        synchronized (lock) {
            return pending.size();
        }
    }

    public Status status() {
        return new Status(open, openedAt, lastError, failures.get(), skipped.get(), dropped.get(), pendingWrites());
    }

    /** Keeps {@code command} as the pending write of {@code key}; false when it was dropped. Call with the lock held. */
    private boolean keep(String key, Runnable command) {
        if (pending.containsKey(key) || pending.size() < maxPendingKeys) {
            pending.put(key, command);
            return true;
        }
        dropped.incrementAndGet();
        return false;
    }

    private void fail(String kind, String what, RuntimeException error) {
        failures.incrementAndGet();
        lastError = kind + " " + what + ": " + describe(error);
        boolean opened = false;
        synchronized (lock) {
            if (!open) {
                open = true;
                openedAt = clock.instant();
                opened = true;
            }
        }
        listener.failed(kind, what, error);
        if (opened) {
            listener.opened(kind + " " + what, error);
        }
    }

    /** The exception's class and message, e.g. {@code TimeoutException: timed out after 500ms}. */
    public static String describe(Throwable error) {
        String message = error.getMessage();
        return error.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }
}
