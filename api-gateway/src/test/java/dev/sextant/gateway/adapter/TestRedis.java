package dev.sextant.gateway.adapter;

import static org.awaitility.Awaitility.await;

import io.quarkus.redis.datasource.RedisDataSource;
import java.time.Duration;

/**
 * Test set-up writes to Redis through the gateway's own client. That client waits at most
 * {@code quarkus.redis.timeout} (500 ms, a cache must never hold a request up), which a loaded 2-core
 * machine can exceed on a first command (CI once failed a set-up write that way). A SET is idempotent,
 * so set-up retries it until Redis confirms, within a minute; what the tests assert is never retried.
 */
final class TestRedis {
    private TestRedis() {}

    static void put(RedisDataSource redis, String key, String value) {
        await("Redis SET " + key).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .ignoreException(io.smallrye.mutiny.TimeoutException.class).until(() -> {
                    redis.value(String.class).set(key, value);
                    return true;
                });
    }
}
