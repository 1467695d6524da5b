package dev.sextant.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * {@link RealInfraResource} with Redis behind a {@link FrozenRedis}: the service under test talks to
 * the real Redis through it ({@code quarkus.redis.hosts} points at the proxy), and the test freezes,
 * kills and thaws it. Inject the run into {@code @InjectInfra TestInfra} and the proxy into
 * {@code @InjectFrozenRedis FrozenRedis}. Use it through {@link RedisOutageProfile}, which keeps the
 * module's global {@code RealInfraResource} (which sets {@code quarkus.redis.hosts} too) out of the test.
 */
public class FrozenRedisResource implements QuarkusTestResourceLifecycleManager {
    private final RealInfraResource infra = new RealInfraResource();
    private FrozenRedis redis;

    @Override
    public void init(Map<String, String> initArgs) {
        infra.init(initArgs);
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(infra.start());
        redis = FrozenRedis.start();
        config.put("quarkus.redis.hosts", redis.url());
        return config;
    }

    @Override
    public void inject(TestInjector testInjector) {
        infra.inject(testInjector);
        testInjector.injectIntoFields(redis, new TestInjector.AnnotatedAndMatchesType(InjectFrozenRedis.class, FrozenRedis.class));
    }

    @Override
    public void stop() {
        if (redis != null) {
            redis.close();
        }
        infra.stop();
    }
}
