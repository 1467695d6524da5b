package dev.sextant.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The platform-wide Redis settings ({@code sextant.redis.*}). */
@ConfigMapping(prefix = "sextant.redis")
public interface RedisConfig {

    /** Prefix of every latest-state key (see {@code LatestStateKeys}); tests set one per run. */
    @WithDefault("sextant:")
    String keyPrefix();
}
