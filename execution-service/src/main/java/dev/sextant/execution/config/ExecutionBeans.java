package dev.sextant.execution.config;

import dev.sextant.execution.domain.ExecutionModels;
import dev.sextant.execution.domain.ExecutionSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Domain objects built from configuration. A broken setting stops start-up with a sentence saying what to fix. */
@ApplicationScoped
public class ExecutionBeans {

    @Produces
    @Singleton
    ExecutionSettings settings(ExecutionConfig config) {
        if (config.publishTimeoutSeconds() < 1) {
            throw new IllegalArgumentException("sextant.execution.publish-timeout-seconds must be at least 1, got "
                    + config.publishTimeoutSeconds());
        }
        return new ExecutionSettings(config.initialCapital(), config.slippage(), config.takerFee(), config.feeAsset(),
                config.venue(), config.candleWindow());
    }

    /** The paper exchange's execution models ({@code slippage-model}, {@code fee-model}, {@code fill-price}, {@code latency-candles}). */
    @Produces
    @Singleton
    ExecutionModels models(ExecutionConfig config, ExecutionSettings settings) {
        return ExecutionModels.parse(settings, config.slippageModel(), config.feeModel(), config.fillPrice(),
                config.latencyCandles(), ExecutionModels.Names.SETTINGS).checkAgainst(settings);
    }

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    /** The Redis key prefix ({@code sextant.redis.key-prefix}), checked here so a blank one fails start-up. */
    @Produces
    @RedisKeyPrefix
    String redisKeyPrefix(@ConfigProperty(name = "sextant.redis.key-prefix", defaultValue = "sextant:") String prefix) {
        if (prefix == null || prefix.isBlank()) {
            throw new IllegalArgumentException("sextant.redis.key-prefix must not be blank (the default is sextant:)");
        }
        return prefix;
    }
}
