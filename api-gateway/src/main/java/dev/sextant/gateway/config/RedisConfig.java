package dev.sextant.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * The platform-wide Redis settings ({@code sextant.redis.*}). Redis is a cache (cache-kit's
 * {@code RedisCache}): each command is bounded by {@code quarkus.redis.timeout}.
 */
@ConfigMapping(prefix = "sextant.redis")
public interface RedisConfig {

    /** Prefix of every latest-state key (see {@code LatestStateKeys}); tests set one per run. */
    @WithDefault("sextant:")
    String keyPrefix();

    /**
     * After a failed Redis command, how long Redis is skipped (reads answer from the gateway's
     * projections) before a background PING checks it again; read by {@code RedisCache}.
     */
    @WithDefault("5s")
    Duration skipFor();
}
