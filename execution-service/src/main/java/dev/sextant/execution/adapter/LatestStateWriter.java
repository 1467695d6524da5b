package dev.sextant.execution.adapter;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.sextant.contracts.event.PositionChanged;
import dev.sextant.contracts.json.EventCodec;
import dev.sextant.contracts.json.Json;
import dev.sextant.contracts.state.LatestStateKeys;
import dev.sextant.execution.config.RedisKeyPrefix;
import dev.sextant.execution.domain.AccountSummary;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.ValueCommands;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Latest state in Redis for the gateway: each symbol's last {@code PositionChanged} and the account
 * summary. Redis only mirrors the books, so a failed write is logged and counted, never fatal.
 */
@ApplicationScoped
public class LatestStateWriter {
    private static final Logger LOG = Logger.getLogger(LatestStateWriter.class);

    private final ValueCommands<String, String> values;
    private final String prefix;
    private final ExecutionMetrics metrics;

    public LatestStateWriter(RedisDataSource redis, @RedisKeyPrefix String prefix, ExecutionMetrics metrics) {
        this.values = redis.value(String.class);
        this.prefix = prefix;
        this.metrics = metrics;
    }

    public void position(PositionChanged change) {
        set(LatestStateKeys.position(prefix, change.symbol()), EventCodec.encode(change));
    }

    public void account(AccountSummary account) {
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
            set(LatestStateKeys.account(prefix), Json.mapper().writeValueAsString(json));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode the account summary", e);
        }
    }

    private void set(String key, String value) {
        try {
            values.set(key, value);
        } catch (RuntimeException e) {
            metrics.redisFailure();
            LOG.warnf("cannot write %s to Redis (%s); it will be written with the next change", key, e.getMessage());
        }
    }
}
