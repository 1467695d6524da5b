package dev.sextant.collector.adapter;

import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.json.EventCodec;
import dev.sextant.contracts.state.LatestStateKeys;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.ValueCommands;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Writes the latest candle per symbol to Redis ({@link LatestStateKeys#candle}) as its event JSON. */
@ApplicationScoped
public class LatestCandleStore {
    private final ValueCommands<String, String> values;
    private final String keyPrefix;

    public LatestCandleStore(RedisDataSource redis,
                             @ConfigProperty(name = "sextant.redis.key-prefix", defaultValue = LatestStateKeys.DEFAULT_PREFIX)
                                     String keyPrefix) {
        this.values = redis.value(String.class, String.class);
        this.keyPrefix = keyPrefix;
    }

    public void write(CandleClosed candle) {
        values.set(LatestStateKeys.candle(keyPrefix, candle.symbol()), EventCodec.encode(candle));
    }
}
