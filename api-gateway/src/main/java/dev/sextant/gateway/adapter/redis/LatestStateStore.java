package dev.sextant.gateway.adapter.redis;

import com.fasterxml.jackson.core.type.TypeReference;
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
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.keys.KeyCommands;
import io.quarkus.redis.datasource.keys.KeyScanArgs;
import io.quarkus.redis.datasource.value.ValueCommands;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Reads the latest state per symbol that the owning services write to Redis ({@link LatestStateKeys}).
 * A value that cannot be decoded is logged and treated as absent, so the gateway falls back to its
 * own projections instead of failing the request.
 */
@ApplicationScoped
public class LatestStateStore {
    private static final Logger LOG = Logger.getLogger(LatestStateStore.class);
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private final ValueCommands<String, String> values;
    private final KeyCommands<String> keys;
    private final String prefix;

    LatestStateStore(RedisDataSource redis, RedisConfig config) {
        this.values = redis.value(String.class);
        this.keys = redis.key();
        this.prefix = config.keyPrefix();
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

    /** Every position execution-service has stored (open or flat). */
    public List<PositionChanged> positions() {
        String keyPrefix = LatestStateKeys.position(prefix, new Symbol("XX"));
        String pattern = keyPrefix.substring(0, keyPrefix.length() - 2) + "*";
        List<PositionChanged> out = new ArrayList<>();
        for (String key : keys.scan(new KeyScanArgs().match(pattern).count(100)).toIterable()) {
            event(key, PositionChanged.class).ifPresent(out::add);
        }
        return out;
    }

    /** The trading state risk-service stored. */
    public Optional<TradingStateChanged> tradingState() {
        return event(LatestStateKeys.tradingState(prefix), TradingStateChanged.class);
    }

    /** Execution-service's account summary, as a JSON object read into a map. */
    public Optional<Map<String, Object>> account() {
        String key = LatestStateKeys.account(prefix);
        String json = values.get(key);
        if (json == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.mapper().readValue(json, MAP));
        } catch (Exception e) {
            LOG.warnf("ignoring Redis key %s: not a JSON object (%s)", key, e.getMessage());
            return Optional.empty();
        }
    }

    private <T extends Event> Optional<T> event(String key, Class<T> type) {
        String json = values.get(key);
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
