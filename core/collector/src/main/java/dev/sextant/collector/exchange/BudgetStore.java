package dev.sextant.collector.exchange;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a {@link WeightBudget} keeps its state, so that every instance calling Binance from one IP shares it: the
 * weight counted in each window and the blocks (a 429's back-off, a 418's ban). Every method is one atomic step; a
 * store never grants more than the limit it is asked to keep, whatever the concurrency.
 *
 * <p>{@link InMemoryBudgetStore} serves tests and a single instance. A Redis adapter (in the service, not here) must
 * make the same steps atomic on the Redis server, with exactly these commands, so that two instances, each with its
 * own adapter, share one budget. All keys come from the budget ({@link WeightBudget.Settings#keyPrefix()}); instances
 * behind one egress IP must use the same prefix, instances behind different IPs different ones (Binance counts per
 * IP).
 *
 * <ul>
 *   <li>{@link #tryConsume}: one {@code EVALSHA} of
 *   <pre>{@code
 * local used = tonumber(redis.call('GET', KEYS[1]) or '0')
 * local weight = tonumber(ARGV[1])
 * if used + weight > tonumber(ARGV[2]) then return {0, used} end
 * used = redis.call('INCRBY', KEYS[1], weight)
 * redis.call('PEXPIRE', KEYS[1], ARGV[3])
 * return {1, used}
 *   }</pre>
 *   with {@code KEYS[1] = windowKey}, {@code ARGV = weight, limit, ttl in ms}. (Without scripting: {@code INCRBY key
 *   weight}; when the result exceeds the limit, {@code DECRBY key weight} and refuse; then {@code PEXPIRE key ttl NX}.
 *   That never grants beyond the limit either, but may refuse a request that would have fitted while another one is
 *   being rolled back.)</li>
 *   <li>{@link #raiseTo}: one {@code EVALSHA} of
 *   <pre>{@code
 * local used = tonumber(redis.call('GET', KEYS[1]) or '0')
 * local seen = tonumber(ARGV[1])
 * if seen > used then redis.call('SET', KEYS[1], seen, 'PX', ARGV[2]) return seen end
 * return used
 *   }</pre>
 *   with {@code KEYS[1] = windowKey}, {@code ARGV = used, ttl in ms}.</li>
 *   <li>{@link #used}: {@code GET windowKey} (absent = 0).</li>
 *   <li>{@link #extendBlock}: one {@code EVALSHA} of
 *   <pre>{@code
 * local current = redis.call('HGET', KEYS[1], 'until')
 * if current and tonumber(current) >= tonumber(ARGV[1]) then return 0 end
 * redis.call('HSET', KEYS[1], 'until', ARGV[1], 'reason', ARGV[2])
 * redis.call('PEXPIREAT', KEYS[1], ARGV[1])
 * return 1
 *   }</pre>
 *   with {@code KEYS[1] = blockKey}, {@code ARGV = until in epoch ms, reason}. The expiry only tidies up: the budget
 *   compares {@code until} with its own clock.</li>
 *   <li>{@link #block}: {@code HMGET blockKey until reason} (both absent = no block).</li>
 * </ul>
 * A failing store (Redis down) must make the adapter throw, never answer "granted": the budget then refuses to send.
 */
public interface BudgetStore {

    /**
     * Adds {@code weight} to the window's count if the result stays within {@code limit}; otherwise changes nothing.
     *
     * @param ttl how long the window's count must outlive its last change (the budget passes twice the window)
     * @return whether it was added, and the count after the step
     */
    Consumption tryConsume(String windowKey, long weight, long limit, Duration ttl);

    /** Raises the window's count to {@code used} if that is higher (never lowers it); returns the count after. */
    long raiseTo(String windowKey, long used, Duration ttl);

    /** The window's count, 0 when nothing was counted (or it expired). */
    long used(String windowKey);

    /** Sets the block at {@code blockKey} to {@code block} unless it already lasts at least as long (never shortens). */
    void extendBlock(String blockKey, Block block);

    /** The block at {@code blockKey}, possibly already over (the caller compares {@link Block#until()} with its clock). */
    Optional<Block> block(String blockKey);

    /** The answer of {@link #tryConsume}. */
    record Consumption(boolean granted, long used) {}

    /** No request until {@code until}, because of {@code reason}. */
    record Block(Instant until, String reason) {
        public Block {
            Objects.requireNonNull(until, "until");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
