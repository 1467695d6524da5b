package dev.sextant.execution.adapter;

import dev.sextant.contracts.event.CandleClosed;
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
import dev.sextant.execution.domain.EquityPoint;
import dev.sextant.execution.domain.ExecutionSettings;
import dev.sextant.execution.domain.Order;
import dev.sextant.execution.domain.OrderStatus;
import dev.sextant.execution.domain.Portfolio;
import dev.sextant.execution.domain.Position;
import dev.sextant.execution.domain.SettlementBook;
import dev.sextant.kit.lease.InstanceLease;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
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
 * The books in PostgreSQL (schema {@code sextant.db.schema}). Everything the inputs of a consumed batch produced
 * is written in one transaction together with the events they will publish (outbox), so after a crash the state
 * and the events to publish agree ({@link #write}).
 */
@ApplicationScoped
public class ExecutionStore {
    private final DataSource dataSource;

    /** Active/standby (service-kit's lease): every write of the books is fenced by it; null where a test builds the store. */
    @Inject
    InstanceLease lease;

    public ExecutionStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Processed candles the settlement book remembers per symbol (older ones come from the interval's grid). */

    /** An event stored for publishing, as stored (its JSON). */
    public record OutboxEntry(long seq, String eventId, String payload) {}

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
            long writeSeq;
            try (PreparedStatement st = c.prepareStatement("SELECT * FROM account WHERE id = 1");
                 ResultSet rs = st.executeQuery()) {
                rs.next();
                writeSeq = rs.getLong("write_seq");
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
            SettlementBook settlements = new SettlementBook();
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
            return new StoredState(portfolio, working, open, candles, ids, settlements, writeSeq);
        } catch (SQLException e) {
            throw new StoreException("cannot read the execution state: " + e.getMessage(), e);
        }
    }

    /** What {@link #write} did. */
    public enum Written {
        /** The batch is stored by this call. */
        NOW,
        /** The batch was stored by an earlier call whose answer was lost (its commit went through): nothing is written. */
        BEFORE
    }

    /**
     * Writes what the inputs applied since the last write did, and the events to publish, in one transaction: one
     * JDBC batch per table (a round trip each), then one commit. The account row's {@code write_seq} moves from
     * {@code writeSeq} to {@code writeSeq + 1} in the same transaction (compare-and-set, the transaction's first
     * statement): a call repeated after a commit whose answer was lost finds it at {@code writeSeq + 1} and writes
     * nothing ({@link Written#BEFORE}), so the settlement counts, which are added, are never added twice; every other
     * row is keyed and stores nothing twice anyway.
     *
     * @param writeSeq     the batches written so far, as the caller knows it (read by {@link #load})
     * @param candleWindow the candles kept per symbol and interval (older rows of the batch's series are deleted)
     * @throws DuplicateInputException when a new order or an applied command of the batch is already stored, or the
     *                                 write sequence is neither {@code writeSeq} nor {@code writeSeq + 1} (the database
     *                                 holds what memory does not: nothing is written)
     */
    public Written write(PendingWrites w, long writeSeq, int candleWindow) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                if (lease != null) {
                    lease.fence(c);
                }
                if (!advanceWriteSeq(c, w.account, writeSeq)) {
                    long stored = writeSeq(c);
                    c.rollback();
                    if (stored == writeSeq + 1) {
                        return Written.BEFORE;
                    }
                    throw new DuplicateInputException("the books are at write " + stored + ", this service at "
                            + writeSeq + ": they were written by another writer");
                }
                List<String> duplicates = new ArrayList<>();
                insertCommands(c, w.commands, duplicates);
                insertOrders(c, w.orders.values(), duplicates);
                if (!duplicates.isEmpty()) {
                    throw new DuplicateInputException(duplicates.size() + " input(s) of the batch already stored: "
                            + String.join(", ", duplicates.subList(0, Math.min(5, duplicates.size())))
                            + (duplicates.size() > 5 ? ", ..." : ""));
                }
                insertCandles(c, w.candles.values());
                updateOrders(c, w.orders.values());
                insertFills(c, w.fills);
                upsertPositions(c, w.positions.values());
                insertTrades(c, w.trades);
                insertEquity(c, w.equity);
                addCounts(c, w.counts);
                saveLastDecisions(c, w.decisions);
                insertOutbox(c, w.outbox);
                trimCandles(c, w.series, candleWindow);
                c.commit();
                return Written.NOW;
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                }
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("cannot write the execution books: " + e.getMessage(), e);
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

    private static void insertCommands(Connection c, List<PendingWrites.CommandRow> rows, List<String> duplicates)
            throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement st = c.prepareStatement("""
                INSERT INTO applied_commands (event_id, command_type, ts_event, outcome) VALUES (?, ?, ?, ?)
                ON CONFLICT (event_id) DO NOTHING""")) {
            for (PendingWrites.CommandRow row : rows) {
                st.setString(1, row.eventId().value());
                st.setString(2, row.type());
                st.setTimestamp(3, ts(row.tsEvent()));
                st.setString(4, row.outcome());
                st.addBatch();
            }
            int[] counts = st.executeBatch();
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] == 0 && rows.get(i).applied()) {
                    duplicates.add("command " + rows.get(i).eventId());
                }
            }
        }
    }

    /**
     * A candle already in the table is not a duplicate here: the table is trimmed at the end of the batch, so a candle
     * redelivered after it left the window (memory applies it again, as it did per input) may still be there.
     */
    private static void insertCandles(Connection c, java.util.Collection<PendingWrites.CandleRow> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement st = c.prepareStatement("""
                INSERT INTO recent_candles (symbol, candle_interval, open_time, event_id, payload)
                VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")) {
            for (PendingWrites.CandleRow row : rows) {
                st.setString(1, row.key().symbol().value());
                st.setString(2, row.key().interval().code());
                st.setTimestamp(3, ts(row.key().openTime()));
                st.setString(4, row.eventId().value());
                st.setString(5, row.payload());
                st.addBatch();
            }
            st.executeBatch();
        }
    }

    private static void trimCandles(Connection c, java.util.Set<PendingWrites.Series> series, int window) throws SQLException {
        if (series.isEmpty()) {
            return;
        }
        try (PreparedStatement st = c.prepareStatement("""
                DELETE FROM recent_candles WHERE symbol = ? AND candle_interval = ? AND open_time < (
                    SELECT open_time FROM recent_candles WHERE symbol = ? AND candle_interval = ?
                    ORDER BY open_time DESC OFFSET ? LIMIT 1)""")) {
            for (PendingWrites.Series s : series) {
                st.setString(1, s.symbol().value());
                st.setString(2, s.interval().code());
                st.setString(3, s.symbol().value());
                st.setString(4, s.interval().code());
                st.setInt(5, window - 1);
                st.addBatch();
            }
            st.executeBatch();
        }
    }

    private static void insertOrders(Connection c, java.util.Collection<PendingWrites.OrderRow> rows, List<String> duplicates)
            throws SQLException {
        List<PendingWrites.OrderRow> created = rows.stream().filter(PendingWrites.OrderRow::created).toList();
        if (created.isEmpty()) {
            return;
        }
        try (PreparedStatement st = c.prepareStatement("""
                INSERT INTO orders (client_order_id, position_id, symbol, candle_interval, purpose, side, order_type,
                    quantity, stop_loss, take_profit, causation_id, decision_candle_open_time, status, filled_quantity,
                    average_price, reason, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (client_order_id) DO NOTHING""")) {
            for (PendingWrites.OrderRow o : created) {
                st.setString(1, o.clientOrderId());
                st.setString(2, o.positionId());
                st.setString(3, o.symbol().value());
                st.setString(4, o.interval().code());
                st.setString(5, o.purpose());
                st.setString(6, o.side());
                st.setString(7, o.type());
                st.setBigDecimal(8, o.quantity());
                st.setBigDecimal(9, o.stopLoss());
                st.setBigDecimal(10, o.takeProfit());
                st.setString(11, o.causationId().value());
                st.setTimestamp(12, ts(o.decisionCandleOpenTime()));
                st.setString(13, o.status());
                st.setBigDecimal(14, o.filledQuantity());
                st.setBigDecimal(15, o.averagePrice());
                st.setString(16, o.reason());
                st.setTimestamp(17, ts(o.createdAt()));
                st.setTimestamp(18, ts(o.updatedAt()));
                st.addBatch();
            }
            int[] counts = st.executeBatch();
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] == 0) {
                    duplicates.add("order " + created.get(i).clientOrderId());
                }
            }
        }
    }

    private static void updateOrders(Connection c, java.util.Collection<PendingWrites.OrderRow> rows) throws SQLException {
        List<PendingWrites.OrderRow> moved = rows.stream().filter(o -> !o.created()).toList();
        if (moved.isEmpty()) {
            return;
        }
        try (PreparedStatement st = c.prepareStatement("""
                UPDATE orders SET status = ?, filled_quantity = ?, average_price = ?, reason = ?, updated_at = ?
                WHERE client_order_id = ?""")) {
            for (PendingWrites.OrderRow o : moved) {
                st.setString(1, o.status());
                st.setBigDecimal(2, o.filledQuantity());
                st.setBigDecimal(3, o.averagePrice());
                st.setString(4, o.reason());
                st.setTimestamp(5, ts(o.updatedAt()));
                st.setString(6, o.clientOrderId());
                st.addBatch();
            }
            int[] counts = st.executeBatch();
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] != 1) {
                    throw new SQLException("order " + moved.get(i).clientOrderId() + " to update is not stored");
                }
            }
        }
    }

    private static void insertFills(Connection c, List<FillExecuted> fills) throws SQLException {
        if (fills.isEmpty()) {
            return;
        }
        try (PreparedStatement st = c.prepareStatement("""
                INSERT INTO fills (event_id, client_order_id, position_id, symbol, purpose, side, price, quantity, fee,
                    fee_asset, realized_pnl, ts_event)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING""")) {
            for (FillExecuted f : fills) {
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
                st.addBatch();
            }
            st.executeBatch();
        }
    }

    private static void upsertPositions(Connection c, java.util.Collection<PendingWrites.PositionRow> rows)
            throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement st = c.prepareStatement("""
                INSERT INTO positions (position_id, entry_order_id, symbol, candle_interval, side, quantity, entry_price,
                    entry_fee, stop_loss, take_profit, opened_at, last_checked_open_time, close_request_id, closed_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (position_id) DO UPDATE SET last_checked_open_time = EXCLUDED.last_checked_open_time,
                    close_request_id = EXCLUDED.close_request_id, closed_at = EXCLUDED.closed_at""")) {
            for (PendingWrites.PositionRow p : rows) {
                st.setString(1, p.positionId());
                st.setString(2, p.entryOrderId());
                st.setString(3, p.symbol().value());
                st.setString(4, p.interval().code());
                st.setString(5, p.side());
                st.setBigDecimal(6, p.quantity());
                st.setBigDecimal(7, p.entryPrice());
                st.setBigDecimal(8, p.entryFee());
                st.setBigDecimal(9, p.stopLoss());
                st.setBigDecimal(10, p.takeProfit());
                st.setTimestamp(11, ts(p.openedAt()));
                st.setTimestamp(12, ts(p.lastCheckedOpenTime()));
                st.setString(13, p.closeRequestId() == null ? null : p.closeRequestId().value());
                st.setTimestamp(14, ts(p.closedAt()));
                st.addBatch();
            }
            st.executeBatch();
        }
    }

    private static void insertTrades(Connection c, List<ClosedTrade> trades) throws SQLException {
        if (trades.isEmpty()) {
            return;
        }
        try (PreparedStatement st = c.prepareStatement("""
                INSERT INTO closed_trades (position_id, symbol, side, quantity, entry_time, entry_price, exit_time,
                    exit_price, entry_fee, exit_fee, gross_pnl, net_pnl, exit_reason)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (position_id) DO NOTHING""")) {
            for (ClosedTrade t : trades) {
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
                st.addBatch();
            }
            st.executeBatch();
        }
    }

    private static void insertEquity(Connection c, List<EquityPoint> points) throws SQLException {
        if (points.isEmpty()) {
            return;
        }
        try (PreparedStatement st = c.prepareStatement("""
                INSERT INTO equity_points (ts, kind, ref, cash, equity) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")) {
            for (EquityPoint e : points) {
                st.setTimestamp(1, ts(e.time()));
                st.setString(2, e.kind().name());
                st.setString(3, e.ref());
                st.setBigDecimal(4, e.cash());
                st.setBigDecimal(5, e.equity());
                st.addBatch();
            }
            st.executeBatch();
        }
    }

    /** Moves the write sequence on (and writes the account, when the batch changed it); false when it is not at {@code seq}. */
    private static boolean advanceWriteSeq(Connection c, PendingWrites.AccountRow a, long seq) throws SQLException {
        if (a == null) {
            try (PreparedStatement st = c.prepareStatement(
                    "UPDATE account SET write_seq = write_seq + 1 WHERE id = 1 AND write_seq = ?")) {
                st.setLong(1, seq);
                return st.executeUpdate() == 1;
            }
        }
        try (PreparedStatement st = c.prepareStatement("""
                UPDATE account SET cash = ?, realized_pnl = ?, trades_closed = ?, wins = ?, pnl_day = ?, realized_pnl_day = ?,
                    write_seq = write_seq + 1
                WHERE id = 1 AND write_seq = ?""")) {
            st.setBigDecimal(1, a.cash());
            st.setBigDecimal(2, a.realizedPnl());
            st.setLong(3, a.tradesClosed());
            st.setLong(4, a.wins());
            st.setDate(5, a.day() == null ? null : Date.valueOf(a.day()));
            st.setBigDecimal(6, a.realizedToday());
            st.setLong(7, seq);
            return st.executeUpdate() == 1;
        }
    }

    private static long writeSeq(Connection c) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT write_seq FROM account WHERE id = 1");
             ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void addCounts(Connection c, Map<PendingWrites.CountKey, PendingWrites.Counts> counts)
            throws SQLException {
        if (counts.isEmpty()) {
            return;
        }
        try (PreparedStatement st = c.prepareStatement("""
                INSERT INTO settlement_counts (symbol, candle_interval, candle_open_time, fills, positions, order_outcomes)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (symbol, candle_open_time) DO UPDATE SET fills = settlement_counts.fills + EXCLUDED.fills,
                    positions = settlement_counts.positions + EXCLUDED.positions,
                    order_outcomes = settlement_counts.order_outcomes + EXCLUDED.order_outcomes""")) {
            for (Map.Entry<PendingWrites.CountKey, PendingWrites.Counts> e : counts.entrySet()) {
                st.setString(1, e.getKey().symbol().value());
                st.setString(2, e.getValue().interval.code());
                st.setTimestamp(3, ts(e.getKey().candleOpenTime()));
                st.setLong(4, e.getValue().fills);
                st.setLong(5, e.getValue().positions);
                st.setLong(6, e.getValue().outcomes);
                st.addBatch();
            }
            st.executeBatch();
        }
    }

    private static void saveLastDecisions(Connection c, Map<Symbol, EventId> decisions) throws SQLException {
        if (decisions.isEmpty()) {
            return;
        }
        try (PreparedStatement st = c.prepareStatement("""
                INSERT INTO settlement_decisions (symbol, decision_id) VALUES (?, ?)
                ON CONFLICT (symbol) DO UPDATE SET decision_id = EXCLUDED.decision_id""")) {
            for (Map.Entry<Symbol, EventId> e : decisions.entrySet()) {
                st.setString(1, e.getKey().value());
                st.setString(2, e.getValue().value());
                st.addBatch();
            }
            st.executeBatch();
        }
    }

    /** In input order, so the outbox's sequence is the order the events happened in. */
    private static void insertOutbox(Connection c, List<PendingWrites.OutboxRow> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement st = c.prepareStatement("""
                INSERT INTO outbox (event_id, event_type, payload, created_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (event_id) DO NOTHING""")) {
            for (PendingWrites.OutboxRow row : rows) {
                st.setString(1, row.eventId().value());
                st.setString(2, row.type());
                st.setString(3, row.payload());
                st.setTimestamp(4, ts(row.createdAt()));
                st.addBatch();
            }
            st.executeBatch();
        }
    }

    // ------------------------------------------------------------------ outbox

    /** At most this many outbox rows are read (and published) at once. */
    static final int OUTBOX_PAGE = 1000;

    /** Events stored but not yet acknowledged by Kafka, oldest first, at most {@link #OUTBOX_PAGE}, as stored. */
    public List<OutboxEntry> unpublished() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement st = c.prepareStatement(
                     "SELECT seq, event_id, payload FROM outbox WHERE published_at IS NULL ORDER BY seq LIMIT " + OUTBOX_PAGE);
             ResultSet rs = st.executeQuery()) {
            List<OutboxEntry> entries = new ArrayList<>();
            while (rs.next()) {
                entries.add(new OutboxEntry(rs.getLong(1), rs.getString(2), rs.getString(3)));
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
