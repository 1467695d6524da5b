package dev.sextant.collector.adapter;

import dev.sextant.cache.RedisCache;
import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.json.EventCodec;
import dev.sextant.contracts.state.LatestStateKeys;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Writes the latest candle per symbol to Redis ({@link LatestStateKeys#candle}) as its event JSON. A
 * cache ({@link RedisCache}): a write takes at most the Redis timeout, returns at once while Redis is
 * down (the newest candle per symbol is then written when Redis answers again) and never throws, so
 * the replay never stops or slows down for Redis.
 */
@ApplicationScoped
public class LatestCandleStore {
    private final RedisCache cache;
    private final String keyPrefix;

    public LatestCandleStore(RedisCache cache,
                             @ConfigProperty(name = "sextant.redis.key-prefix", defaultValue = LatestStateKeys.DEFAULT_PREFIX)
                                     String keyPrefix) {
        this.cache = cache;
        this.keyPrefix = keyPrefix;
    }

    /** Bounded by the Redis timeout, never throws; false when it did not reach Redis now (it is written later). */
    public boolean write(CandleClosed candle) {
        String key = LatestStateKeys.candle(keyPrefix, candle.symbol());
        String json = EventCodec.encode(candle);
        return cache.write(key, redis -> redis.value(String.class, String.class).set(key, json));
    }
}
