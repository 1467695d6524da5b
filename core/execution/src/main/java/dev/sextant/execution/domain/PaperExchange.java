package dev.sextant.execution.domain;

import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.event.FillExecuted;
import dev.sextant.contracts.event.OrderAccepted;
import dev.sextant.contracts.event.OrderCanceled;
import dev.sextant.contracts.event.OrderFilled;
import dev.sextant.contracts.event.OrderIntent;
import dev.sextant.contracts.event.OrderPurpose;
import dev.sextant.contracts.event.OrderRejected;
import dev.sextant.contracts.event.OrderSubmitted;
import dev.sextant.contracts.event.OrderType;
import dev.sextant.contracts.event.PositionChanged;
import dev.sextant.contracts.event.PositionCloseRequested;
import dev.sextant.contracts.event.PositionSide;
import dev.sextant.contracts.event.RiskDecisionMade;
import dev.sextant.contracts.event.Side;
import dev.sextant.contracts.id.ClientOrderId;
import dev.sextant.contracts.id.EventId;
import dev.sextant.contracts.id.Ids;
import dev.sextant.contracts.id.Symbol;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The paper exchange: turns approved risk decisions into orders, fills them on candles, guards
 * positions with their stop-loss and take-profit, and keeps the books. Deterministic: the same
 * inputs give the same orders, fills and event ids (only {@code tsInit} comes from the clock).
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li>An approved decision becomes a MARKET entry with client order id
 *       {@link Ids#clientOrderId(EventId) clientOrderId(decision id)}: NEW → SUBMITTED → ACCEPTED.
 *       A decision whose order id is known is a duplicate and does nothing. The venue rejects an
 *       entry when the symbol already has a position or a working entry, when the order is not
 *       MARKET, when the stop and take-profit are on the wrong sides, or when cash cannot pay the
 *       entry at the reference price with slippage and fee.</li>
 *   <li>The entry fills completely at the open of the first candle of the decision's symbol and
 *       interval that opens after the decision's candle, at {@code open × (1 ± slippage)}, paying the
 *       taker fee. If that candle is already held (the decision came late) it fills at once.</li>
 *   <li>The entry candle itself is checked for the stop and take-profit (conservative: a candle that
 *       dipped to the stop after our open fill stops us out), then each later candle once, in order.
 *       Both touched on one candle: the stop wins. Exits fill at the level, or at the open when the
 *       candle gapped through it ({@link ExitRule}), with the taker fee and without slippage.</li>
 *   <li>A close request closes the position at the next candle's open (with slippage); with only a
 *       working entry it cancels that entry.</li>
 *   <li>These are the default {@link ExecutionModels}; other models change the slippage
 *       ({@link SlippageModel}), the fees and the fills' liquidity ({@link FeeModel}), where on its fill
 *       candle an entry fills and how that candle is checked ({@link FillPriceRule}), and which candle
 *       after the decision's is the fill candle ({@link LatencyModel}).</li>
 *   <li>Each exit order id is {@link Ids#exitOrderId(ClientOrderId, String) exitOrderId(entry, reason)},
 *       so an exit happens at most once per reason; a candle at or before the last checked one is
 *       never checked again.</li>
 * </ul>
 * Event times: orders are submitted at the decision's (or request's) market time; entry fills
 * happen at the fill candle's open time (or the time of the {@link FillPriceRule}), closes on request
 * at the fill candle's open time; stop/take-profit exits at the candle's close time, when the paper
 * venue learns of them.
 *
 * <p><b>Forged input.</b> With {@link #guard(InputBounds) bounds} (the services set them; a new exchange has
 * {@link InputBounds#OFF}) a candle or decision dated more than the bound's days after today, and an absurd approved
 * decision, are refused with a {@link RefusedInputException} before anything changes.
 */
public final class PaperExchange {
    private final ExecutionSettings settings;
    private final ExecutionModels models;
    private final Clock clock;
    private final Portfolio portfolio;
    private final CandleWindow candles;
    private final Map<Symbol, Order> workingEntries = new HashMap<>();
    private final Map<Symbol, Position> positions = new HashMap<>();
    private final Set<ClientOrderId> knownOrders = new HashSet<>();
    private InputBounds bounds = InputBounds.OFF;

    /** A fresh exchange with the initial capital in cash and the default models ({@link ExecutionModels#defaults}). */
    public PaperExchange(ExecutionSettings settings, Clock clock) {
        this(settings, ExecutionModels.defaults(settings), clock);
    }

    /**
     * A fresh exchange with the initial capital in cash, filling with {@code models}.
     *
     * @throws IllegalArgumentException when the models cannot run with the settings (see {@link ExecutionModels#checkAgainst})
     */
    public PaperExchange(ExecutionSettings settings, ExecutionModels models, Clock clock) {
        this(settings, models, clock, Portfolio.fresh(settings.initialCapital()));
    }

    private PaperExchange(ExecutionSettings settings, ExecutionModels models, Clock clock, Portfolio portfolio) {
        this.settings = settings;
        this.models = models.checkAgainst(settings);
        this.clock = clock;
        this.portfolio = portfolio;
        this.candles = new CandleWindow(settings.candleWindow());
    }

    /**
     * The exchange as it was stored: the account, the working entry orders, the open positions,
     * the recent candles and the id of every order ever created.
     */
    public static PaperExchange restore(ExecutionSettings settings, Clock clock, Portfolio portfolio,
                                        Collection<Order> workingEntries, Collection<Position> openPositions,
                                        Collection<CandleClosed> recentCandles, Collection<ClientOrderId> knownOrderIds) {
        return restore(settings, ExecutionModels.defaults(settings), clock, portfolio, workingEntries, openPositions,
                recentCandles, knownOrderIds);
    }

    /** As {@link #restore(ExecutionSettings, Clock, Portfolio, Collection, Collection, Collection, Collection)}, with {@code models}. */
    public static PaperExchange restore(ExecutionSettings settings, ExecutionModels models, Clock clock, Portfolio portfolio,
                                        Collection<Order> workingEntries, Collection<Position> openPositions,
                                        Collection<CandleClosed> recentCandles, Collection<ClientOrderId> knownOrderIds) {
        PaperExchange exchange = new PaperExchange(settings, models, clock, portfolio);
        exchange.knownOrders.addAll(knownOrderIds);
        for (Order order : workingEntries) {
            exchange.knownOrders.add(order.clientOrderId());
            exchange.workingEntries.put(order.symbol(), order);
        }
        for (Position position : openPositions) {
            exchange.positions.put(position.symbol(), position);
        }
        recentCandles.stream()
                .sorted((a, b) -> a.openTime().compareTo(b.openTime()))
                .forEach(c -> {
                    exchange.candles.add(c);
                    exchange.portfolio.mark(c.symbol(), c.close());
                });
        return exchange;
    }

    /** Refuses forged or corrupt input with {@code bounds} from now on (see {@link InputBounds}); returns this exchange. */
    public PaperExchange guard(InputBounds bounds) {
        this.bounds = java.util.Objects.requireNonNull(bounds, "bounds");
        return this;
    }

    public InputBounds bounds() {
        return bounds;
    }

    // ------------------------------------------------------------------ inputs

    /** A risk decision: a denied one is ignored; an approved one becomes an entry order (see class doc). */
    public Effects onDecision(RiskDecisionMade decision) {
        if (!decision.approved()) {
            return Effects.ignored("denied decision: " + decision.reason());
        }
        ClientOrderId id = Ids.clientOrderId(decision.eventId());
        if (knownOrders.contains(id)) {
            return Effects.duplicate("order " + id + " already exists for decision " + decision.eventId());
        }
        bounds.checkTime(portfolio.day(), decision.tsEvent(), "approved decision " + decision.eventId() + " tsEvent");
        bounds.checkTime(portfolio.day(), decision.candleOpenTime(), "approved decision " + decision.eventId()
                + " candleOpenTime");
        // the market the decision was made on: its own candle's close when held (a replay's decisions may come long
        // after later candles, whose prices can be far from it), else the latest close
        BigDecimal market = candles.at(decision.symbol(), decision.interval(), decision.candleOpenTime())
                .map(CandleClosed::close).orElseGet(() -> portfolio.lastClose(decision.symbol()));
        bounds.checkDecision(decision, portfolio.equity(positions.values()), market);
        OrderIntent intent = decision.intent();
        Order order = Order.create(id, id.value(), decision.symbol(), decision.interval(), OrderPurpose.ENTRY,
                intent.side(), intent.orderType(), intent.quantity(), Scales.price(intent.stopLoss()),
                Scales.price(intent.takeProfit()), decision.eventId(), decision.candleOpenTime(), decision.tsEvent());
        knownOrders.add(id);
        Effects effects = Effects.applied("entry " + id);
        effects.newOrder(order);
        order.submit();
        effects.event(submitted(order, decision.tsEvent(), intent.stopLoss(), intent.takeProfit()));
        String rejection = rejection(order, intent);
        if (rejection != null) {
            order.reject(rejection);
            effects.event(new OrderRejected(Ids.derive("order-rejected", id.value()), decision.tsEvent(), clock.instant(),
                    decision.eventId(), OrderRejected.SCHEMA_VERSION, id, order.symbol(), rejection));
            return effects;
        }
        order.accept();
        effects.event(accepted(order, decision.tsEvent()));
        workingEntries.put(order.symbol(), order);
        Optional<CandleClosed> next = candles.nthAfter(order.symbol(), order.interval(), decision.candleOpenTime(),
                models.latency().candles());
        if (next.isPresent()) {
            Position position = fillEntry(order, next.get(), effects);
            // The decision came late: check the candles held after the fill candle, in order.
            for (CandleClosed later : candles.after(order.symbol(), order.interval(), next.get().openTime())) {
                if (!position.isOpen()) {
                    break;
                }
                watch(position, later, false, effects);
            }
        }
        return effects;
    }

    /**
     * A closed candle: fills a working entry waiting for it, closes a position on request, checks
     * the stop and take-profit, marks the account to market. A candle already held is a duplicate.
     */
    public Effects onCandle(CandleClosed candle) {
        if (candles.contains(candle)) {
            return Effects.duplicate("candle " + candle.eventId() + " already seen");
        }
        bounds.checkTime(portfolio.day(), candle.closeTime(), "candle " + candle.eventId() + " closeTime");
        candles.add(candle);
        portfolio.rollDay(candle.closeTime());
        Effects effects = Effects.applied("candle ", candle.eventId());
        Symbol symbol = candle.symbol();
        Position position = positions.get(symbol);
        Order entry = workingEntries.get(symbol);
        if (position != null && position.interval() == candle.interval()) {
            watch(position, candle, false, effects);
        } else if (entry != null && entry.interval() == candle.interval() && isFillCandle(entry, candle)) {
            fillEntry(entry, candle, effects);
        }
        portfolio.mark(symbol, candle.close());
        effects.equity(new EquityPoint(candle.closeTime(), EquityPoint.Kind.MARK, candle.eventId().value(),
                portfolio.cash(), portfolio.equity(positions.values())));
        return effects;
    }

    /** A close request: the position closes at the next candle's open; a working entry is canceled. */
    public Effects onCloseRequested(PositionCloseRequested request) {
        Symbol symbol = request.symbol();
        Position position = positions.get(symbol);
        if (position != null) {
            if (position.closeRequestId() != null) {
                return Effects.duplicate("close of " + symbol + " already requested by " + position.closeRequestId());
            }
            position.requestClose(request.eventId());
            Effects effects = Effects.applied("close of " + position.positionId() + " at the next open");
            effects.position(position);
            return effects;
        }
        Order entry = workingEntries.remove(symbol);
        if (entry != null) {
            String reason = "position close requested by " + request.requestedBy();
            entry.cancel(reason);
            Effects effects = Effects.applied("entry " + entry.clientOrderId() + " canceled");
            effects.order(entry);
            effects.event(new OrderCanceled(Ids.derive("order-canceled", entry.clientOrderId().value()),
                    request.tsEvent(), clock.instant(), request.eventId(), OrderCanceled.SCHEMA_VERSION,
                    entry.clientOrderId(), symbol, reason, entry.filledQuantity()));
            return effects;
        }
        return Effects.ignored("no position or working entry in " + symbol + " to close");
    }

    // ------------------------------------------------------------------ queries

    /** Open positions. */
    public List<Position> openPositions() {
        return List.copyOf(positions.values());
    }

    /** True when a position is open ({@code !openPositions().isEmpty()} without the copy). */
    public boolean hasOpenPositions() {
        return !positions.isEmpty();
    }

    /** Entry orders waiting for their fill candle. */
    public List<Order> workingEntries() {
        return List.copyOf(workingEntries.values());
    }

    /** True when an order with this id was ever created. */
    public boolean knowsOrder(ClientOrderId id) {
        return knownOrders.contains(id);
    }

    /** The account now. */
    public AccountSummary account() {
        return portfolio.summary(positions.values());
    }

    public Portfolio portfolio() {
        return portfolio;
    }

    public ExecutionSettings settings() {
        return settings;
    }

    /** The models it fills and charges with. */
    public ExecutionModels models() {
        return models;
    }

    // ------------------------------------------------------------------ matching

    private String rejection(Order order, OrderIntent intent) {
        if (order.type() != OrderType.MARKET) {
            return "the paper venue takes MARKET entries only, got " + order.type();
        }
        if (positions.containsKey(order.symbol()) || workingEntries.containsKey(order.symbol())) {
            return "a position or working entry in " + order.symbol() + " already exists (one position per symbol)";
        }
        boolean longSide = order.side() == Side.BUY;
        if (longSide ? order.stopLoss().compareTo(order.takeProfit()) >= 0 : order.stopLoss().compareTo(order.takeProfit()) <= 0) {
            return "stop-loss " + order.stopLoss().toPlainString() + " must be " + (longSide ? "below" : "above")
                    + " take-profit " + order.takeProfit().toPlainString() + " for a " + (longSide ? "long" : "short");
        }
        BigDecimal price = models.slippage().fillPrice(order.side(), intent.referencePrice(), order.quantity(), null);
        BigDecimal notional = notional(price, order.quantity());
        BigDecimal needed = notional.add(models.fees().fee(OrderPurpose.ENTRY, price, order.quantity()));
        if (needed.compareTo(portfolio.cash()) > 0) {
            return "insufficient cash: the entry needs about " + needed.toPlainString() + " " + settings.feeAsset()
                    + ", the account has " + portfolio.cash().toPlainString();
        }
        return null;
    }

    /** True when {@code candle} is the fill candle of {@code entry}: the latency's n-th candle after the decision's. */
    private boolean isFillCandle(Order entry, CandleClosed candle) {
        if (!candle.openTime().isAfter(entry.decisionCandleOpenTime())) {
            return false;
        }
        int latency = models.latency().candles();
        // The candle is already held: count it with the held candles after the decision's.
        return latency == 1 || candles.countBetween(entry.symbol(), entry.interval(), entry.decisionCandleOpenTime(),
                candle.openTime()) >= latency;
    }

    private Position fillEntry(Order order, CandleClosed candle, Effects effects) {
        FillPriceRule rule = models.fillPrice();
        BigDecimal market = rule.price(candle);
        BigDecimal quantity = order.leavesQuantity();
        BigDecimal price = models.slippage().fillPrice(order.side(), market, quantity, candle.volume());
        OrderExecution execution = order.fill(quantity, price);
        BigDecimal fee = models.fees().fee(OrderPurpose.ENTRY, price, quantity);
        portfolio.applyFill(order.side(), notional(price, quantity), fee);
        workingEntries.remove(order.symbol());
        effects.order(order);
        Instant at = rule.fillTime(candle);
        PositionSide side = order.side() == Side.BUY ? PositionSide.LONG : PositionSide.SHORT;
        // lastChecked = the decision's candle: the fill candle itself is still to be checked.
        Position position = new Position(order.positionId(), order.clientOrderId(), order.symbol(), order.interval(), side,
                execution.cumulativeQuantity(), execution.averagePrice(), fee, order.stopLoss(), order.takeProfit(), at,
                order.decisionCandleOpenTime(), null, null);
        positions.put(order.symbol(), position);
        effects.position(position);
        FillExecuted fill = filled(order, execution, fee, null, at, candle.eventId(), effects);
        effects.event(positionChanged(position, "open", at, fill.eventId(), BigDecimal.ZERO, fee));
        switch (rule.fillCandleCheck()) {
            case WHOLE_CANDLE -> watch(position, candle, true, effects);
            case STOP_ONLY -> {
                position.checked(candle.openTime());
                ExitRule.checkStopAfterFill(position, candle, market).ifPresent(exit ->
                        exit(position, exit.reason(), exit.price(), candle.closeTime(), candle.eventId(), candle.eventId(), effects));
            }
            case NONE -> position.checked(candle.openTime());
        }
        return position;
    }

    /**
     * Checks {@code candle} once for a position: a pending close first, then stop-loss / take-profit.
     * {@code fillCandle}: the candle the position was just filled on at its open (a close request cannot
     * be older than the position, so it is checked for the exits only).
     */
    private void watch(Position position, CandleClosed candle, boolean fillCandle, Effects effects) {
        if (!position.isUnchecked(candle.openTime())) {
            return;
        }
        position.checked(candle.openTime());
        effects.position(position);
        if (position.closeRequestId() != null && !fillCandle) {
            Side exitSide = position.direction() > 0 ? Side.SELL : Side.BUY;
            exit(position, OrderPurpose.CLOSE,
                    models.slippage().fillPrice(exitSide, candle.open(), position.quantity(), candle.volume()),
                    candle.openTime(), position.closeRequestId(), candle.eventId(), effects);
            return;
        }
        ExitRule.check(position, candle).ifPresent(exit ->
                exit(position, exit.reason(), exit.price(), candle.closeTime(), candle.eventId(), candle.eventId(), effects));
    }

    private void exit(Position position, OrderPurpose reason, BigDecimal price, Instant at, EventId causation,
                      EventId fillCause, Effects effects) {
        ClientOrderId id = Ids.exitOrderId(position.entryOrderId(), reason.name());
        if (knownOrders.contains(id)) {
            return;
        }
        knownOrders.add(id);
        Side side = position.direction() > 0 ? Side.SELL : Side.BUY;
        Order order = Order.create(id, position.positionId(), position.symbol(), position.interval(), reason, side,
                OrderType.MARKET, position.quantity(), null, null, causation, null, at);
        effects.newOrder(order);
        order.submit();
        effects.event(submitted(order, at, null, null));
        order.accept();
        effects.event(accepted(order, at));
        OrderExecution execution = order.fill(position.quantity(), price);
        BigDecimal fill = execution.lastPrice();
        BigDecimal fee = models.fees().fee(reason, fill, position.quantity());
        BigDecimal gross = Scales.quote(fill.subtract(position.entryPrice())
                .multiply(position.quantity()).multiply(BigDecimal.valueOf(position.direction())));
        BigDecimal net = Scales.quote(gross.subtract(position.entryFee()).subtract(fee));
        portfolio.applyFill(side, notional(fill, position.quantity()), fee);
        ClosedTrade trade = new ClosedTrade(position.positionId(), position.symbol(), position.side(), position.quantity(),
                position.openedAt(), position.entryPrice(), at, fill, position.entryFee(), fee, gross, net, reason);
        portfolio.recordTrade(trade);
        position.close(at);
        positions.remove(position.symbol());
        effects.position(position);
        effects.trade(trade);
        FillExecuted fillEvent = filled(order, execution, fee, net, at, fillCause, effects);
        effects.event(positionChanged(position, "flat", at, fillEvent.eventId(), net,
                Scales.quote(position.entryFee().add(fee))));
        effects.equity(new EquityPoint(at, EquityPoint.Kind.TRADE, position.positionId(), portfolio.cash(),
                portfolio.equity(positions.values())));
    }

    /** {@code price × quantity} at quote scale. */
    private static BigDecimal notional(BigDecimal price, BigDecimal quantity) {
        return Scales.quote(price.multiply(quantity));
    }

    // ------------------------------------------------------------------ events

    private OrderSubmitted submitted(Order order, Instant at, BigDecimal stopLoss, BigDecimal takeProfit) {
        return new OrderSubmitted(Ids.derive("order-submitted", order.clientOrderId().value()), at, clock.instant(),
                order.causationId(), OrderSubmitted.SCHEMA_VERSION, order.clientOrderId(), order.symbol(),
                settings.venue(), order.purpose(), order.side(), order.type(), order.quantity(), null, stopLoss, takeProfit);
    }

    private OrderAccepted accepted(Order order, Instant at) {
        return new OrderAccepted(Ids.derive("order-accepted", order.clientOrderId().value()), at, clock.instant(),
                order.causationId(), OrderAccepted.SCHEMA_VERSION, order.clientOrderId(), order.symbol(),
                settings.venue() + "-" + order.clientOrderId().value());
    }

    private FillExecuted filled(Order order, OrderExecution execution, BigDecimal fee, BigDecimal realizedPnl,
                                Instant at, EventId cause, Effects effects) {
        String seq = execution.cumulativeQuantity().toPlainString();
        OrderFilled orderFilled = new OrderFilled(Ids.derive("order-filled", order.clientOrderId().value(), seq), at,
                clock.instant(), cause, OrderFilled.SCHEMA_VERSION, order.clientOrderId(), order.symbol(), order.side(),
                execution.lastQuantity(), execution.lastPrice(), execution.cumulativeQuantity(),
                execution.leavesQuantity(), execution.averagePrice());
        FillExecuted fill = new FillExecuted(Ids.derive("fill", order.clientOrderId().value(), seq), at, clock.instant(),
                orderFilled.eventId(), FillExecuted.SCHEMA_VERSION, order.clientOrderId(), order.positionId(),
                order.symbol(), settings.venue(), order.purpose(), order.side(), execution.lastPrice(),
                execution.lastQuantity(), fee, settings.feeAsset(), models.fees().liquidity(order.purpose()),
                realizedPnl == null ? Scales.quote(BigDecimal.ZERO) : realizedPnl);
        effects.event(orderFilled);
        effects.event(fill);
        return fill;
    }

    private PositionChanged positionChanged(Position p, String what, Instant at, EventId cause, BigDecimal realizedPnl,
                                            BigDecimal fees) {
        boolean flat = !p.isOpen();
        return new PositionChanged(Ids.derive("position-changed", p.positionId(), what), at, clock.instant(), cause,
                PositionChanged.SCHEMA_VERSION, p.symbol(), p.positionId(), flat ? PositionSide.FLAT : p.side(),
                flat ? Scales.quantity(BigDecimal.ZERO) : p.quantity(), p.entryPrice(), p.stopLoss(), p.takeProfit(),
                Scales.quote(realizedPnl), fees, p.openedAt(), p.closedAt());
    }

    /** Every candle held, oldest first per series (for tests and diagnostics). */
    public List<CandleClosed> recentCandles() {
        return new ArrayList<>(candles.all());
    }
}
