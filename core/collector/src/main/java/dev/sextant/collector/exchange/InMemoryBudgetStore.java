package dev.sextant.collector.exchange;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link BudgetStore} in this JVM: for tests and for a single instance. Thread-safe (every step holds the store's
 * lock, so steps are atomic as the Redis scripts are); window counts expire after their ttl on {@code clock}, as Redis
 * keys do.
 */
public final class InMemoryBudgetStore implements BudgetStore {
    private final Clock clock;
    private final Map<String, Counter> counters = new HashMap<>();
    private final Map<String, Block> blocks = new HashMap<>();

    private record Counter(long used, Instant expiresAt) {}

    public InMemoryBudgetStore(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public synchronized Consumption tryConsume(String windowKey, long weight, long limit, Duration ttl) {
        long used = current(windowKey);
        if (used + weight > limit) {
            return new Consumption(false, used);
        }
        long after = used + weight;
        counters.put(windowKey, new Counter(after, clock.instant().plus(ttl)));
        return new Consumption(true, after);
    }

    @Override
    public synchronized long raiseTo(String windowKey, long used, Duration ttl) {
        long current = current(windowKey);
        if (used > current) {
            counters.put(windowKey, new Counter(used, clock.instant().plus(ttl)));
            return used;
        }
        return current;
    }

    @Override
    public synchronized long used(String windowKey) {
        return current(windowKey);
    }

    @Override
    public synchronized void extendBlock(String blockKey, Block block) {
        Block current = blocks.get(blockKey);
        if (current == null || block.until().isAfter(current.until())) {
            blocks.put(blockKey, block);
        }
    }

    @Override
    public synchronized Optional<Block> block(String blockKey) {
        return Optional.ofNullable(blocks.get(blockKey));
    }

    /** Window counts held now (expired ones are dropped first). */
    public synchronized int windowsHeld() {
        purge();
        return counters.size();
    }

    private long current(String windowKey) {
        purge();
        Counter c = counters.get(windowKey);
        return c == null ? 0 : c.used();
    }

    private void purge() {
        Instant now = clock.instant();
        for (Iterator<Counter> it = counters.values().iterator(); it.hasNext(); ) {
            if (!now.isBefore(it.next().expiresAt())) {
                it.remove();
            }
        }
    }
}
