package dev.sextant.gateway.adapter.redis;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.sextant.cache.RedisCache;
import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.event.Event;
import dev.sextant.contracts.event.PositionChanged;
import dev.sextant.contracts.event.PredictionMade;
import dev.sextant.contracts.event.TradingStateChanged;
import dev.sextant.contracts.id.Symbol;
import dev.sextant.contracts.json.EventCodec;
import dev.sextant.contracts.json.Json;
import dev.sextant.contracts.state.LatestStateKeys;
import dev.sextant.gateway.config.RedisConfig;
import io.quarkus.redis.datasource.keys.KeyScanArgs;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Reads the latest state per symbol that the owning services write to Redis ({@link LatestStateKeys}).
 * Redis is a cache ({@link RedisCache}): each read takes at most the Redis timeout and answers at once
 * while Redis is down, never throws. An empty answer means "absent or unavailable", so the gateway
 * falls back to its own projections; {@link #positions()} tells the two apart, and {@link #available()}
 * says whether Redis is considered up. A value that cannot be decoded is logged and treated as absent.
 */
@ApplicationScoped
public class LatestStateStore {
    private static final Logger LOG = Logger.getLogger(LatestStateStore.class);
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private final RedisCache cache;
    private final String prefix;

    LatestStateStore(RedisCache cache, RedisConfig config) {
        this.cache = cache;
        this.prefix = config.keyPrefix();
    }

    /** False while Redis is considered down: reads answer empty at once. */
    public boolean available() {
        return cache.available();
    }

    /** Collector's last closed candle of {@code symbol}. */
    public Optional<CandleClosed> candle(Symbol symbol) {
        return event(LatestStateKeys.candle(prefix, symbol), CandleClosed.class);
    }

    /** Prediction-service's last prediction for {@code symbol}. */
    public Optional<PredictionMade> prediction(Symbol symbol) {
        return event(LatestStateKeys.prediction(prefix, symbol), PredictionMade.class);
    }

    /** Execution-service's current position in {@code symbol}. */
    public Optional<PositionChanged> position(Symbol symbol) {
        return event(LatestStateKeys.position(prefix, symbol), PositionChanged.class);
    }

    /**
     * Every position execution-service has stored (open or flat).
     *
     * @return empty when Redis is unavailable (not: when it holds no position, which is an empty list)
     */
    public Optional<List<PositionChanged>> positions() {
        String keyPrefix = LatestStateKeys.position(prefix, new Symbol("XX"));
        String pattern = keyPrefix.substring(0, keyPrefix.length() - 2) + "*";
        return cache.read("positions", redis -> {
            List<String> keys = new ArrayList<>();
            for (String key : redis.key().scan(new KeyScanArgs().match(pattern).count(100)).toIterable()) {
                keys.add(key);
            }
            Map<String, String> values = keys.isEmpty() ? Map.of() : redis.value(String.class).mget(keys.toArray(String[]::new));
            return values;
        }).map(values -> {
            List<PositionChanged> out = new ArrayList<>();
            values.forEach((key, json) -> decode(key, json, PositionChanged.class).ifPresent(out::add));
            return out;
        });
    }

    /** The trading state risk-service stored. */
    public Optional<TradingStateChanged> tradingState() {
        return event(LatestStateKeys.tradingState(prefix), TradingStateChanged.class);
    }

    /** Execution-service's account summary, as a JSON object read into a map. */
    public Optional<Map<String, Object>> account() {
        String key = LatestStateKeys.account(prefix);
        return get(key).flatMap(json -> {
            try {
                return Optional.of(Json.mapper().readValue(json, MAP));
            } catch (Exception e) {
                LOG.warnf("ignoring Redis key %s: not a JSON object (%s)", key, e.getMessage());
                return Optional.empty();
            }
        });
    }

    private Optional<String> get(String key) {
        return cache.read(key, redis -> redis.value(String.class).get(key));
    }

    private <T extends Event> Optional<T> event(String key, Class<T> type) {
        return get(key).flatMap(json -> decode(key, json, type));
    }

    private static <T extends Event> Optional<T> decode(String key, String json, Class<T> type) {
        if (json == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(EventCodec.decode(json, type));
        } catch (RuntimeException e) {
            LOG.warnf("ignoring Redis key %s: %s", key, e.getMessage());
            return Optional.empty();
        }
    }
}
