package dev.sextant.risk.adapter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sextant.contracts.event.ControlEvent;
import dev.sextant.contracts.event.Interval;
import dev.sextant.contracts.event.OrderIntent;
import dev.sextant.contracts.event.PredictionMade;
import dev.sextant.contracts.event.RiskDecisionMade;
import dev.sextant.contracts.id.EventId;
import dev.sextant.contracts.id.Symbol;
import dev.sextant.contracts.json.EventCodec;
import dev.sextant.contracts.json.Json;
import dev.sextant.risk.domain.CandleKey;
import dev.sextant.contracts.event.Event;
import dev.sextant.risk.domain.EngineSnapshot;
import dev.sextant.risk.domain.KernelSequencer;
import dev.sextant.risk.domain.MarketMark;
import dev.sextant.kit.lease.InstanceLease;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * risk-service's tables (see {@code db/migration}). Writes that belong together run in one
 * {@link #inTransaction} so decisions, the state they changed and the consumed inputs land together (in kernel
 * sequencing a whole consumer batch: rows are written in JDBC batches or one statement over an array).
 */
@ApplicationScoped
public class RiskStore {
    private static final ObjectMapper JSON = Json.mapper();

    /** A decision as stored, with whether it reached Kafka. */
    public record StoredDecision(RiskDecisionMade decision, boolean published) {}

    /** Work inside one transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Tx tx) throws SQLException;
    }

    private final DataSource dataSource;
    /** Active/standby (service-kit's lease): every transaction is fenced by it; null where a test builds the store. */
    @Inject
    InstanceLease lease;

    public RiskStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    public <T> T inTransaction(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                if (lease != null) {
                    lease.fence(c);
                }
                T result = work.run(new Tx(c));
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("risk-service database write failed: " + e.getMessage(), e);
        }
    }

    public Optional<EngineSnapshot> loadSnapshot() {
        return query("SELECT snapshot::text FROM engine_state WHERE id = 1", ps -> { }, rs -> read(rs.getString(1), EngineSnapshot.class))
                .stream().findFirst();
    }

    /** The {@code limit} most recently received feature marks, oldest first. */
    public List<MarketMark> loadRecentMarks(int limit) {
        List<MarketMark> newestFirst = query("SELECT symbol, candle_interval, candle_open_time, close, atr FROM feature_marks"
                        + " ORDER BY received_at DESC, candle_open_time DESC LIMIT ?", ps -> ps.setInt(1, limit),
                rs -> new MarketMark(new CandleKey(Symbol.of(rs.getString(1)), Interval.fromCode(rs.getString(2)),
                        rs.getTimestamp(3).toInstant()), rs.getBigDecimal(4), rs.getBigDecimal(5)));
        List<MarketMark> oldestFirst = new ArrayList<>(newestFirst);
        Collections.reverse(oldestFirst);
        return oldestFirst;
    }

    public Optional<KernelSequencer.State> loadSequencerState() {
        return query("SELECT state::text FROM sequencer_state WHERE id = 1", ps -> { },
                rs -> read(rs.getString(1), KernelSequencer.State.class)).stream().findFirst();
    }

    /** The id of every inbox row, applied or not (a redelivery of one of them is a duplicate). */
    public Set<EventId> inboxIds() {
        return new HashSet<>(query("SELECT event_id FROM inbox", ps -> { }, rs -> EventId.of(rs.getString(1))));
    }

    /** The inbox rows whose step has not run, in arrival order. */
    public List<Event> loadInbox() {
        return query("SELECT payload::text FROM inbox WHERE NOT applied ORDER BY seq", ps -> { },
                rs -> EventCodec.decode(rs.getString(1), Event.class));
    }

    public List<PredictionMade> loadWaiting() {
        return query("SELECT payload::text FROM waiting_predictions ORDER BY received_at, event_id", ps -> { },
                rs -> EventCodec.decode(rs.getString(1), PredictionMade.class));
    }

    public Optional<StoredDecision> findDecision(EventId decisionId) {
        return query("SELECT payload::text, published FROM decisions WHERE event_id = ?", ps -> ps.setString(1, decisionId.value()),
                rs -> new StoredDecision(EventCodec.decode(rs.getString(1), RiskDecisionMade.class), rs.getBoolean(2)))
                .stream().findFirst();
    }

    /**
     * The {@code limit} most recent approved decisions, oldest first (to restore the engine's approved entries from
     * a snapshot written before it kept them).
     */
    public List<RiskDecisionMade> approvedDecisions(int limit) {
        List<RiskDecisionMade> newestFirst = query("SELECT payload::text FROM decisions WHERE approved"
                        + " ORDER BY ts_event DESC, created_at DESC LIMIT ?", ps -> ps.setInt(1, limit),
                rs -> EventCodec.decode(rs.getString(1), RiskDecisionMade.class));
        List<RiskDecisionMade> oldestFirst = new ArrayList<>(newestFirst);
        Collections.reverse(oldestFirst);
        return oldestFirst;
    }

    /** How the command with {@code eventId} was handled ("applied", "stale"), or empty when it never was. */
    public Optional<String> commandOutcome(EventId eventId) {
        return query("SELECT outcome FROM applied_commands WHERE event_id = ?", ps -> ps.setString(1, eventId.value()),
                rs -> rs.getString(1)).stream().findFirst();
    }

    /**
     * The decisions stored and not published, in the order they were made: by transaction, then (within a batch's
     * transaction) in the kernel's step order, candle then symbol.
     */
    public List<RiskDecisionMade> unpublishedDecisions() {
        return query("SELECT payload::text FROM decisions WHERE NOT published"
                        + " ORDER BY created_at, candle_open_time, symbol, ts_event, event_id", ps -> { },
                rs -> EventCodec.decode(rs.getString(1), RiskDecisionMade.class));
    }

    public void markPublished(RiskDecisionMade decision) {
        markPublished(List.of(decision));
    }

    /** Marks {@code decisions} published, in one statement. */
    public void markPublished(List<RiskDecisionMade> decisions) {
        if (decisions.isEmpty()) {
            return;
        }
        inTransaction(tx -> {
            try (PreparedStatement ps = tx.c.prepareStatement("UPDATE decisions d SET published = TRUE"
                    + " FROM unnest(?::text[], ?::timestamptz[]) AS p(event_id, ts_event)"
                    + " WHERE d.event_id = p.event_id AND d.ts_event = p.ts_event AND NOT d.published")) {
                ps.setArray(1, tx.c.createArrayOf("text", decisions.stream().map(d -> d.eventId().value()).toArray()));
                ps.setArray(2, tx.c.createArrayOf("timestamptz",
                        decisions.stream().map(d -> Timestamp.from(d.tsEvent())).toArray()));
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Operations of one transaction. */
    public static final class Tx {
        private final Connection c;

        private Tx(Connection c) {
            this.c = c;
        }

        /**
         * Keeps inputs in the inbox, in order, in one batch; a row whose id is there already (a redelivery, or a
         * retried flush) is left as it is. {@code applied}: the ids whose step ran already (or that were dropped).
         */
        public void insertInbox(List<Event> events, Set<EventId> applied) throws SQLException {
            if (events.isEmpty()) {
                return;
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO inbox (event_id, event_type, payload, applied)"
                    + " VALUES (?, ?, ?::jsonb, ?) ON CONFLICT DO NOTHING")) {
                for (Event event : events) {
                    ps.setString(1, event.eventId().value());
                    ps.setString(2, event.getClass().getSimpleName());
                    ps.setString(3, EventCodec.encode(event));
                    ps.setBoolean(4, applied.contains(event.eventId()));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }

        /** Marks inbox rows applied (their step ran, or they were dropped as late), in one statement. */
        public void markApplied(Collection<EventId> ids) throws SQLException {
            if (ids.isEmpty()) {
                return;
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE inbox SET applied = TRUE WHERE event_id = ANY(?) AND NOT applied")) {
                ps.setArray(1, c.createArrayOf("text", ids.stream().map(EventId::value).toArray()));
                ps.executeUpdate();
            }
        }

        /**
         * Forgets applied features, predictions and settlements beyond the {@code keep} most recent inbox rows
         * (a redelivery of one of them after that is late: dropped, or a prediction denied again under the same
         * decision id, which is not stored twice). Applied fills, positions and order outcomes stay: their ids
         * keep a redelivery from being booked twice. Returns the ids deleted.
         */
        public List<EventId> pruneInbox(int keep) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM inbox WHERE applied"
                    + " AND event_type IN ('FeaturesComputed', 'PredictionMade', 'CandleSettled')"
                    + " AND seq < (SELECT max(seq) FROM inbox) - ? RETURNING event_id")) {
                ps.setInt(1, keep);
                List<EventId> pruned = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        pruned.add(EventId.of(rs.getString(1)));
                    }
                }
                return pruned;
            }
        }

        public void saveSequencerState(KernelSequencer.State state) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO sequencer_state (id, state, updated_at)"
                    + " VALUES (1, ?::jsonb, now()) ON CONFLICT (id) DO UPDATE SET state = EXCLUDED.state, updated_at = now()")) {
                ps.setString(1, write(state));
                ps.executeUpdate();
            }
        }

        /** Stores a decision unless it is there already; true when inserted. */
        public boolean insertDecision(RiskDecisionMade d) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement(INSERT_DECISION)) {
                bindDecision(ps, d);
                return ps.executeUpdate() == 1;
            }
        }

        /** Stores decisions (one batch), each unless it is there already. */
        public void insertDecisions(List<RiskDecisionMade> decisions) throws SQLException {
            if (decisions.isEmpty()) {
                return;
            }
            try (PreparedStatement ps = c.prepareStatement(INSERT_DECISION)) {
                for (RiskDecisionMade d : decisions) {
                    bindDecision(ps, d);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }

        /**
         * Which of {@code ids} are stored and not yet published: the decisions of this transaction to publish (a
         * decision stored and published earlier, e.g. a late prediction denied again under the same id, is not).
         */
        public Set<EventId> unpublished(Collection<EventId> ids) throws SQLException {
            if (ids.isEmpty()) {
                return Set.of();
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT event_id FROM decisions WHERE event_id = ANY(?) AND NOT published")) {
                ps.setArray(1, c.createArrayOf("text", ids.stream().map(EventId::value).toArray()));
                Set<EventId> found = new HashSet<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.add(EventId.of(rs.getString(1)));
                    }
                }
                return found;
            }
        }

        private static final String INSERT_DECISION = "INSERT INTO decisions (event_id, ts_event, prediction_id, symbol,"
                + " candle_interval, candle_open_time, approved, reason, quantity, reference_price, stop_loss, take_profit,"
                + " risk_amount, checks, payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb)"
                + " ON CONFLICT DO NOTHING";

        private static void bindDecision(PreparedStatement ps, RiskDecisionMade d) throws SQLException {
            OrderIntent intent = d.intent();
            ps.setString(1, d.eventId().value());
            ps.setTimestamp(2, Timestamp.from(d.tsEvent()));
            ps.setString(3, d.causationId().value());
            ps.setString(4, d.symbol().value());
            ps.setString(5, d.interval().code());
            ps.setTimestamp(6, Timestamp.from(d.candleOpenTime()));
            ps.setBoolean(7, d.approved());
            ps.setString(8, d.reason());
            ps.setBigDecimal(9, intent == null ? null : intent.quantity());
            ps.setBigDecimal(10, intent == null ? null : intent.referencePrice());
            ps.setBigDecimal(11, intent == null ? null : intent.stopLoss());
            ps.setBigDecimal(12, intent == null ? null : intent.takeProfit());
            ps.setBigDecimal(13, intent == null ? null : intent.riskAmount());
            ps.setString(14, write(d.checks()));
            ps.setString(15, EventCodec.encode(d));
        }

        public void saveSnapshot(EngineSnapshot snapshot) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO engine_state (id, snapshot, updated_at) VALUES (1, ?::jsonb, now())"
                    + " ON CONFLICT (id) DO UPDATE SET snapshot = EXCLUDED.snapshot, updated_at = EXCLUDED.updated_at")) {
                ps.setString(1, write(snapshot));
                ps.executeUpdate();
            }
        }

        /**
         * Records a control command as handled, with its {@code outcome} ("applied", "stale"); false when its id was
         * handled before (a redelivery or a replay: it must change nothing).
         */
        public boolean recordCommand(ControlEvent command, String outcome) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO applied_commands (event_id, command_type, ts_event,"
                    + " outcome) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                ps.setString(1, command.eventId().value());
                ps.setString(2, command.getClass().getSimpleName());
                ps.setTimestamp(3, Timestamp.from(command.tsEvent()));
                ps.setString(4, outcome);
                return ps.executeUpdate() == 1;
            }
        }

        /** Records a fill as booked; false when it was booked before. */
        public boolean markFillApplied(EventId fillId, Instant tsEvent) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO applied_fills (event_id, ts_event) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
                ps.setString(1, fillId.value());
                ps.setTimestamp(2, Timestamp.from(tsEvent));
                return ps.executeUpdate() == 1;
            }
        }

        public void upsertMark(MarketMark mark) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO feature_marks (symbol, candle_interval, candle_open_time,"
                    + " close, atr, received_at) VALUES (?, ?, ?, ?, ?, now()) ON CONFLICT (symbol, candle_interval, candle_open_time)"
                    + " DO UPDATE SET close = EXCLUDED.close, atr = EXCLUDED.atr")) {
                ps.setString(1, mark.key().symbol().value());
                ps.setString(2, mark.key().interval().code());
                ps.setTimestamp(3, Timestamp.from(mark.key().candleOpenTime()));
                ps.setBigDecimal(4, mark.close());
                ps.setBigDecimal(5, mark.atr());
                ps.executeUpdate();
            }
        }

        /** Keeps only the {@code keep} most recently received marks. */
        public void pruneMarks(int keep) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM feature_marks WHERE (symbol, candle_interval, candle_open_time)"
                    + " NOT IN (SELECT symbol, candle_interval, candle_open_time FROM feature_marks"
                    + " ORDER BY received_at DESC, candle_open_time DESC LIMIT ?)")) {
                ps.setInt(1, keep);
                ps.executeUpdate();
            }
        }

        public void park(PredictionMade prediction) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO waiting_predictions (event_id, payload) VALUES (?, ?::jsonb) ON CONFLICT DO NOTHING")) {
                ps.setString(1, prediction.eventId().value());
                ps.setString(2, EventCodec.encode(prediction));
                ps.executeUpdate();
            }
        }

        public void unpark(EventId predictionId) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM waiting_predictions WHERE event_id = ?")) {
                ps.setString(1, predictionId.value());
                ps.executeUpdate();
            }
        }
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    @FunctionalInterface
    private interface Row<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private <T> List<T> query(String sql, Binder binder, Row<T> row) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            List<T> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(row.map(rs));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("risk-service database read failed: " + e.getMessage(), e);
        }
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    private static <T> T read(String json, Class<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored " + type.getSimpleName() + " is unreadable: " + e.getOriginalMessage(), e);
        }
    }
}
