package dev.sextant.risk.adapter;

import dev.sextant.cache.RedisCache;
import dev.sextant.contracts.event.Event;
import dev.sextant.contracts.event.RiskDecisionMade;
import dev.sextant.contracts.event.TradingStateChanged;
import dev.sextant.contracts.json.EventCodec;
import dev.sextant.contracts.state.LatestStateKeys;
import dev.sextant.kit.Channels;
import dev.sextant.kit.EventMessages;
import io.smallrye.reactive.messaging.MutinyEmitter;
import dev.sextant.kit.lease.InstanceLease;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

/**
 * Publishes risk-service's events: decisions on {@code signals}, trading-state changes on
 * {@code control}, each also written to its Redis latest-state key. {@link #publish} waits for the
 * broker's acknowledgement; {@link #send} does not (a batch's events are sent together, their
 * acknowledgements awaited together, then {@link #cacheLatest} writes Redis). Redis is a cache for the gateway ({@link RedisCache}): its write takes at
 * most the Redis timeout, returns at once while Redis is down (it is then replayed, the newest per
 * key, when Redis answers again) and never throws. A write not done now is counted
 * ({@code sextant_risk_redis_write_failures_total}).
 */
@ApplicationScoped
public class RiskPublisher {
    private static final Logger LOG = Logger.getLogger(RiskPublisher.class);

    private final MutinyEmitter<String> signals;
    private final MutinyEmitter<String> control;
    private final RedisCache redis;
    private final String keyPrefix;
    private final RiskMetrics metrics;
    /** Active/standby (service-kit's lease): only the holder publishes; null where a test builds the publisher. */
    @Inject
    InstanceLease lease;

    public RiskPublisher(@Channel(Channels.SIGNALS_OUT) MutinyEmitter<String> signals,
                         @Channel(Channels.CONTROL_OUT) MutinyEmitter<String> control,
                         RedisCache redis,
                         @ConfigProperty(name = "sextant.redis.key-prefix", defaultValue = LatestStateKeys.DEFAULT_PREFIX) String keyPrefix,
                         RiskMetrics metrics) {
        this.signals = signals;
        this.control = control;
        this.redis = redis;
        this.keyPrefix = keyPrefix;
        this.metrics = metrics;
    }

    /** Sends the decision and waits for the broker; then updates the latest decision in Redis. */
    public void publish(RiskDecisionMade decision) {
        checkLease();
        signals.sendMessageAndAwait(EventMessages.of(decision));
        cache(LatestStateKeys.decision(keyPrefix, decision.symbol()), EventCodec.encode(decision));
    }

    /** Sends the state change and waits for the broker; then updates the trading state in Redis. */
    public void publish(TradingStateChanged change) {
        checkLease();
        control.sendMessageAndAwait(EventMessages.of(change));
        cache(LatestStateKeys.tradingState(keyPrefix), EventCodec.encode(change));
    }

    /**
     * Sends a decision (to {@code signals}) or a trading-state change (to {@code control}) without waiting: the future
     * completes when the broker acknowledged it and fails when it did not. Redis is not written: see {@link #cacheLatest}.
     */
    public CompletableFuture<Void> send(Event event) {
        checkLease();
        MutinyEmitter<String> emitter = switch (event) {
            case RiskDecisionMade ignored -> signals;
            case TradingStateChanged ignored -> control;
            default -> throw new IllegalArgumentException("risk-service does not publish " + event.getClass().getSimpleName());
        };
        return emitter.sendMessage(EventMessages.of(event)).subscribeAsCompletionStage();
    }

    /**
     * Writes the latest-state keys of events the broker acknowledged, in order: the last decision of each symbol and
     * the last trading state (the keys hold the latest only, so the earlier ones of a batch need no write).
     */
    public void cacheLatest(List<? extends Event> published) {
        Map<String, String> latest = new LinkedHashMap<>();
        for (Event event : published) {
            switch (event) {
                case RiskDecisionMade d -> latest.put(LatestStateKeys.decision(keyPrefix, d.symbol()), EventCodec.encode(d));
                case TradingStateChanged c -> latest.put(LatestStateKeys.tradingState(keyPrefix), EventCodec.encode(c));
                default -> { }
            }
        }
        latest.forEach(this::cache);
    }

    /**
     * Sends the state change without waiting (start-up must not hang on the broker); the Redis key is
     * written once the broker acknowledged it (from the acknowledging thread: when that one must not
     * block, {@link RedisCache} writes it from its own thread), a failure is logged.
     */
    public void announce(TradingStateChanged change) {
        checkLease();
        control.sendMessage(EventMessages.of(change)).subscribe().with(
                ok -> cache(LatestStateKeys.tradingState(keyPrefix), EventCodec.encode(change)),
                failure -> LOG.errorf("cannot announce trading state %s: %s", change.state(), failure.getMessage()));
    }

    private void checkLease() {
        if (lease != null) {
            lease.check();
        }
    }

    /** Bounded by the Redis timeout, never throws; RedisCache logs Redis going away and coming back. */
    private void cache(String key, String json) {
        if (!redis.write(key, r -> r.value(String.class).set(key, json))) {
            metrics.redisFailure();
        }
    }
}
