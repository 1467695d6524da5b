package dev.sextant.collector.binance;

import dev.sextant.collector.exchange.BudgetStore;
import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@link BudgetStore} shared by every collector (and later execution) instance behind one egress IP: each step is
 * one Lua script (or one plain command) run atomically on the Redis server, exactly as {@link BudgetStore} specifies,
 * so two instances with their own store never hand out more weight than the limit between them.
 *
 * <p>It goes through the blocking {@link RedisDataSource}, so every command waits at most {@code quarkus.redis.timeout};
 * a failure (Redis down, timeout, an unexpected reply) throws {@link IllegalStateException}: the budget then grants
 * nothing and no request is sent, unlike the candle cache, which skips Redis. Keys: the budget's
 * ({@code <sextant.redis.key-prefix>binance:spot:<egress-id>:weight:1M:<minute>}, {@code ...:ban},
 * {@code ...:backoff}).
 */
public final class RedisBudgetStore implements BudgetStore {
    static final String TRY_CONSUME = """
            local used = tonumber(redis.call('GET', KEYS[1]) or '0')
            local weight = tonumber(ARGV[1])
            if used + weight > tonumber(ARGV[2]) then return {0, used} end
            used = redis.call('INCRBY', KEYS[1], weight)
            redis.call('PEXPIRE', KEYS[1], ARGV[3])
            return {1, used}""";
    static final String RAISE_TO = """
            local used = tonumber(redis.call('GET', KEYS[1]) or '0')
            local seen = tonumber(ARGV[1])
            if seen > used then redis.call('SET', KEYS[1], seen, 'PX', ARGV[2]) return seen end
            return used""";
    static final String EXTEND_BLOCK = """
            local current = redis.call('HGET', KEYS[1], 'until')
            if current and tonumber(current) >= tonumber(ARGV[1]) then return 0 end
            redis.call('HSET', KEYS[1], 'until', ARGV[1], 'reason', ARGV[2])
            redis.call('PEXPIREAT', KEYS[1], ARGV[1])
            return 1""";

    private final RedisDataSource redis;

    public RedisBudgetStore(RedisDataSource redis) {
        this.redis = Objects.requireNonNull(redis, "redis");
    }

    @Override
    public Consumption tryConsume(String windowKey, long weight, long limit, Duration ttl) {
        Response r = eval(TRY_CONSUME, windowKey, Long.toString(weight), Long.toString(limit), Long.toString(ttlMs(ttl)));
        if (r == null || r.size() != 2) {
            throw new IllegalStateException("unexpected reply of Redis to the budget's consume script: " + r);
        }
        return new Consumption(r.get(0).toLong() == 1, r.get(1).toLong());
    }

    @Override
    public long raiseTo(String windowKey, long used, Duration ttl) {
        Response r = eval(RAISE_TO, windowKey, Long.toString(used), Long.toString(ttlMs(ttl)));
        if (r == null) {
            throw new IllegalStateException("no reply of Redis to the budget's raise script");
        }
        return r.toLong();
    }

    @Override
    public long used(String windowKey) {
        Response r = call("GET", windowKey);
        return r == null ? 0 : Long.parseLong(r.toString());
    }

    @Override
    public void extendBlock(String blockKey, Block block) {
        eval(EXTEND_BLOCK, blockKey, Long.toString(block.until().toEpochMilli()), block.reason());
    }

    @Override
    public Optional<Block> block(String blockKey) {
        Response r = call("HMGET", blockKey, "until", "reason");
        if (r == null || r.size() != 2 || r.get(0) == null) {
            return Optional.empty();
        }
        String reason = r.get(1) == null ? "(no reason stored)" : r.get(1).toString();
        return Optional.of(new Block(Instant.ofEpochMilli(Long.parseLong(r.get(0).toString())), reason));
    }

    private Response eval(String script, String key, String... args) {
        String[] all = new String[3 + args.length];
        all[0] = script;
        all[1] = "1";
        all[2] = key;
        System.arraycopy(args, 0, all, 3, args.length);
        return call("EVAL", all);
    }

    private Response call(String command, String... args) {
        try {
            return redis.execute(command, args);
        } catch (RuntimeException e) {
            throw new IllegalStateException("the request-weight budget cannot reach Redis (" + command + "): "
                    + e + "; no request to Binance is sent until it answers", e);
        }
    }

    private static long ttlMs(Duration ttl) {
        return Math.max(1, ttl.toMillis());
    }
}
