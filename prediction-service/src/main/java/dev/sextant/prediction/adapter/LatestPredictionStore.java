package dev.sextant.prediction.adapter;

import dev.sextant.cache.RedisCache;
import dev.sextant.contracts.event.PredictionMade;
import dev.sextant.contracts.json.EventCodec;
import dev.sextant.contracts.json.EventDecodingException;
import dev.sextant.contracts.state.LatestStateKeys;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Writes the latest prediction per symbol to Redis ({@link LatestStateKeys#prediction}). A
 * prediction for an older candle than the stored one (a replay or redelivery) does not replace it.
 * It is a cache ({@link RedisCache}): a write takes at most the Redis timeout, returns at once while
 * Redis is down (it is then replayed when Redis answers again), never throws and never fails the
 * record. A write not done now is counted ({@code sextant_prediction_redis_write_failures_total}).
 */
@ApplicationScoped
public class LatestPredictionStore {
    private final RedisCache cache;
    private final String prefix;
    private final PredictionMetrics metrics;

    public LatestPredictionStore(RedisCache cache,
                                 @ConfigProperty(name = "sextant.redis.key-prefix", defaultValue = LatestStateKeys.DEFAULT_PREFIX)
                                 String prefix, PredictionMetrics metrics) {
        this.cache = cache;
        this.prefix = prefix;
        this.metrics = metrics;
    }

    /**
     * Writes, of {@code predictions} (a consumed batch, in order), only the newest of each key: what writing them all
     * one by one would leave in Redis, for one write per symbol instead of one per prediction. Never throws.
     *
     * @return the number of writes (keys) done or kept for Redis
     */
    public int writeLatest(List<PredictionMade> predictions) {
        Map<String, PredictionMade> newest = new LinkedHashMap<>();
        for (PredictionMade p : predictions) {
            // like write(): a later one of the batch replaces an earlier one unless that one is for a later candle
            newest.merge(LatestStateKeys.prediction(prefix, p.symbol()), p,
                    (kept, next) -> kept.candleOpenTime().isAfter(next.candleOpenTime()) ? kept : next);
        }
        newest.values().forEach(this::write);
        return newest.size();
    }

    /**
     * Writes the prediction unless a newer one is stored; bounded by the Redis timeout, never throws.
     *
     * @return true when it reached Redis now (false: Redis is down; it is written when Redis is back)
     */
    public boolean write(PredictionMade prediction) {
        String key = LatestStateKeys.prediction(prefix, prediction.symbol());
        String json = EventCodec.encode(prediction);
        boolean written = cache.write(key, redis -> {
            var values = redis.value(String.class);
            String current = values.get(key);
            if (current == null || !isNewer(current, prediction)) {
                values.set(key, json);
            }
        });
        if (!written) {
            metrics.redisWriteFailed();
        }
        return written;
    }

    private static boolean isNewer(String currentJson, PredictionMade candidate) {
        try {
            PredictionMade current = EventCodec.decode(currentJson, PredictionMade.class);
            return current.candleOpenTime().isAfter(candidate.candleOpenTime());
        } catch (EventDecodingException e) {
            return false; // unreadable: overwrite it
        }
    }
}
