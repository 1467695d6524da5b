package dev.sextant.collector.exchange;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The request-weight budget of everything that calls Binance's REST API from one IP: whether a request of weight
 * {@code w} may be sent now ({@link #request}), and what a response teaches ({@link #observe}). Its state lives in a
 * {@link BudgetStore}, shared by every instance behind the IP (Redis), so together they stay under the limit.
 *
 * <p>The rules (numbers from {@link BinanceLimits}):
 * <ul>
 *   <li><b>Window.</b> Weight is counted per fixed window aligned to the epoch, i.e. per UTC minute for the default
 *   {@code REQUEST_WEIGHT} limit of 1 minute, as Binance counts {@code X-MBX-USED-WEIGHT-1M}. The limit is
 *   {@link WeightLimit#SPOT_DEFAULT} (6000 per minute) until {@link #updateLimits} takes the one exchangeInfo serves.</li>
 *   <li><b>Safety margin.</b> Only {@code limit - ceil(limit * safetyMargin)} is handed out (default margin 10 %: 5400
 *   of 6000). It absorbs what the budget cannot see exactly: the skew between this clock's minute and Binance's, a
 *   request granted at the end of a window that Binance counts in the next, and weight other clients of the same IP
 *   spend.</li>
 *   <li><b>Header truth.</b> {@code X-MBX-USED-WEIGHT-<window>} (and the bare legacy {@code X-MBX-USED-WEIGHT} for one
 *   minute) is Binance's count for the IP; when it is higher than the shared count it replaces it, never lowering it.
 *   It is applied to the window in which the request was granted, and also to the current window when the response
 *   arrives in a later one (Binance may have counted the request in either: the conservative reading).</li>
 *   <li><b>429.</b> No request at all, from any instance, until {@code Retry-After} seconds after the response
 *   (Binance: the wait "to prevent a ban").</li>
 *   <li><b>418.</b> The IP is banned: no request at all until {@code Retry-After} seconds after the response (Binance:
 *   "until the ban is over"); {@link #status()} says BANNED until then, with the reason.</li>
 *   <li><b>Retry-After fallbacks.</b> A missing or garbage {@code Retry-After} (not a plain number of seconds) counts
 *   as {@link Settings#default429()} (default 60 s: the longest a 1-minute window can still be full) for a 429 and
 *   {@link Settings#default418()} (default 5 min: beyond Binance's shortest ban of 2 minutes; a request sent while
 *   the ban still runs gets another 418 whose {@code Retry-After} then rules) for a 418. Any wait is at least
 *   {@link Settings#minimumBlock()} (default 1 s: a 429 with {@code Retry-After: 0} does not allow a burst) and at
 *   most Binance's longest ban, 3 days (a larger number is taken as garbage capped there).</li>
 *   <li><b>Blocks only grow.</b> A shorter block never shortens a longer one (a 429 arriving during a ban).</li>
 *   <li><b>No way around it.</b> {@link #request} hands out a {@link Permit}, which only this class can make; the HTTP
 *   adapter's send method takes one. A store that fails (Redis down) throws out of {@link #request}: no permit, no
 *   request.</li>
 * </ul>
 * Thread-safe: all state is in the store; the limit is swapped atomically.
 */
public final class WeightBudget {
    private final BudgetStore store;
    private final Clock clock;
    private final Settings settings;
    private volatile WeightLimit limit;

    /**
     * @param keyPrefix prefix of every store key, one per egress IP (e.g. {@code sextant:binance:spot:<ip>})
     * @param limit the limit until exchangeInfo says otherwise
     * @param safetyMargin the share of the limit never handed out, in [0, 0.5]
     * @param default429 the wait after a 429 without a usable {@code Retry-After}
     * @param default418 the ban assumed after a 418 without a usable {@code Retry-After}
     * @param minimumBlock the shortest wait after a 429 or 418, however small its {@code Retry-After}
     * @param permitValidity how long a permit may wait between grant and use
     */
    public record Settings(String keyPrefix, WeightLimit limit, double safetyMargin, Duration default429,
            Duration default418, Duration minimumBlock, Duration permitValidity) {

        public static final double DEFAULT_SAFETY_MARGIN = 0.10;
        public static final Duration DEFAULT_429 = Duration.ofSeconds(60);
        public static final Duration DEFAULT_418 = Duration.ofMinutes(5);
        public static final Duration DEFAULT_MINIMUM_BLOCK = Duration.ofSeconds(1);
        public static final Duration DEFAULT_PERMIT_VALIDITY = Duration.ofSeconds(5);

        public Settings {
            Objects.requireNonNull(keyPrefix, "keyPrefix");
            Objects.requireNonNull(limit, "limit");
            if (keyPrefix.isBlank()) {
                throw new IllegalArgumentException("keyPrefix must not be blank");
            }
            if (!(safetyMargin >= 0 && safetyMargin <= 0.5)) {
                throw new IllegalArgumentException("safetyMargin must be within [0, 0.5], got " + safetyMargin);
            }
            positive(default429, "default429");
            positive(default418, "default418");
            positive(minimumBlock, "minimumBlock");
            positive(permitValidity, "permitValidity");
            if (default429.compareTo(BinanceLimits.LONGEST_BAN) > 0 || default418.compareTo(BinanceLimits.LONGEST_BAN) > 0) {
                throw new IllegalArgumentException("default waits must not exceed Binance's longest ban of 3 days");
            }
        }

        /** The defaults above, spot's 6000 per minute, keys under {@code keyPrefix}. */
        public static Settings defaults(String keyPrefix) {
            return new Settings(keyPrefix, WeightLimit.SPOT_DEFAULT, DEFAULT_SAFETY_MARGIN, DEFAULT_429, DEFAULT_418,
                    DEFAULT_MINIMUM_BLOCK, DEFAULT_PERMIT_VALIDITY);
        }

        public Settings withLimit(WeightLimit newLimit) {
            return new Settings(keyPrefix, newLimit, safetyMargin, default429, default418, minimumBlock, permitValidity);
        }

        public Settings withSafetyMargin(double margin) {
            return new Settings(keyPrefix, limit, margin, default429, default418, minimumBlock, permitValidity);
        }

        private static void positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, got " + d);
            }
        }
    }

    public WeightBudget(BudgetStore store, Clock clock, Settings settings) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.limit = settings.limit();
    }

    /** Binance's limit in force. */
    public WeightLimit limit() {
        return limit;
    }

    /** The weight handed out per window: the limit less the safety margin. */
    public long usableWeight() {
        return usable(limit);
    }

    /**
     * Takes the {@code REQUEST_WEIGHT} limit of exchangeInfo's {@code rateLimits} for this budget's window (one minute
     * by default). Other entries (ORDERS, RAW_REQUESTS, other windows) are ignored.
     *
     * @return the limit now in force, or empty when {@code rateLimits} has no usable entry for the window (the limit
     *         then stays as it was)
     */
    public Optional<WeightLimit> updateLimits(List<RateLimit> rateLimits) {
        Optional<WeightLimit> found = WeightLimit.requestWeightLike(limit, rateLimits);
        found.ifPresent(l -> limit = l);
        return found;
    }

    /**
     * Asks to send one request of {@code weight} (the route's documented weight) now.
     *
     * @return {@link Decision.Send} with a permit already counted in the window, or {@link Decision.Wait} until when
     *         asking again makes sense, and why
     * @throws IllegalArgumentException when {@code weight} is below 1 or above the usable weight of a whole window
     *         (it could never be sent)
     */
    public Decision request(int weight) {
        WeightLimit l = limit;
        long usable = usable(l);
        if (weight < 1) {
            throw new IllegalArgumentException("weight must be >= 1, got " + weight);
        }
        if (weight > usable) {
            throw new IllegalArgumentException("weight " + weight + " exceeds the usable weight " + usable + " per "
                    + l.headerSuffix() + " window (limit " + l.limit() + " less the safety margin): it can never be sent");
        }
        Instant now = clock.instant();
        Optional<Decision.Wait> blocked = blocked(now);
        if (blocked.isPresent()) {
            return blocked.get();
        }
        long index = windowIndex(l, now);
        String key = windowKey(l, index);
        BudgetStore.Consumption c = store.tryConsume(key, weight, usable, ttl(l));
        if (c.granted()) {
            return new Decision.Send(new Permit(weight, key, now, now.plus(settings.permitValidity()), clock));
        }
        Instant next = windowStart(l, index + 1);
        return new Decision.Wait(next, BudgetStatus.State.THROTTLED, "request weight of the " + l.headerSuffix()
                + " window used: " + c.used() + " + " + weight + " > " + usable + " usable (limit " + l.limit()
                + " less the safety margin) until the window ends at " + next);
    }

    /**
     * What one response teaches: Binance's used-weight headers, and a 429's or 418's block. Call it after every
     * response (whatever its status) of a request sent with {@code permit}.
     *
     * @param headers the response headers, names in any case
     * @return the status after the response
     */
    public BudgetStatus observe(Permit permit, int httpStatus, Map<String, ? extends List<String>> headers) {
        Objects.requireNonNull(permit, "permit");
        Objects.requireNonNull(headers, "headers");
        Instant now = clock.instant();
        WeightLimit l = limit;
        OptionalLong used = ResponseHeaders.usedWeight(headers, l);
        if (used.isPresent()) {
            store.raiseTo(permit.windowKey(), used.getAsLong(), ttl(l));
            String current = windowKey(l, windowIndex(l, now));
            if (!current.equals(permit.windowKey())) {
                store.raiseTo(current, used.getAsLong(), ttl(l));
            }
        }
        if (httpStatus == 429 || httpStatus == 418) {
            boolean ban = httpStatus == 418;
            Optional<Duration> retryAfter = ResponseHeaders.retryAfter(headers);
            Duration wait;
            String why;
            if (retryAfter.isEmpty()) {
                wait = ban ? settings.default418() : settings.default429();
                why = "no usable Retry-After, assumed " + wait;
            } else if (retryAfter.get().compareTo(BinanceLimits.LONGEST_BAN) > 0) {
                wait = BinanceLimits.LONGEST_BAN;
                why = "Retry-After " + retryAfter.get().toSeconds() + "s capped at Binance's longest ban " + wait;
            } else if (retryAfter.get().compareTo(settings.minimumBlock()) < 0) {
                wait = settings.minimumBlock();
                why = "Retry-After " + retryAfter.get().toSeconds() + "s raised to the minimum " + wait;
            } else {
                wait = retryAfter.get();
                why = "Retry-After " + wait.toSeconds() + "s";
            }
            Instant until = now.plus(wait);
            String reason = ban
                    ? "IP banned by Binance (HTTP 418) at " + now + " until " + until + " (" + why + ")"
                    : "rate limit broken (HTTP 429) at " + now + ", no request until " + until + " (" + why + ")";
            store.extendBlock(blockKey(ban), new BudgetStore.Block(until, reason));
        }
        return status();
    }

    /** The state to show in health and metrics. */
    public BudgetStatus status() {
        Instant now = clock.instant();
        WeightLimit l = limit;
        long usable = usable(l);
        long index = windowIndex(l, now);
        long used = store.used(windowKey(l, index));
        Optional<Decision.Wait> blocked = blocked(now);
        if (blocked.isPresent()) {
            Decision.Wait w = blocked.get();
            return new BudgetStatus(w.state(), w.until(), w.reason(), used, usable, l.limit());
        }
        if (used >= usable) {
            Instant next = windowStart(l, index + 1);
            return new BudgetStatus(BudgetStatus.State.THROTTLED, next, "request weight of the " + l.headerSuffix()
                    + " window used: " + used + " of " + usable + " usable until " + next, used, usable, l.limit());
        }
        return new BudgetStatus(BudgetStatus.State.OK, null, "request weight " + used + " of " + usable + " usable in the "
                + l.headerSuffix() + " window", used, usable, l.limit());
    }

    /** The ban or back-off in force at {@code now}; a ban rules the state, the later end rules the wait. */
    private Optional<Decision.Wait> blocked(Instant now) {
        Optional<BudgetStore.Block> ban = store.block(blockKey(true)).filter(b -> b.until().isAfter(now));
        Optional<BudgetStore.Block> backoff = store.block(blockKey(false)).filter(b -> b.until().isAfter(now));
        if (ban.isPresent()) {
            BudgetStore.Block b = ban.get();
            if (backoff.isPresent() && backoff.get().until().isAfter(b.until())) {
                return Optional.of(new Decision.Wait(backoff.get().until(), BudgetStatus.State.BANNED,
                        b.reason() + "; then " + backoff.get().reason()));
            }
            return Optional.of(new Decision.Wait(b.until(), BudgetStatus.State.BANNED, b.reason()));
        }
        return backoff.map(b -> new Decision.Wait(b.until(), BudgetStatus.State.THROTTLED, b.reason()));
    }

    private long usable(WeightLimit l) {
        long kept = (long) Math.ceil(l.limit() * settings.safetyMargin() - 1e-9);
        return Math.max(1, l.limit() - kept);
    }

    private static long windowIndex(WeightLimit l, Instant now) {
        return Math.floorDiv(now.toEpochMilli(), l.window().toMillis());
    }

    private static Instant windowStart(WeightLimit l, long index) {
        return Instant.ofEpochMilli(index * l.window().toMillis());
    }

    private static Duration ttl(WeightLimit l) {
        return l.window().multipliedBy(2);
    }

    String windowKey(WeightLimit l, long index) {
        return settings.keyPrefix() + ":weight:" + l.headerSuffix() + ":" + index;
    }

    String blockKey(boolean ban) {
        return settings.keyPrefix() + (ban ? ":ban" : ":backoff");
    }
}
