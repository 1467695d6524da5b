package dev.sextant.testing;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/**
 * The test profile of a Redis outage test: the service runs against the real infrastructure with
 * Redis behind a {@link FrozenRedis} ({@link FrozenRedisResource}), the module's global test resources
 * left out, and a down Redis checked again every second ({@code sextant.redis.skip-for=1s}) so that
 * recovery is quick to see. Subclass it per service with the service's schema:
 * {@code public static class Outage extends RedisOutageProfile { public Outage() { super("gateway"); } }}.
 */
public abstract class RedisOutageProfile implements QuarkusTestProfile {
    private final String schema;

    protected RedisOutageProfile(String schema) {
        this.schema = schema;
    }

    @Override
    public boolean disableGlobalTestResources() {
        return true;
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(FrozenRedisResource.class, Map.of("schema", schema)));
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("sextant.redis.skip-for", "1s");
    }
}
