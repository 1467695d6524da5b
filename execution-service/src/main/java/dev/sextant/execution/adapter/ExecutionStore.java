package dev.sextant.execution.adapter;

import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.event.ControlEvent;
import dev.sextant.contracts.event.Event;
import dev.sextant.contracts.event.FillExecuted;
import dev.sextant.contracts.event.Interval;
import dev.sextant.contracts.event.OrderPurpose;
import dev.sextant.contracts.event.OrderType;
import dev.sextant.contracts.event.PositionSide;
import dev.sextant.contracts.event.Side;
import dev.sextant.contracts.id.ClientOrderId;
import dev.sextant.contracts.id.EventId;
import dev.sextant.contracts.id.Symbol;
import dev.sextant.contracts.json.EventCodec;
import dev.sextant.execution.domain.ClosedTrade;
import dev.sextant.execution.domain.Effects;
import dev.sextant.execution.domain.EquityPoint;
import dev.sextant.execution.domain.ExecutionSettings;
import dev.sextant.execution.domain.Order;
import dev.sextant.execution.domain.OrderStatus;
import dev.sextant.execution.domain.Portfolio;
import dev.sextant.execution.domain.Position;
import dev.sextant.execution.domain.SettlementBook;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The books in PostgreSQL (schema {@code sextant.db.schema}). Everything one input produced is
 * written in one transaction together with the events it will publish (outbox), so after a crash
 * the state and the events to publish agree.
 */
@ApplicationScoped
public class ExecutionStore {
    private final DataSource dataSource;

    public ExecutionStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Processed candles the settlement book remembers per symbol (older ones come from the interval's grid). */
    static final int SETTLEMENT_WINDOW = 10_000;

    /** An event stored for publishing. */
    public record OutboxEntry(long seq, Event event) {}

    /** A control command handled before: its id, tsEvent and outcome ({@code applied}, {@code stale}, ...). */
    public record HandledCommand(EventId eventId, Instant tsEvent, String outcome) {}

    // ------------------------------------------------------------------ state

    /** Reads the exchange's state, creating the account row with {@code settings}' capital on first start. */
    public StoredState load(ExecutionSettings settings) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            try (PreparedStatement st = c.prepareStatement("""
                    INSERT INTO account (id, initial_capital, cash, realized_pnl, trades_closed, wins, pnl_day, realized_pnl_day)
                    VALUES (1, ?, ?, 0, 0, 0, NULL, 0) ON CONFLICT (id) DO NOTHING""")) {
                st.setBigDecimal(1, settings.initialCapital());
                st.setBigDecimal(2, settings.initialCapital());
                st.executeUpdate();
            }
            Portfolio portfolio;
            try (PreparedStatement st = c.prepareStatement("SELECT * FROM account WHERE id = 1");
                 ResultSet rs = st.executeQuery()) {
                rs.next();
                Date day = rs.getDate("pnl_day");
                portfolio = Portfolio.restore(rs.getBigDecimal("initial_capital"), rs.getBigDecimal("cash"),
                        rs.getBigDecimal("realized_pnl"), rs.getLong("trades_closed"), rs.getLong("wins"),
                        day == null ? null : day.toLocalDate(), rs.getBigDecimal("realized_pnl_day"));
            }
            List<Order> working = new ArrayList<>();
            try (PreparedStatement st = c.prepareStatement(
                    "SELECT * FROM orders WHERE purpose = 'ENTRY' AND status IN ('ACCEPTED', 'PARTIALLY_FILLED') ORDER BY created_at");
                 ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    working.add(order(rs));
                }
            }
            List<Position> open = new ArrayList<>();
            try (PreparedStatement st = c.prepareStatement("SELECT * FROM positions WHERE closed_at IS NULL");
                 ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    open.add(position(rs));
                }
            }
            List<CandleClosed> candles = new ArrayList<>();
            try (PreparedStatement st = c.prepareStatement("SELECT payload FROM recent_candles ORDER BY open_time");
                 ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    candles.add(EventCodec.decode(rs.getString(1), CandleClosed.class));
                }
            }
            List<ClientOrderId> ids = new ArrayList<>();
            try (PreparedStatement st = c.prepareStatement("SELECT client_order_id FROM orders");
                 ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    ids.add(ClientOrderId.of(rs.getString(1)));
                }
            }
            SettlementBook settlements = new SettlementBook(SETTLEMENT_WINDOW);
            try (PreparedStatement st = c.prepareStatement("SELECT * FROM settlement_counts ORDER BY candle_open_time");
                 ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    settlements.restoreCounts(Symbol.of(rs.getString("symbol")), Interval.fromCode(rs.getString("candle_interval")),
                            instant(rs, "candle_open_time"), rs.getLong("fills"), rs.getLong("positions"),
                            rs.getLong("order_outcomes"));
                }
            }
            try (PreparedStatement st = c.prepareStatement("SELECT symbol, decision_id FROM settlement_decisions");
                 ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    settlements.restoreDecision(Symbol.of(rs.getString(1)), EventId.of(rs.getString(2)));
                }
            }
            for (CandleClosed candle : candles) {
                settlements.restoreProcessed(candle.symbol(), candle.interval(), candle.openTime());
            }
            return new StoredState(portfolio, working, open, candles, ids, settlements);
        } catch (SQLException e) {
            throw new StoreException("cannot read the execution state: " + e.getMessage(), e);
        }
    }

    /**
     * Writes what one input did, and the events to publish, in one transaction.
     *
     * @param candle the candle that was the input, or null
     * @throws DuplicateInputException when the candle or a new order is already stored (nothing is written)
     */
    public void persist(Effects effects, CandleClosed candle, Portfolio portfolio, int candleWindow, Instant now) {
        persist(effects, candle, portfolio, candleWindow, SettlementBook.Change.NONE, now);
    }

    /**
     * As {@link #persist(Effects, CandleClosed, Portfolio, int, Instant)}, with what the input changed in the
     * settlement book: its counts and last decision, and the settlements to publish after the input's events.
     */
    public void persist(Effects effects, CandleClosed candle, Portfolio portfolio, int candleWindow,
                        SettlementBook.Change settled, Instant now) {
        persist(effects, candle, portfolio, candleWindow, settled, null, now);
    }

    /**
     * As {@link #persist(Effects, CandleClosed, Portfolio, int, SettlementBook.Change, Instant)}, recording
     * {@code command} (the control command that was the input, or null) as applied in the same transaction.
     *
     * @throws DuplicateInputException also when the command was handled before (nothing is written)
     */
    public void persist(Effects effects, CandleClosed candle, Portfolio portfolio, int candleWindow,
                        SettlementBook.Change settled, ControlEvent command, Instant now) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                if (command != null && !insertCommand(c, command, "applied")) {
                    throw new DuplicateInputException("command " + command.eventId() + " was handled before");
                }
                if (candle != null) {
                    insertCandle(c, candle, candleWindow);
                }
                for (Order order : effects.orders()) {
                    if (effects.isNew(order)) {
                        insertOrder(c, order, now);
                    } else {
                        updateOrder(c, order, now);
                    }
                }
                for (FillExecuted fill : effects.fills()) {
                    insertFill(c, fill);
                }
                for (Position position : effects.positions()) {
                    upsertPosition(c, position);
                }
                for (ClosedTrade trade : effects.trades()) {
                    insertTrade(c, trade);
                }
                for (EquityPoint point : effects.equity()) {
                    insertEquity(c, point);
                }
                updateAccount(c, portfolio);
                for (Event event : effects.events()) {
                    insertOutbox(c, event, now);
                }
                for (SettlementBook.CountDelta delta : settled.deltas()) {
                    addCounts(c, delta);
                }
                if (settled.lastDecision() != null) {
                    saveLastDecision(c, settled.decisionSymbol(), settled.lastDecision());
                }
                for (Event settlement : settled.settlements()) {
                    insertOutbox(c, settlement, now);
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("cannot write the execution books: " + e.getMessage(), e);
        }
    }

    /** Records a control command that changed nothing, with its outcome; false when its id was handled before. */
    public boolean recordCommand(ControlEvent command, String outcome) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            return insertCommand(c, command, outcome);
        } catch (SQLException e) {
            throw new StoreException("cannot record control command " + command.eventId() + ": " + e.getMessage(), e);
        }
    }

    /** Every control command handled so far. */
    public List<HandledCommand> handledCommands() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement st = c.prepareStatement("SELECT event_id, ts_event, outcome FROM applied_commands");
             ResultSet rs = st.executeQuery()) {
            List<HandledCommand> commands = new ArrayList<>();
            while (rs.next()) {
                commands.add(new HandledCommand(EventId.of(rs.getString(1)), instant(rs, "ts_event"), rs.getString(3)));
            }
            return commands;
        } catch (SQLException e) {
            throw new StoreException("cannot read the handled control commands: " + e.getMessage(), e);
        }
    }

    private static boolean insertCommand(Connection c, ControlEvent command, String outcome) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("""
                INSERT INTO applied_commands (event_id, command_type, ts_event, outcome) VALUES (?, ?, ?, ?)
                ON CONFLICT (event_id) DO NOTHING""")) {
            st.setString(1, command.eventId().value());
            st.setString(2, command.getClass().getSimpleName());
            st.setTimestamp(3, ts(command.tsEvent()));
            st.setString(4, outcome);
            return st.executeUpdate() == 1;
        }
    }

    private static void insertCandle(Connection c, CandleClosed candle, int window) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("""
                INSERT INTO recent_candles (symbol, candle_interval, open_time, event_id, payload)
                VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")) {
            st.setString(1, candle.symbol().value());
            st.setString(2, candle.interval().code());
            st.setTimestamp(3, ts(candle.openTime()));
            st.setString(4, candle.eventId().value());
            st.setString(5, EventCodec.encode(candle));
            if (st.executeUpdate() == 0) {
                throw new DuplicateInputException("candle " + candle.eventId() + " is already stored");
            }
        }
        try (PreparedStatement st = c.prepareStatement("""
                DELETE FROM recent_candles WHERE symbol = ? AND candle_interval = ? AND open_time < (
                    SELECT open_time FROM recent_candles WHERE symbol = ? AND candle_interval = ?
                    ORDER BY open_time DESC OFFSET ? LIMIT 1)""")) {
            st.setString(1, candle.symbol().value());
            st.setString(2, candle.interval().code());
            st.setString(3, candle.symbol().value());
            st.setString(4, candle.interval().code());
            st.setInt(5, window - 1);
            st.executeUpdate();
        }
    }

    private static void insertOrder(Connection c, Order o, Instant now) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("""
                INSERT INTO orders (client_order_id, position_id, symbol, candle_interval, purpose, side, order_type,
                    quantity, stop_loss, take_profit, causation_id, decision_candle_open_time, status, filled_quantity,
                    average_price, reason, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (client_order_id) DO NOTHING""")) {
            st.setString(1, o.clientOrderId().value());
            st.setString(2, o.positionId());
            st.setString(3, o.symbol().value());
            st.setString(4, o.interval().code());
            st.setString(5, o.purpose().name());
            st.setString(6, o.side().name());
            st.setString(7, o.type().name());
            st.setBigDecimal(8, o.quantity());
            st.setBigDecimal(9, o.stopLoss());
            st.setBigDecimal(10, o.takeProfit());
            st.setString(11, o.causationId().value());
            st.setTimestamp(12, ts(o.decisionCandleOpenTime()));
            st.setString(13, o.status().name());
            st.setBigDecimal(14, o.filledQuantity());
            st.setBigDecimal(15, o.averagePrice());
            st.setString(16, o.reason());
            st.setTimestamp(17, ts(o.createdAt()));
            st.setTimestamp(18, ts(now));
            if (st.executeUpdate() == 0) {
                throw new DuplicateInputException("order " + o.clientOrderId() + " already exists");
            }
        }
    }

    private static void updateOrder(Connection c, Order o, Instant now) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("""
                UPDATE orders SET status = ?, filled_quantity = ?, average_price = ?, reason = ?, updated_at = ?
                WHERE client_order_id = ?""")) {
            st.setString(1, o.status().name());
            st.setBigDecimal(2, o.filledQuantity());
            st.setBigDecimal(3, o.averagePrice());
            st.setString(4, o.reason());
            st.setTimestamp(5, ts(now));
            st.setString(6, o.clientOrderId().value());
            if (st.executeUpdate() != 1) {
                throw new SQLException("order " + o.clientOrderId() + " to update is not stored");
            }
        }
    }

    private static void insertFill(Connection c, FillExecuted f) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("""
                INSERT INTO fills (event_id, client_order_id, position_id, symbol, purpose, side, price, quantity, fee,
                    fee_asset, realized_pnl, ts_event)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING""")) {
            st.setString(1, f.eventId().value());
            st.setString(2, f.clientOrderId().value());
            st.setString(3, f.positionId());
            st.setString(4, f.symbol().value());
            st.setString(5, f.purpose().name());
            st.setString(6, f.side().name());
            st.setBigDecimal(7, f.price());
            st.setBigDecimal(8, f.quantity());
            st.setBigDecimal(9, f.fee());
            st.setString(10, f.feeAsset());
            st.setBigDecimal(11, f.realizedPnl());
            st.setTimestamp(12, ts(f.tsEvent()));
            st.executeUpdate();
        }
    }

    private static void upsertPosition(Connection c, Position p) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("""
                INSERT INTO positions (position_id, entry_order_id, symbol, candle_interval, side, quantity, entry_price,
                    entry_fee, stop_loss, take_profit, opened_at, last_checked_open_time, close_request_id, closed_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (position_id) DO UPDATE SET last_checked_open_time = EXCLUDED.last_checked_open_time,
                    close_request_id = EXCLUDED.close_request_id, closed_at = EXCLUDED.closed_at""")) {
            st.setString(1, p.positionId());
            st.setString(2, p.entryOrderId().value());
            st.setString(3, p.symbol().value());
            st.setString(4, p.interval().code());
            st.setString(5, p.side().name());
            st.setBigDecimal(6, p.quantity());
            st.setBigDecimal(7, p.entryPrice());
            st.setBigDecimal(8, p.entryFee());
            st.setBigDecimal(9, p.stopLoss());
            st.setBigDecimal(10, p.takeProfit());
            st.setTimestamp(11, ts(p.openedAt()));
            st.setTimestamp(12, ts(p.lastCheckedOpenTime()));
            st.setString(13, p.closeRequestId() == null ? null : p.closeRequestId().value());
            st.setTimestamp(14, ts(p.closedAt()));
            st.executeUpdate();
        }
    }

    private static void insertTrade(Connection c, ClosedTrade t) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("""
                INSERT INTO closed_trades (position_id, symbol, side, quantity, entry_time, entry_price, exit_time,
                    exit_price, entry_fee, exit_fee, gross_pnl, net_pnl, exit_reason)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (position_id) DO NOTHING""")) {
            st.setString(1, t.positionId());
            st.setString(2, t.symbol().value());
            st.setString(3, t.side().name());
            st.setBigDecimal(4, t.quantity());
            st.setTimestamp(5, ts(t.entryTime()));
            st.setBigDecimal(6, t.entryPrice());
            st.setTimestamp(7, ts(t.exitTime()));
            st.setBigDecimal(8, t.exitPrice());
            st.setBigDecimal(9, t.entryFee());
            st.setBigDecimal(10, t.exitFee());
            st.setBigDecimal(11, t.grossPnl());
            st.setBigDecimal(12, t.netPnl());
            st.setString(13, t.exitReason().name());
            st.executeUpdate();
        }
    }

    private static void insertEquity(Connection c, EquityPoint e) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("""
                INSERT INTO equity_points (ts, kind, ref, cash, equity) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")) {
            st.setTimestamp(1, ts(e.time()));
            st.setString(2, e.kind().name());
            st.setString(3, e.ref());
            st.setBigDecimal(4, e.cash());
            st.setBigDecimal(5, e.equity());
            st.executeUpdate();
        }
    }

    private static void updateAccount(Connection c, Portfolio p) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("""
                UPDATE account SET cash = ?, realized_pnl = ?, trades_closed = ?, wins = ?, pnl_day = ?, realized_pnl_day = ?
                WHERE id = 1""")) {
            st.setBigDecimal(1, p.cash());
            st.setBigDecimal(2, p.realizedPnl());
            st.setLong(3, p.tradesClosed());
            st.setLong(4, p.wins());
            st.setDate(5, p.day() == null ? null : Date.valueOf(p.day()));
            st.setBigDecimal(6, p.realizedToday());
            st.executeUpdate();
        }
    }

    private static void addCounts(Connection c, SettlementBook.CountDelta d) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("""
                INSERT INTO settlement_counts (symbol, candle_interval, candle_open_time, fills, positions, order_outcomes)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (symbol, candle_open_time) DO UPDATE SET fills = settlement_counts.fills + EXCLUDED.fills,
                    positions = settlement_counts.positions + EXCLUDED.positions,
                    order_outcomes = settlement_counts.order_outcomes + EXCLUDED.order_outcomes""")) {
            st.setString(1, d.symbol().value());
            st.setString(2, d.interval().code());
            st.setTimestamp(3, ts(d.candleOpenTime()));
            st.setLong(4, d.fills());
            st.setLong(5, d.positions());
            st.setLong(6, d.outcomes());
            st.executeUpdate();
        }
    }

    private static void saveLastDecision(Connection c, Symbol symbol, EventId decision) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("""
                INSERT INTO settlement_decisions (symbol, decision_id) VALUES (?, ?)
                ON CONFLICT (symbol) DO UPDATE SET decision_id = EXCLUDED.decision_id""")) {
            st.setString(1, symbol.value());
            st.setString(2, decision.value());
            st.executeUpdate();
        }
    }

    private static void insertOutbox(Connection c, Event event, Instant now) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("""
                INSERT INTO outbox (event_id, event_type, payload, created_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (event_id) DO NOTHING""")) {
            st.setString(1, event.eventId().value());
            st.setString(2, event.getClass().getSimpleName());
            st.setString(3, EventCodec.encode(event));
            st.setTimestamp(4, ts(now));
            st.executeUpdate();
        }
    }

    // ------------------------------------------------------------------ outbox

    /** Events stored but not yet acknowledged by Kafka, oldest first. */
    public List<OutboxEntry> unpublished() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement st = c.prepareStatement(
                     "SELECT seq, payload FROM outbox WHERE published_at IS NULL ORDER BY seq LIMIT 1000");
             ResultSet rs = st.executeQuery()) {
            List<OutboxEntry> entries = new ArrayList<>();
            while (rs.next()) {
                entries.add(new OutboxEntry(rs.getLong(1), EventCodec.decode(rs.getString(2), Event.class)));
            }
            return entries;
        } catch (SQLException e) {
            throw new StoreException("cannot read the outbox: " + e.getMessage(), e);
        }
    }

    /** Marks outbox entries up to and including {@code lastSeq} as published. */
    public void markPublished(long lastSeq, Instant now) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement st = c.prepareStatement(
                     "UPDATE outbox SET published_at = ? WHERE published_at IS NULL AND seq <= ?")) {
            st.setTimestamp(1, ts(now));
            st.setLong(2, lastSeq);
            st.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot update the outbox: " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------ queries

    /** Number of orders in each status. */
    public Map<OrderStatus, Long> orderCountsByStatus() {
        Map<OrderStatus, Long> counts = new EnumMap<>(OrderStatus.class);
        try (Connection c = dataSource.getConnection();
             PreparedStatement st = c.prepareStatement("SELECT status, count(*) FROM orders GROUP BY status");
             ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                counts.put(OrderStatus.valueOf(rs.getString(1)), rs.getLong(2));
            }
            return counts;
        } catch (SQLException e) {
            throw new StoreException("cannot count orders: " + e.getMessage(), e);
        }
    }

    /** Closed trades, newest exit first. */
    public List<TradeView> trades(int page, int size) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement st = c.prepareStatement(
                     "SELECT * FROM closed_trades ORDER BY exit_time DESC, position_id LIMIT ? OFFSET ?")) {
            st.setInt(1, size);
            st.setLong(2, (long) page * size);
            List<TradeView> trades = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    trades.add(new TradeView(rs.getString("position_id"), rs.getString("symbol"), rs.getString("side"),
                            rs.getBigDecimal("quantity"), instant(rs, "entry_time"), rs.getBigDecimal("entry_price"),
                            instant(rs, "exit_time"), rs.getBigDecimal("exit_price"), rs.getBigDecimal("entry_fee"),
                            rs.getBigDecimal("exit_fee"), rs.getBigDecimal("gross_pnl"), rs.getBigDecimal("net_pnl"),
                            rs.getString("exit_reason")));
                }
            }
            return trades;
        } catch (SQLException e) {
            throw new StoreException("cannot read trades: " + e.getMessage(), e);
        }
    }

    /** Number of closed trades. */
    public long tradeCount() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement st = c.prepareStatement("SELECT count(*) FROM closed_trades");
             ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new StoreException("cannot count trades: " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------ mapping

    private static Order order(ResultSet rs) throws SQLException {
        return Order.restore(ClientOrderId.of(rs.getString("client_order_id")), rs.getString("position_id"),
                Symbol.of(rs.getString("symbol")), Interval.fromCode(rs.getString("candle_interval")),
                OrderPurpose.valueOf(rs.getString("purpose")), Side.valueOf(rs.getString("side")),
                OrderType.valueOf(rs.getString("order_type")), rs.getBigDecimal("quantity"), rs.getBigDecimal("stop_loss"),
                rs.getBigDecimal("take_profit"), EventId.of(rs.getString("causation_id")),
                instant(rs, "decision_candle_open_time"), instant(rs, "created_at"),
                OrderStatus.valueOf(rs.getString("status")), rs.getBigDecimal("filled_quantity"),
                rs.getBigDecimal("average_price"), rs.getString("reason"));
    }

    private static Position position(ResultSet rs) throws SQLException {
        String closeRequest = rs.getString("close_request_id");
        return new Position(rs.getString("position_id"), ClientOrderId.of(rs.getString("entry_order_id")),
                Symbol.of(rs.getString("symbol")), Interval.fromCode(rs.getString("candle_interval")),
                PositionSide.valueOf(rs.getString("side")), rs.getBigDecimal("quantity"), rs.getBigDecimal("entry_price"),
                rs.getBigDecimal("entry_fee"), rs.getBigDecimal("stop_loss"), rs.getBigDecimal("take_profit"),
                instant(rs, "opened_at"), instant(rs, "last_checked_open_time"),
                closeRequest == null ? null : EventId.of(closeRequest), instant(rs, "closed_at"));
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }
}
