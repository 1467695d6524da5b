package dev.sextant.execution.adapter;

import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.event.ControlEvent;
import dev.sextant.contracts.event.Event;
import dev.sextant.contracts.event.FillExecuted;
import dev.sextant.contracts.event.Interval;
import dev.sextant.contracts.id.EventId;
import dev.sextant.contracts.id.Symbol;
import dev.sextant.contracts.json.EventCodec;
import dev.sextant.execution.domain.ClosedTrade;
import dev.sextant.execution.domain.Effects;
import dev.sextant.execution.domain.EquityPoint;
import dev.sextant.execution.domain.Order;
import dev.sextant.execution.domain.Portfolio;
import dev.sextant.execution.domain.Position;
import dev.sextant.execution.domain.SettlementBook;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the inputs applied since the last write will store, in one transaction ({@link ExecutionStore#write}).
 *
 * <p>The rows of an input are copied when it is applied ({@link #capture}): orders, positions and the account are
 * mutable in the domain, so a later input (or a half-applied one that fails) cannot change what an earlier input
 * wrote. Rows with one key are merged the way the per-input writes would have left them: an order or a position
 * keeps its latest state (in the order it first appeared, so a position closed and another opened on its symbol in
 * one batch are written in that order), the account its latest state, settlement counts are summed, a symbol's last
 * decision is the latest one. Everything else (fills, trades, equity points, the outbox) is kept in input order.
 * Not thread-safe.
 */
final class PendingWrites {
    /** A control command handled; {@code applied}: it changed the books, so its id must be new (else a duplicate). */
    record CommandRow(EventId eventId, String type, Instant tsEvent, String outcome, boolean applied) {
        static CommandRow of(ControlEvent command, String outcome) {
            return new CommandRow(command.eventId(), command.getClass().getSimpleName(), command.tsEvent(), outcome,
                    "applied".equals(outcome));
        }
    }

    record CandleKey(Symbol symbol, Interval interval, Instant openTime) {}

    record CandleRow(CandleKey key, EventId eventId, String payload) {}

    /** A series of candles whose table rows are trimmed to the window after the batch's inserts. */
    record Series(Symbol symbol, Interval interval) {}

    /** An order as it stood after an input; {@code created}: first written by this batch (inserted, not updated). */
    record OrderRow(String clientOrderId, String positionId, Symbol symbol, Interval interval, String purpose, String side,
                    String type, BigDecimal quantity, BigDecimal stopLoss, BigDecimal takeProfit, EventId causationId,
                    Instant decisionCandleOpenTime, String status, BigDecimal filledQuantity, BigDecimal averagePrice,
                    String reason, Instant createdAt, Instant updatedAt, boolean created) {
        static OrderRow of(Order o, boolean created, Instant now) {
            return new OrderRow(o.clientOrderId().value(), o.positionId(), o.symbol(), o.interval(), o.purpose().name(),
                    o.side().name(), o.type().name(), o.quantity(), o.stopLoss(), o.takeProfit(), o.causationId(),
                    o.decisionCandleOpenTime(), o.status().name(), o.filledQuantity(), o.averagePrice(), o.reason(),
                    o.createdAt(), now, created);
        }
    }

    /** A position as it stood after an input. */
    record PositionRow(String positionId, String entryOrderId, Symbol symbol, Interval interval, String side,
                       BigDecimal quantity, BigDecimal entryPrice, BigDecimal entryFee, BigDecimal stopLoss,
                       BigDecimal takeProfit, Instant openedAt, Instant lastCheckedOpenTime, EventId closeRequestId,
                       Instant closedAt) {
        static PositionRow of(Position p) {
            return new PositionRow(p.positionId(), p.entryOrderId().value(), p.symbol(), p.interval(), p.side().name(),
                    p.quantity(), p.entryPrice(), p.entryFee(), p.stopLoss(), p.takeProfit(), p.openedAt(),
                    p.lastCheckedOpenTime(), p.closeRequestId(), p.closedAt());
        }
    }

    /** The account as it stood after an input. */
    record AccountRow(BigDecimal cash, BigDecimal realizedPnl, long tradesClosed, long wins, LocalDate day,
                      BigDecimal realizedToday) {
        static AccountRow of(Portfolio p) {
            return new AccountRow(p.cash(), p.realizedPnl(), p.tradesClosed(), p.wins(), p.day(), p.realizedToday());
        }
    }

    record CountKey(Symbol symbol, Instant candleOpenTime) {}

    /** Settlement counts to add to a candle's row. */
    static final class Counts {
        final Interval interval;
        long fills;
        long positions;
        long outcomes;

        Counts(Interval interval) {
            this.interval = interval;
        }
    }

    /** An event to publish, encoded when its input was applied. */
    record OutboxRow(EventId eventId, String type, String payload, Event event, Instant createdAt) {
        static OutboxRow of(Event event, Instant now) {
            return new OutboxRow(event.eventId(), event.getClass().getSimpleName(), EventCodec.encode(event), event, now);
        }
    }

    /** Everything one input writes, copied when it was applied; {@link #add}ing it cannot fail. */
    record Entry(CommandRow command, CandleRow candle, List<OrderRow> orders, List<FillExecuted> fills,
                 List<PositionRow> positions, List<ClosedTrade> trades, List<EquityPoint> equity, AccountRow account,
                 List<SettlementBook.CountDelta> counts, Symbol decisionSymbol, EventId lastDecision,
                 List<OutboxRow> outbox) {}

    final List<CommandRow> commands = new ArrayList<>();
    final Map<CandleKey, CandleRow> candles = new LinkedHashMap<>();
    final Set<Series> series = new LinkedHashSet<>();
    final Map<String, OrderRow> orders = new LinkedHashMap<>();
    final List<FillExecuted> fills = new ArrayList<>();
    final Map<String, PositionRow> positions = new LinkedHashMap<>();
    final List<ClosedTrade> trades = new ArrayList<>();
    final List<EquityPoint> equity = new ArrayList<>();
    AccountRow account;
    final Map<CountKey, Counts> counts = new LinkedHashMap<>();
    final Map<Symbol, EventId> decisions = new LinkedHashMap<>();
    final List<OutboxRow> outbox = new ArrayList<>();

    /** A control command that changed nothing ({@code stale}, {@code ignored}, ...): only its id is written. */
    static Entry command(ControlEvent command, String outcome) {
        return new Entry(CommandRow.of(command, outcome), null, List.of(), List.of(), List.of(), List.of(), List.of(),
                null, List.of(), null, null, List.of());
    }

    /**
     * Copies what one applied input writes.
     *
     * @param candle  the candle that was the input, or null
     * @param command the control command that was the input (recorded as applied), or null
     */
    static Entry capture(Effects effects, CandleClosed candle, Portfolio portfolio, SettlementBook.Change settled,
                         ControlEvent command, Instant now) {
        List<OrderRow> orders = new ArrayList<>(effects.orders().size());
        for (Order order : effects.orders()) {
            orders.add(OrderRow.of(order, effects.isNew(order), now));
        }
        List<PositionRow> positions = new ArrayList<>(effects.positions().size());
        for (Position position : effects.positions()) {
            positions.add(PositionRow.of(position));
        }
        List<OutboxRow> outbox = new ArrayList<>(effects.events().size() + settled.settlements().size());
        for (Event event : effects.events()) {
            outbox.add(OutboxRow.of(event, now));
        }
        for (Event settlement : settled.settlements()) {
            outbox.add(OutboxRow.of(settlement, now));
        }
        CandleRow candleRow = candle == null ? null : new CandleRow(
                new CandleKey(candle.symbol(), candle.interval(), candle.openTime()), candle.eventId(), EventCodec.encode(candle));
        return new Entry(command == null ? null : CommandRow.of(command, "applied"), candleRow, orders, effects.fills(),
                positions, List.copyOf(effects.trades()), List.copyOf(effects.equity()), AccountRow.of(portfolio),
                settled.deltas(), settled.decisionSymbol(), settled.lastDecision(), outbox);
    }

    /** Adds an input's rows after those of the inputs before it. */
    void add(Entry e) {
        if (e.command() != null) {
            commands.add(e.command());
        }
        if (e.candle() != null) {
            // the same candle twice in one batch (redelivered after it left the window): one insert, as its
            // per-input insert would have been trimmed away before the second
            candles.putIfAbsent(e.candle().key(), e.candle());
            series.add(new Series(e.candle().key().symbol(), e.candle().key().interval()));
        }
        for (OrderRow order : e.orders()) {
            OrderRow before = orders.get(order.clientOrderId());
            boolean created = order.created() || (before != null && before.created());
            orders.put(order.clientOrderId(), created == order.created() ? order : withCreated(order));
        }
        fills.addAll(e.fills());
        for (PositionRow position : e.positions()) {
            positions.put(position.positionId(), position);
        }
        trades.addAll(e.trades());
        equity.addAll(e.equity());
        if (e.account() != null) {
            account = e.account();
        }
        for (SettlementBook.CountDelta d : e.counts()) {
            Counts c = counts.computeIfAbsent(new CountKey(d.symbol(), d.candleOpenTime()), k -> new Counts(d.interval()));
            c.fills += d.fills();
            c.positions += d.positions();
            c.outcomes += d.outcomes();
        }
        if (e.lastDecision() != null) {
            decisions.put(e.decisionSymbol(), e.lastDecision());
        }
        outbox.addAll(e.outbox());
    }

    private static OrderRow withCreated(OrderRow o) {
        return new OrderRow(o.clientOrderId(), o.positionId(), o.symbol(), o.interval(), o.purpose(), o.side(), o.type(),
                o.quantity(), o.stopLoss(), o.takeProfit(), o.causationId(), o.decisionCandleOpenTime(), o.status(),
                o.filledQuantity(), o.averagePrice(), o.reason(), o.createdAt(), o.updatedAt(), true);
    }
}
