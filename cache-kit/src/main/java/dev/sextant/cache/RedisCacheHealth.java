package dev.sextant.cache;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Redis in the readiness answer ({@code /q/health/ready}), as a cache: always UP (the service works
 * without it), with {@code redis} = {@code up} or {@code degraded} (considered down: skipped, reads fall
 * back, writes kept) and the figures behind it. It only reports {@link RedisCache}'s state, so it
 * never waits for Redis itself. Replaces the Redis client's own check ({@code quarkus.redis.health.enabled=false}),
 * which would report the whole service DOWN, or hang, while Redis is away.
 */
@Readiness
@ApplicationScoped
public class RedisCacheHealth implements HealthCheck {
    private final RedisCache cache;

    RedisCacheHealth(RedisCache cache) {
        this.cache = cache;
    }

    @Override
    public HealthCheckResponse call() {
        CacheGuard.Status status = cache.status();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("redis-cache").up()
                .withData("redis", status.open() ? "degraded" : "up")
                .withData("breaker", status.open() ? "open" : "closed")
                .withData("timeout", cache.timeout().toString())
                .withData("skipFor", cache.skipFor().toString())
                .withData("failures", status.failures())
                .withData("skipped", status.skipped())
                .withData("pendingWrites", status.pendingWrites());
        if (status.open() && status.openedAt() != null) {
            response.withData("unavailableSince", status.openedAt().toString());
        }
        if (status.lastError() != null) {
            response.withData("lastError", status.lastError());
        }
        return response.build();
    }
}
