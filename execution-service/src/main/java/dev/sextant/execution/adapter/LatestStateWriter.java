package dev.sextant.execution.adapter;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.sextant.cache.RedisCache;
import dev.sextant.contracts.event.PositionChanged;
import dev.sextant.contracts.json.EventCodec;
import dev.sextant.contracts.json.Json;
import dev.sextant.contracts.state.LatestStateKeys;
import dev.sextant.execution.config.RedisKeyPrefix;
import dev.sextant.execution.domain.AccountSummary;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Latest state in Redis for the gateway: each symbol's last {@code PositionChanged} and the account
 * summary. Redis only mirrors the books, so it is written as a cache ({@link RedisCache}): a write takes
 * at most the Redis timeout, returns at once while Redis is down and is then replayed (the newest per
 * key) when Redis answers again; it never throws. A write not done now is counted
 * ({@code sextant_execution_redis_failures_total}).
 */
@ApplicationScoped
public class LatestStateWriter {
    private final RedisCache cache;
    private final String prefix;
    private final ExecutionMetrics metrics;

    public LatestStateWriter(RedisCache cache, @RedisKeyPrefix String prefix, ExecutionMetrics metrics) {
        this.cache = cache;
        this.prefix = prefix;
        this.metrics = metrics;
    }

    /** Bounded by the Redis timeout, never throws; false when it did not reach Redis now (it is replayed later). */
    public boolean position(PositionChanged change) {
        return set(LatestStateKeys.position(prefix, change.symbol()), EventCodec.encode(change));
    }

    /** Bounded by the Redis timeout, never throws (but for a summary that cannot be encoded); false when it did not reach Redis now. */
    public boolean account(AccountSummary account) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("capital", account.capital());
        json.put("cash", account.cash());
        json.put("equity", account.equity());
        json.put("realizedPnl", account.realizedPnl());
        json.put("realizedPnlToday", account.realizedPnlToday());
        json.put("pnlDay", account.pnlDay());
        json.put("openPositions", account.openPositions());
        json.put("tradesClosed", account.tradesClosed());
        json.put("wins", account.wins());
        json.put("winRate", account.winRate());
        try {
            return set(LatestStateKeys.account(prefix), Json.mapper().writeValueAsString(json));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode the account summary", e);
        }
    }

    private boolean set(String key, String value) {
        boolean written = cache.write(key, redis -> redis.value(String.class).set(key, value));
        if (!written) {
            metrics.redisFailure();
        }
        return written;
    }
}
