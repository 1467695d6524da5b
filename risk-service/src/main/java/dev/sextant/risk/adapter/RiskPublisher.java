package dev.sextant.risk.adapter;

import dev.sextant.contracts.event.RiskDecisionMade;
import dev.sextant.contracts.event.TradingStateChanged;
import dev.sextant.contracts.json.EventCodec;
import dev.sextant.contracts.state.LatestStateKeys;
import dev.sextant.kit.Channels;
import dev.sextant.kit.EventMessages;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.ValueCommands;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

/**
 * Publishes risk-service's events: decisions on {@code signals}, trading-state changes on
 * {@code control}, each also written to its Redis latest-state key. Kafka sends wait for the
 * broker's acknowledgement; Redis is a cache for the gateway, so a Redis failure is logged and
 * counted, not fatal.
 */
@ApplicationScoped
public class RiskPublisher {
    private static final Logger LOG = Logger.getLogger(RiskPublisher.class);

    private final MutinyEmitter<String> signals;
    private final MutinyEmitter<String> control;
    private final ValueCommands<String, String> redis;
    private final String keyPrefix;
    private final RiskMetrics metrics;

    public RiskPublisher(@Channel(Channels.SIGNALS_OUT) MutinyEmitter<String> signals,
                         @Channel(Channels.CONTROL_OUT) MutinyEmitter<String> control,
                         RedisDataSource redis,
                         @ConfigProperty(name = "sextant.redis.key-prefix", defaultValue = LatestStateKeys.DEFAULT_PREFIX) String keyPrefix,
                         RiskMetrics metrics) {
        this.signals = signals;
        this.control = control;
        this.redis = redis.value(String.class);
        this.keyPrefix = keyPrefix;
        this.metrics = metrics;
    }

    /** Sends the decision and waits for the broker; then updates the latest decision in Redis. */
    public void publish(RiskDecisionMade decision) {
        signals.sendMessageAndAwait(EventMessages.of(decision));
        cache(LatestStateKeys.decision(keyPrefix, decision.symbol()), EventCodec.encode(decision));
    }

    /** Sends the state change and waits for the broker; then updates the trading state in Redis. */
    public void publish(TradingStateChanged change) {
        control.sendMessageAndAwait(EventMessages.of(change));
        cache(LatestStateKeys.tradingState(keyPrefix), EventCodec.encode(change));
    }

    /**
     * Sends the state change without waiting (start-up must not hang on the broker); the Redis key is
     * written once the broker acknowledged it, a failure is logged.
     */
    public void announce(TradingStateChanged change) {
        control.sendMessage(EventMessages.of(change)).subscribe().with(
                ok -> cache(LatestStateKeys.tradingState(keyPrefix), EventCodec.encode(change)),
                failure -> LOG.errorf("cannot announce trading state %s: %s", change.state(), failure.getMessage()));
    }

    private void cache(String key, String json) {
        try {
            redis.set(key, json);
        } catch (RuntimeException e) {
            metrics.redisFailure();
            LOG.warnf("cannot write %s to Redis: %s", key, e.getMessage());
        }
    }
}
