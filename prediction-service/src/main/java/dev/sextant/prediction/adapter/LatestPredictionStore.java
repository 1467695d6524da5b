package dev.sextant.prediction.adapter;

import dev.sextant.contracts.event.PredictionMade;
import dev.sextant.contracts.json.EventCodec;
import dev.sextant.contracts.json.EventDecodingException;
import dev.sextant.contracts.state.LatestStateKeys;
import dev.sextant.kit.BestEffort;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.ValueCommands;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Writes the latest prediction per symbol to Redis ({@link LatestStateKeys#prediction}). A
 * prediction for an older candle than the stored one (a replay or redelivery) does not replace it.
 * It is a cache: a failed write is counted ({@code sextant_prediction_redis_write_failures_total}),
 * logged as a warning once per burst of failures (then at debug) and never fails the record.
 */
@ApplicationScoped
public class LatestPredictionStore {
    private final ValueCommands<String, String> values;
    private final String prefix;
    private final BestEffort bestEffort;

    public LatestPredictionStore(RedisDataSource redis,
                                 @ConfigProperty(name = "sextant.redis.key-prefix", defaultValue = LatestStateKeys.DEFAULT_PREFIX)
                                 String prefix, PredictionMetrics metrics) {
        this.values = redis.value(String.class);
        this.prefix = prefix;
        this.bestEffort = new BestEffort("Redis latest-prediction write", metrics::redisWriteFailed);
    }

    /** Writes the prediction unless a newer one is stored; a Redis failure is swallowed (see class doc). */
    public void write(PredictionMade prediction) {
        bestEffort.run(() -> writeOrThrow(prediction));
    }

    private void writeOrThrow(PredictionMade prediction) {
        String key = LatestStateKeys.prediction(prefix, prediction.symbol());
        String current = values.get(key);
        if (current != null && isNewer(current, prediction)) {
            return;
        }
        values.set(key, EventCodec.encode(prediction));
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
