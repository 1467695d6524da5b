package dev.sextant.collector.binance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sextant.cache.RedisCache;
import dev.sextant.collector.adapter.CandlePipeline;
import dev.sextant.collector.adapter.CandleRepository;
import dev.sextant.collector.config.BinancePlan;
import dev.sextant.collector.config.CollectorConfig;
import dev.sextant.collector.domain.CandleNormalizer;
import dev.sextant.collector.domain.ClosedKlines;
import dev.sextant.collector.domain.CandleValidator;
import dev.sextant.collector.domain.ParsedLine;
import dev.sextant.collector.domain.ReplayEngine;
import dev.sextant.collector.domain.ReplayOutcome;
import dev.sextant.collector.domain.ReplayWindow;
import dev.sextant.collector.domain.SymbolSource;
import dev.sextant.collector.exchange.Backoff;
import dev.sextant.collector.exchange.BudgetStatus;
import dev.sextant.collector.exchange.WeightBudget;
import dev.sextant.collector.market.BinanceMessages;
import dev.sextant.collector.market.Decoded;
import dev.sextant.collector.market.ExchangeInfo;
import dev.sextant.contracts.event.Interval;
import dev.sextant.contracts.id.Symbol;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The Binance REST market-data source ({@code sextant.collector.source=binance|binance-testnet}): at start-up it loads
 * exchangeInfo (the request-weight limit, the symbols' filters, cached in Redis), then for each symbol x interval
 * fetches the closed klines from the last stored candle (or the configured backfill start) to the last one closed
 * before the exchange's time, in pages of 1000; then it follows, fetching again after each interval's close.
 *
 * <p>Klines go through the replay's own candle path: {@link BinanceMessages#klines} reads the page into the same
 * {@link ParsedLine}s a kline file gives, a {@link ReplayEngine} validates, gap-checks and normalises them (resuming
 * after the stored candle, so a missing candle before the page's first is a gap), and the {@link CandlePipeline}
 * publishes, caches and stores them. A kline whose close time is not before the exchange's time is still open and
 * dropped. Every request goes through the shared {@link WeightBudget} ({@link BinanceRestClient}); when it says wait (a
 * 429 back-off, a 418 ban, a full window) the source sends nothing until then. Any other failure (connection,
 * timeout, 5xx, 4xx, a malformed body, the broker or the database) is logged and counted, and the source starts again
 * from the store after a {@link Backoff} delay (1 s doubling to 60 s, full jitter): nothing is missing or duplicated.
 */
@ApplicationScoped
public class BinanceSource {
    private static final Logger LOG = Logger.getLogger(BinanceSource.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Asked for after an interval's close, to give Binance a moment to close the kline. */
    static final Duration AFTER_CLOSE = Duration.ofMillis(500);
    static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

    /** Lifecycle. */
    public enum State { OFF, STARTING, BACKFILLING, FOLLOWING, WAITING_FOR_BUDGET, RETRYING, STOPPED }

    private final CollectorConfig config;
    private final CandleRepository repository;
    private final CandlePipeline pipeline;
    private final BinanceMetrics metrics;
    private final RedisDataSource redis;
    private final RedisCache cache;
    private final Clock clock;
    private final String redisPrefix;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "collector-binance");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Series> series = new LinkedHashMap<>();
    private final Map<String, ExchangeInfo.SymbolFilters> filters = new java.util.concurrent.ConcurrentHashMap<>();

    private volatile BinancePlan plan;
    private volatile State state = State.OFF;
    private volatile String lastError;
    private volatile String waitReason;
    private volatile BudgetStatus lastBudget;
    private volatile Instant lastServerTime;
    private volatile boolean exchangeInfoLoaded;
    private WeightBudget budget;
    private BinanceRestClient client;
    private BinanceMessages messages;
    private Backoff backoff;

    public BinanceSource(CollectorConfig config, CandleRepository repository, CandlePipeline pipeline,
                         BinanceMetrics metrics, RedisDataSource redis, RedisCache cache, Clock clock,
                         @ConfigProperty(name = "sextant.redis.key-prefix", defaultValue = "sextant:") String redisPrefix) {
        this.config = config;
        this.repository = repository;
        this.pipeline = pipeline;
        this.metrics = metrics;
        this.redis = redis;
        this.cache = cache;
        this.clock = clock;
        this.redisPrefix = redisPrefix;
    }

    /** Checks the configuration (a problem stops start-up with one sentence), then starts when the source is Binance. */
    void onStart(@Observes StartupEvent event) {
        Optional<BinancePlan> checked = BinancePlan.from(config);
        if (checked.isEmpty()) {
            return;
        }
        BinancePlan p = checked.get();
        plan = p;
        budget = new WeightBudget(new RedisBudgetStore(redis), clock,
                WeightBudget.Settings.defaults(budgetKeyPrefix(redisPrefix, p.egressId())).withSafetyMargin(p.safetyMargin()));
        client = new BinanceRestClient(p.restUrl(), budget, p.requestTimeout(), metrics::request);
        messages = new BinanceMessages(p.exchange(), clock);
        backoff = new Backoff(Backoff.Policy.DEFAULT, clock, RandomGenerator.getDefault());
        for (Symbol symbol : p.symbols()) {
            for (Interval interval : p.intervals()) {
                series.put(key(symbol, interval), new Series(symbol, interval));
            }
        }
        metrics.budgetGauges(this);
        // Create the Redis data source here, on the start-up thread, before the source's own thread uses it: Quarkus'
        // Redis client keeps its data sources in a static HashMap filled lazily (computeIfAbsent), and its start-up
        // observer creating the reactive one while this thread created the blocking one failed start-up with a
        // ConcurrentModificationException (seen in CI).
        redis.getReactive();
        state = State.STARTING;
        LOG.infof("market-data source: %s at %s, %s x %s, backfill from %s (market data: Binance)", p.source().code(),
                p.restUrl(), p.symbols(), p.intervals().stream().map(Interval::code).toList(),
                p.backfillFrom() != null ? p.backfillFrom() : p.backfillLookback() + " before the exchange's time");
        executor.execute(this::cycle);
    }

    /** The budget's keys: one shared budget per egress IP. */
    public static String budgetKeyPrefix(String redisPrefix, String egressId) {
        return redisPrefix + "binance:spot:" + egressId;
    }

    /** The Redis key of a symbol's filters (JSON of {@link ExchangeInfo.SymbolFilters}). */
    public static String filtersKey(String redisPrefix, String symbol) {
        return redisPrefix + "binance:spot:symbol-filters:" + symbol;
    }

    public boolean enabled() {
        return plan != null;
    }

    public State state() {
        return state;
    }

    /** Up when configured, not stopped, and neither failing nor kept waiting by a ban. */
    public boolean sourceOpen() {
        BudgetStatus b = budgetStatus();
        return plan != null && state != State.RETRYING && state != State.STOPPED
                && (b == null || b.state() != BudgetStatus.State.BANNED);
    }

    /** The budget's status now (read from Redis); the last one seen when Redis does not answer. */
    public BudgetStatus budgetStatus() {
        WeightBudget b = budget;
        if (b == null) {
            return null;
        }
        try {
            BudgetStatus s = b.status();
            lastBudget = s;
            return s;
        } catch (RuntimeException e) {
            return lastBudget;
        }
    }

    public BudgetStatus lastBudgetStatus() {
        return lastBudget;
    }

    public Map<String, ExchangeInfo.SymbolFilters> filters() {
        return Map.copyOf(filters);
    }

    public BinanceStatus status() {
        BinancePlan p = plan;
        List<BinanceStatus.SeriesStatus> list = new ArrayList<>();
        for (Series s : series.values()) {
            list.add(new BinanceStatus.SeriesStatus(s.symbol.value(), s.interval.code(), s.position, s.published.get(),
                    s.invalid.get(), s.gaps.get(), s.missing.get(), s.caughtUp));
        }
        return new BinanceStatus(p == null ? "replay" : p.source().code(), p == null ? null : p.restUrl().toString(),
                state.name(), lastError, waitReason, lastServerTime, budgetStatus(), exchangeInfoLoaded, list);
    }

    @PreDestroy
    void shutdown() {
        state = State.STOPPED;
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("the Binance source thread did not stop within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------ the loop (one thread)

    private void cycle() {
        if (state == State.STOPPED) {
            return;
        }
        try {
            if (!exchangeInfoLoaded) {
                loadExchangeInfo();
            }
            Instant server = serverTime();
            if (state != State.FOLLOWING) {
                state = State.BACKFILLING;
            }
            for (Series s : series.values()) {
                catchUp(s, server);
            }
            state = State.FOLLOWING;
            lastError = null;
            waitReason = null;
            backoff.reset();
            budgetStatus();
            schedule(untilNextClose(server));
        } catch (BinanceRestClient.BudgetWait w) {
            state = State.WAITING_FOR_BUDGET;
            waitReason = w.getMessage();
            lastBudget = budgetStatus();
            Duration d = w.decision().delay(clock.instant()).plusMillis(20);
            LOG.warnf("Binance source waiting %s: %s", d, w.decision().reason());
            schedule(d);
        } catch (RejectedExecutionException e) {
            LOG.debug("Binance source thread shut down");
        } catch (RuntimeException e) {
            if (state == State.STOPPED) {
                return;
            }
            String kind = e instanceof BinanceRestClient.CallFailed f ? f.kind()
                    : e instanceof Malformed ? "malformed" : "pipeline";
            metrics.failure(kind);
            boolean first = state != State.RETRYING;
            state = State.RETRYING;
            lastError = e.getMessage();
            lastBudget = budgetStatus();
            Duration delay = backoff.nextDelay();
            if (first) {
                LOG.errorf("Binance source failed (%s), resuming from the store in %s: %s", kind, delay, e.getMessage());
            } else {
                LOG.warnf("Binance source still failing (%s), retrying in %s: %s", kind, delay, e.getMessage());
            }
            schedule(delay);
        }
    }

    private void schedule(Duration delay) {
        try {
            executor.schedule(this::cycle, Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopped) {
            LOG.debug("Binance source thread shut down");
        }
    }

    /** The wait until the next close of any followed interval (by the exchange's clock), at most poll-max. */
    private Duration untilNextClose(Instant server) {
        return ClosedKlines.untilNextClose(plan.intervals(), server, AFTER_CLOSE, plan.pollMax());
    }

    private Instant serverTime() {
        String body = client.time();
        try {
            JsonNode n = JSON.readTree(body);
            if (n == null || !n.path("serverTime").canConvertToLong() || n.get("serverTime").asLong() <= 0) {
                throw new Malformed("GET /api/v3/time answered without a positive serverTime: " + abbreviate(body));
            }
            Instant t = Instant.ofEpochMilli(n.get("serverTime").asLong());
            lastServerTime = t;
            return t;
        } catch (java.io.IOException e) {
            throw new Malformed("GET /api/v3/time answered malformed JSON: " + abbreviate(body));
        }
    }

    private void loadExchangeInfo() {
        String body = client.exchangeInfo(plan.symbols());
        ExchangeInfo info = switch (ExchangeInfo.decode(body)) {
            case Decoded.Ok<ExchangeInfo> ok -> ok.value();
            case Decoded.Rejected<ExchangeInfo> r -> throw new Malformed("GET /api/v3/exchangeInfo: " + r.reason());
        };
        budget.updateLimits(info.rateLimits()).ifPresent(l ->
                LOG.infof("request weight limit from exchangeInfo: %d per %s", l.limit(), l.headerSuffix()));
        for (String problem : info.problems()) {
            LOG.errorf("exchangeInfo filters refused: %s", problem);
            metrics.failure("malformed_filters");
        }
        for (Symbol symbol : plan.symbols()) {
            ExchangeInfo.SymbolFilters f = info.symbols().get(symbol);
            if (f == null) {
                LOG.errorf("exchangeInfo has no usable filters for %s; risk and execution find none for it", symbol);
                continue;
            }
            filters.put(symbol.value(), f);
            String key = filtersKey(redisPrefix, symbol.value());
            String json;
            try {
                json = JSON.writeValueAsString(f);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
            cache.write(key, r -> r.value(String.class, String.class).set(key, json));
        }
        exchangeInfoLoaded = true;
        LOG.infof("exchangeInfo loaded: filters of %s cached in Redis under %s<SYMBOL>", filters.keySet(),
                filtersKey(redisPrefix, ""));
    }

    /** Fetches, page by page, the closed klines of one series after its last stored candle. */
    private void catchUp(Series s, Instant server) {
        long len = s.interval.duration().toMillis();
        Instant lastClosedOpen = ClosedKlines.lastClosedOpen(s.interval, server);
        Instant stored = repository.lastOpenTimes(plan.exchange(), s.interval, List.of(s.symbol)).get(s.symbol);
        Instant resumeAfter = stored;
        Instant from = ClosedKlines.firstToFetch(s.interval, stored, plan.backfillStart(server));
        if (s.position == null) {
            s.position = stored;
        }
        while (!from.isAfter(lastClosedOpen)) {
            String body = client.klines(s.symbol, s.interval, from, lastClosedOpen, BinanceRestClient.MAX_KLINES);
            List<ParsedLine> lines = switch (messages.klines(s.symbol, s.interval, body)) {
                case Decoded.Ok<List<ParsedLine>> ok -> ok.value();
                case Decoded.Rejected<List<ParsedLine>> r ->
                        throw new Malformed("GET /api/v3/klines " + s.symbol + " " + s.interval.code() + ": " + r.reason());
            };
            ClosedKlines.Page page = ClosedKlines.closedOnly(lines, from, lastClosedOpen, server);
            for (ParsedLine line : page.lines()) {
                if (line instanceof ParsedLine.Malformed bad) {
                    LOG.warnf("malformed kline in GET /api/v3/klines %s %s: %s (%s)", s.symbol, s.interval.code(),
                            bad.raw(), bad.reason());
                    metrics.failure("malformed_kline");
                }
            }
            if (page.newest() == null) {
                break; // Binance has nothing more up to the last closed kline
            }
            ReplayEngine engine = new ReplayEngine(List.of(new SymbolSource(s.symbol, page.lines().iterator(), resumeAfter)),
                    s.interval, new ReplayWindow(Instant.EPOCH, null, null), new CandleValidator(),
                    new CandleNormalizer(plan.exchange(), clock));
            List<ReplayOutcome> outcomes = engine.nextSteps(Integer.MAX_VALUE);
            CandlePipeline.Delivery d = pipeline.deliver(plan.exchange(), outcomes, ACK_TIMEOUT);
            s.published.addAndGet(d.accepted().size());
            s.invalid.addAndGet(d.rejected().size());
            d.gaps().forEach(g -> {
                s.gaps.incrementAndGet();
                s.missing.addAndGet(g.missing());
            });
            Instant position = engine.positions().get(s.symbol);
            if (position != null) {
                resumeAfter = position;
                s.position = position;
            }
            from = page.newest().plusMillis(len);
            if (lines.size() < BinanceRestClient.MAX_KLINES) {
                break; // a short page is the last one
            }
        }
        s.caughtUp = true;
    }

    private static String key(Symbol symbol, Interval interval) {
        return symbol.value() + "/" + interval.code();
    }

    private static String abbreviate(String body) {
        if (body == null) {
            return "null";
        }
        return body.length() <= 200 ? body : body.substring(0, 200) + "...";
    }

    /** A response that is not what the route documents. */
    static final class Malformed extends RuntimeException {
        Malformed(String message) {
            super(message);
        }
    }

    private static final class Series {
        final Symbol symbol;
        final Interval interval;
        final AtomicLong published = new AtomicLong();
        final AtomicLong invalid = new AtomicLong();
        final AtomicLong gaps = new AtomicLong();
        final AtomicLong missing = new AtomicLong();
        volatile Instant position;
        volatile boolean caughtUp;

        Series(Symbol symbol, Interval interval) {
            this.symbol = symbol;
            this.interval = interval;
        }
    }
}
