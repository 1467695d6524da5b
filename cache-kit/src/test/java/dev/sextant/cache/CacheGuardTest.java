package dev.sextant.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CacheGuardTest {
    private static final Instant T0 = Instant.parse("2024-01-15T10:00:00Z");

    /** A cache in memory that can be switched off: then every command throws, as the Redis client does on a timeout. */
    private static final class FakeCache {
        final Map<String, String> values = new LinkedHashMap<>();
        final AtomicInteger calls = new AtomicInteger();
        boolean down;

        void set(String key, String value) {
            touch();
            values.put(key, value);
        }

        String get(String key) {
            touch();
            return values.get(key);
        }

        void ping() {
            touch();
        }

        private void touch() {
            calls.incrementAndGet();
            if (down) {
                throw new IllegalStateException("timed out after 500ms");
            }
        }
    }

    private final FakeCache cache = new FakeCache();
    private final List<String> events = new ArrayList<>();
    private final CacheGuard guard = new CacheGuard(Clock.fixed(T0, ZoneOffset.UTC), new CacheGuard.Listener() {
        @Override
        public void opened(String what, RuntimeException error) {
            events.add("opened by " + what);
        }

        @Override
        public void closed(int replayed, Instant openedAt) {
            events.add("closed, replayed " + replayed);
        }

        @Override
        public void dropped(String key) {
            events.add("dropped " + key);
        }
    }, 3);

    @Test
    void aWorkingCacheIsReadAndWritten() {
        assertThat(guard.write("k", () -> cache.set("k", "v1"))).isTrue();
        assertThat(guard.read("k", () -> cache.get("k"))).contains("v1");
        assertThat(guard.read("absent", () -> cache.get("absent"))).isEmpty();
        assertThat(guard.status()).isEqualTo(new CacheGuard.Status(false, null, null, 0, 0, 0, 0));
        assertThat(events).isEmpty();
    }

    @Test
    void theFirstFailureOpensTheBreakerAndThenTheCacheIsNotTouched() {
        cache.down = true;
        assertThat(guard.read("latest candle", () -> cache.get("k"))).isEmpty();
        assertThat(guard.isOpen()).isTrue();
        assertThat(events).containsExactly("opened by read latest candle");
        int callsWhenOpened = cache.calls.get();

        for (int i = 0; i < 100; i++) {
            assertThat(guard.read("latest candle", () -> cache.get("k"))).isEmpty();
            assertThat(guard.write("k", () -> cache.set("k", "v"))).isFalse();
        }

        assertThat(cache.calls).as("a down cache costs one failed command, not one per call").hasValue(callsWhenOpened);
        CacheGuard.Status status = guard.status();
        assertThat(status.open()).isTrue();
        assertThat(status.openedAt()).isEqualTo(T0);
        assertThat(status.failures()).isEqualTo(1);
        assertThat(status.skipped()).isEqualTo(200);
        assertThat(status.lastError()).isEqualTo("read latest candle: IllegalStateException: timed out after 500ms");
    }

    @Test
    void writesKeptWhileDownAreReplayedNewestPerKeyWhenTheCacheAnswersAgain() {
        guard.write("a", () -> cache.set("a", "a0"));
        cache.down = true;
        assertThat(guard.write("a", () -> cache.set("a", "a1"))).isFalse(); // fails: opens the breaker, kept
        assertThat(guard.write("b", () -> cache.set("b", "b1"))).isFalse(); // skipped, kept
        assertThat(guard.write("a", () -> cache.set("a", "a2"))).isFalse(); // replaces a1
        assertThat(guard.pendingWrites()).isEqualTo(2);

        assertThat(guard.probe(cache::ping)).as("the probe fails while the cache is down").isFalse();
        assertThat(guard.isOpen()).isTrue();
        assertThat(guard.pendingWrites()).isEqualTo(2);
        assertThat(cache.values).containsExactly(Map.entry("a", "a0"));

        cache.down = false;
        assertThat(guard.probe(cache::ping)).isTrue();

        assertThat(guard.isOpen()).isFalse();
        assertThat(cache.values).containsExactly(Map.entry("a", "a2"), Map.entry("b", "b1"));
        assertThat(guard.pendingWrites()).isZero();
        assertThat(events).containsExactly("opened by write a", "closed, replayed 2");
        assertThat(guard.read("a", () -> cache.get("a"))).contains("a2");
    }

    @Test
    void aProbeThatFailsOpensTheBreakerEvenWithoutTraffic() {
        cache.down = true;
        assertThat(guard.probe(cache::ping)).isFalse();
        assertThat(guard.isOpen()).isTrue();
        assertThat(events).containsExactly("opened by probe ping");
        assertThat(guard.read("k", () -> cache.get("k"))).isEmpty();
        assertThat(guard.status().skipped()).isEqualTo(1);
    }

    @Test
    void aReplayThatFailsHalfWayKeepsTheBreakerOpenAndTheRestPending() {
        cache.down = true;
        guard.write("a", () -> cache.set("a", "a1"));
        guard.write("b", () -> cache.set("b", "b1"));
        AtomicInteger pings = new AtomicInteger();
        cache.down = false;
        // the cache answers the ping, then goes away again during the replay of the first write
        assertThat(guard.probe(() -> {
            pings.incrementAndGet();
            cache.ping();
            cache.down = true;
        })).isFalse();

        assertThat(guard.isOpen()).isTrue();
        assertThat(guard.pendingWrites()).isEqualTo(2);
        cache.down = false;
        assertThat(guard.probe(cache::ping)).isTrue();
        assertThat(cache.values).containsExactly(Map.entry("a", "a1"), Map.entry("b", "b1"));
    }

    @Test
    void beyondTheLimitOfWaitingKeysWritesAreDroppedAndCounted() {
        cache.down = true;
        for (String key : List.of("k1", "k2", "k3", "k4")) {
            guard.write(key, () -> cache.set(key, "v"));
        }
        guard.write("k1", () -> cache.set("k1", "newer")); // a key already waiting is still replaced

        assertThat(guard.pendingWrites()).isEqualTo(3);
        assertThat(guard.status().dropped()).isEqualTo(1);
        assertThat(events).contains("dropped k4");
        cache.down = false;
        guard.probe(cache::ping);
        assertThat(cache.values).containsExactly(Map.entry("k1", "newer"), Map.entry("k2", "v"), Map.entry("k3", "v"));
    }

    @Test
    void aDeferredWriteIsWrittenByTheNextReplay() {
        guard.defer("k", () -> cache.set("k", "later"));
        assertThat(cache.values).isEmpty();
        assertThat(guard.isOpen()).isFalse();

        assertThat(guard.replayPending()).isTrue();

        assertThat(cache.values).containsExactly(Map.entry("k", "later"));
        assertThat(events).as("nothing opened, so nothing closed").isEmpty();
    }

    @Test
    void aNullResultIsAnEmptyReadNotAFailure() {
        Optional<String> read = guard.read("absent", () -> null);
        assertThat(read).isEmpty();
        assertThat(guard.isOpen()).isFalse();
    }
}
