package dev.sextant.gateway.adapter;

import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.event.PositionChanged;
import dev.sextant.contracts.event.TradingStateChanged;
import dev.sextant.contracts.id.Symbol;
import dev.sextant.gateway.adapter.db.CandleRepository;
import dev.sextant.gateway.adapter.db.MarketTimeRepository;
import dev.sextant.gateway.adapter.db.PredictionRepository;
import dev.sextant.gateway.adapter.db.TradeRepository;
import dev.sextant.gateway.adapter.health.ServiceHealthProbe;
import dev.sextant.gateway.adapter.redis.LatestStateStore;
import dev.sextant.gateway.adapter.ws.LiveFeed;
import dev.sextant.gateway.config.GatewayConfig;
import dev.sextant.gateway.domain.AccountSummary;
import dev.sextant.gateway.domain.BotStatus;
import dev.sextant.gateway.domain.BotStatusTracker;
import dev.sextant.gateway.domain.GatewayStatus;
import dev.sextant.gateway.domain.MarketClock;
import dev.sextant.gateway.domain.OpenTradePositions;
import dev.sextant.gateway.domain.PositionView;
import dev.sextant.gateway.domain.PredictionView;
import dev.sextant.gateway.domain.PriceView;
import dev.sextant.gateway.domain.ServiceHealth;
import dev.sextant.gateway.domain.TradeTotals;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the REST API and the WebSocket read: the latest state per symbol from Redis (written by the
 * owning services), falling back to the gateway's own projections, plus the trading state seen on
 * the control topic. Redis is a cache ({@link LatestStateStore}): each read is bounded by the Redis
 * timeout and answers at once while Redis is down, so every answer here comes, at worst, from the
 * projections alone (prices and predictions from the history, positions from the open trades, the
 * account computed, the trading state from the control topic), never an error or a wait.
 */
@ApplicationScoped
public class GatewayReadModel {
    private final LatestStateStore latest;
    private final CandleRepository candles;
    private final PredictionRepository predictions;
    private final TradeRepository trades;
    private final ServiceHealthProbe health;
    private final LiveFeed feed;
    private final GatewayConfig config;
    private final Clock clock;
    private final BotStatusTracker botStatus = new BotStatusTracker();
    private final MarketClock marketClock;
    private final MarketTimeRepository marketTime;
    private volatile boolean marketClockSeeded;
    /** The day last stored in {@code market_time} (null before the first store). */
    private volatile LocalDate storedDay;

    GatewayReadModel(LatestStateStore latest, CandleRepository candles, PredictionRepository predictions,
                     TradeRepository trades, ServiceHealthProbe health, LiveFeed feed, GatewayConfig config, Clock clock,
                     MarketTimeRepository marketTime) {
        this.marketClock = new MarketClock(config.maxDayJump());
        this.marketTime = marketTime;
        this.latest = latest;
        this.candles = candles;
        this.predictions = predictions;
        this.trades = trades;
        this.health = health;
        this.feed = feed;
        this.config = config;
        this.clock = clock;
    }

    public Symbol defaultSymbol() {
        return new Symbol(config.defaultSymbol());
    }

    /** Records a trading-state change read from the control topic. */
    public void observe(TradingStateChanged change) {
        botStatus.observe(change);
    }

    /**
     * Refuses a market event time that would move today more than {@code sextant.gateway.max-day-jump} days ahead
     * (an {@link IllegalArgumentException} with the reason: the record is dead-lettered); changes nothing. Call it
     * before projecting the record.
     *
     * @param what what carries the time (e.g. "CandleClosed 123 closeTime"), for the reason
     */
    public void checkMarketTime(Instant eventTime, String what) {
        seedMarketClock();
        marketClock.check(eventTime, what);
    }

    /**
     * Moves market time forward to a market event's time (a candle's close time, a fill's tsEvent), after the check of
     * {@link #checkMarketTime} (IllegalArgumentException: nothing changes). A new day is stored at once, so that a
     * restart continues from it. A consumer that stores a batch in one transaction uses {@link #advanceMarketTime} per
     * record and {@link #marketTimeToStore} once per batch instead.
     */
    public void observeMarketTime(Instant eventTime) {
        advanceMarketTime(eventTime);
        Optional<Instant> toStore = marketTimeToStore();
        if (toStore.isPresent()) {
            marketTime.save(toStore.get());
            marketTimeStored(toStore.get());
        }
    }

    /**
     * Moves market time forward in memory only, after the check of {@link #checkMarketTime} (IllegalArgumentException:
     * nothing changes), so that the next record of the same batch is checked against it. The caller stores
     * {@link #marketTimeToStore} with the batch and then calls {@link #marketTimeStored}.
     */
    public void advanceMarketTime(Instant eventTime) {
        seedMarketClock();
        marketClock.observe(eventTime);
    }

    /** The latest market time when its day is after the day last stored (a restart must continue from it), else empty. */
    public Optional<Instant> marketTimeToStore() {
        Optional<Instant> latestTime = marketClock.latest();
        LocalDate stored = storedDay;
        return latestTime.filter(t -> stored == null || MarketClock.utcDay(t).isAfter(stored));
    }

    /** Records that {@code time} is stored in {@code market_time} (its transaction committed). */
    public void marketTimeStored(Instant time) {
        LocalDate day = MarketClock.utcDay(time);
        synchronized (marketClock) {
            if (storedDay == null || day.isAfter(storedDay)) {
                storedDay = day;
            }
        }
    }

    /**
     * The market's "today": the UTC day of the latest market event time accepted. After a restart, before any new
     * event, it is the day stored with the last accepted time ({@code market_time}); before that table had a row (an
     * older gateway), the projections' latest candle close and fill.
     */
    public Optional<LocalDate> marketDay() {
        seedMarketClock();
        return marketClock.today();
    }

    private void seedMarketClock() {
        if (marketClockSeeded) {
            return;
        }
        synchronized (marketClock) {
            if (marketClockSeeded) {
                return;
            }
            // once: what this gateway accepted before it started (market time never moves back)
            Optional<Instant> stored = marketTime.latest();
            if (stored.isPresent()) {
                marketClock.seed(stored.get());
                storedDay = MarketClock.utcDay(stored.get());
            } else {
                candles.latestCloseTime().ifPresent(marketClock::seed);
                trades.latestFillTime().ifPresent(marketClock::seed);
            }
            marketClockSeeded = true;
        }
    }

    /**
     * The trading state: the newer of risk-service's Redis record and the control topic's last change.
     * UNKNOWN, saying why, when Redis is unavailable and no change has been seen on the control topic
     * since this gateway started.
     */
    public BotStatus botStatus() {
        BotStatus status = botStatus.current(latest.tradingState().orElse(null));
        if (status == BotStatus.UNKNOWN && !latest.available()) {
            return new BotStatus(BotStatus.UNKNOWN.state(), null, "trading state unknown: Redis (risk-service's record) is"
                    + " unavailable and no change has been seen on the control topic since the gateway started", null, null);
        }
        return status;
    }

    /** The latest price: collector's latest candle in Redis, else the gateway's newest candle. */
    public Optional<PriceView> price(Symbol symbol) {
        Optional<CandleClosed> fromRedis = latest.candle(symbol);
        if (fromRedis.isPresent()) {
            CandleClosed c = fromRedis.get();
            return Optional.of(new PriceView(symbol.value(), c.close(), c.interval().code(), c.closeTime(), "redis"));
        }
        return candles.last(symbol)
                .map(c -> new PriceView(symbol.value(), c.close(), c.interval(), c.closeTime(), "gateway"));
    }

    /** The latest prediction: prediction-service's in Redis, else the newest in the gateway's history. */
    public Optional<PredictionView> latestPrediction(Symbol symbol) {
        return latest.prediction(symbol).map(PredictionView::of).or(() -> predictions.latest(symbol));
    }

    /**
     * Open positions, marked to the latest price: execution-service's in Redis, else (Redis unavailable)
     * the open trades of the gateway's trade projection ({@link OpenTradePositions}).
     */
    public List<PositionView> openPositions() {
        return latest.positions()
                .map(stored -> stored.stream()
                        .filter(PositionChanged::hasPosition)
                        .sorted(Comparator.comparing(p -> p.symbol().value()))
                        .map(this::mark)
                        .toList())
                .orElseGet(() -> OpenTradePositions.of(trades.all(symbols().stream().map(Symbol::new).toList()),
                        symbol -> price(symbol).map(PriceView::price).orElse(null)));
    }

    /** {@code position} marked to its symbol's latest price. */
    public PositionView mark(PositionChanged position) {
        BigDecimal markPrice = price(position.symbol()).map(PriceView::price).orElse(null);
        return PositionView.of(position, markPrice);
    }

    /** {@code positions}, in order, each marked to its symbol's latest price (read once per symbol). */
    public List<PositionView> markAll(List<PositionChanged> positions) {
        Map<Symbol, Optional<BigDecimal>> prices = new HashMap<>();
        return positions.stream().map(p -> PositionView.of(p, prices.computeIfAbsent(p.symbol(),
                s -> price(s).map(PriceView::price)).orElse(null))).toList();
    }

    /** Capital, equity, today's P&L and win rate. */
    public AccountSummary account() {
        return account(totals(), openPositions());
    }

    /** Everything {@code GET /api/v1/status} reports. */
    public GatewayStatus status() {
        TradeTotals totals = totals();
        List<PositionView> open = openPositions();
        List<ServiceHealth> services = new ArrayList<>();
        services.add(new ServiceHealth("api-gateway", "", ServiceHealth.UP, latest.available() ? "this service"
                : "this service; Redis unavailable (degraded): answering from the gateway's projections"));
        services.addAll(health.probeAll());
        GatewayStatus.Counts counts = new GatewayStatus.Counts(candles.count(), predictions.count(),
                totals.openTrades() + totals.closedTrades(), totals.openTrades(), totals.closedTrades(),
                open.size(), feed.clients());
        return new GatewayStatus(clock.instant(), botStatus(), services, counts, account(totals, open),
                config.defaultSymbol(), symbols());
    }

    /** Symbols with data, the default one first. */
    public List<String> symbols() {
        Set<String> symbols = new LinkedHashSet<>();
        symbols.add(config.defaultSymbol());
        symbols.addAll(candles.symbols());
        return List.copyOf(symbols);
    }

    private TradeTotals totals() {
        return trades.totals(marketDay().orElse(null));
    }

    private AccountSummary account(TradeTotals totals, List<PositionView> open) {
        AccountSummary computed = AccountSummary.computed(config.initialCapital(), totals, open);
        return latest.account().map(computed::overriddenBy).orElse(computed);
    }
}
