package dev.sextant.gateway.adapter.db;

import dev.sextant.contracts.event.Event;
import dev.sextant.contracts.event.FillExecuted;
import dev.sextant.contracts.event.OrderEvent;
import dev.sextant.contracts.event.PositionChanged;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The events of the explain chains (table {@code explain_event}): written by the consumers in their batch
 * transactions ({@link #insertAll}), read by {@code GET /api/v1/explain/{id}} through a {@link Reader}, whose every
 * statement is cancelled by PostgreSQL after {@code sextant.explain.timeout} (a request never hangs).
 */
@ApplicationScoped
public class ExplainRepository {
    private static final String COLUMNS = "seq, event_id, causation_id, type, topic, ts_event, client_order_id, position_id, "
            + "payload::text AS payload";
    private static final String X_COLUMNS = "x.seq, x.event_id, x.causation_id, x.type, x.topic, x.ts_event, x.client_order_id, "
            + "x.position_id, x.payload::text AS payload";

    private final AgroalDataSource db;
    private final Duration timeout;

    ExplainRepository(AgroalDataSource db,
                      @ConfigProperty(name = "sextant.explain.timeout", defaultValue = "5s") Duration timeout) {
        this.db = db;
        this.timeout = timeout;
    }

    /** An event as the consumer stores it: its links, and its JSON as read from the topic. */
    public record Row(String eventId, String causationId, String type, String topic, String symbol, Instant tsEvent,
                      String clientOrderId, String positionId, String payload) {

        /** The row of {@code event}, read from {@code topic} as {@code json}. */
        public static Row of(String topic, Event event, String json) {
            String order = null;
            String position = null;
            if (event instanceof OrderEvent o) {
                order = o.clientOrderId().value();
            } else if (event instanceof FillExecuted f) {
                order = f.clientOrderId().value();
                position = f.positionId();
            } else if (event instanceof PositionChanged p) {
                position = p.positionId();
            }
            String key = event.key();
            return new Row(event.eventId().value(), event.causationId() == null ? null : event.causationId().value(),
                    event.getClass().getSimpleName(), topic, key == null || key.isEmpty() ? null : key, event.tsEvent(),
                    order, position, json);
        }
    }

    /** A stored event: {@code seq} orders the events stored in the same instant as they were read. */
    public record Stored(long seq, String eventId, String causationId, String type, String topic, Instant tsEvent,
                         String clientOrderId, String positionId, String payload) {}

    /**
     * Adds the inserts of {@code rows} to the transaction on {@code con} (one JDBC batch); an event stored before
     * changes nothing, so a redelivered batch changes nothing.
     */
    public void insertAll(Connection con, Collection<Row> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        String sql = """
                INSERT INTO explain_event (event_id, causation_id, type, topic, symbol, ts_event, client_order_id,
                                           position_id, payload)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb))
                ON CONFLICT (event_id) DO NOTHING
                """;
        try (PreparedStatement st = con.prepareStatement(sql)) {
            for (Row row : rows) {
                st.setString(1, row.eventId());
                st.setString(2, row.causationId());
                st.setString(3, row.type());
                st.setString(4, row.topic());
                st.setString(5, row.symbol());
                st.setTimestamp(6, Jdbc.timestamp(row.tsEvent()));
                st.setString(7, row.clientOrderId());
                st.setString(8, row.positionId());
                st.setString(9, row.payload());
                st.addBatch();
            }
            st.executeBatch();
        }
    }

    /** A connection for the reads of one request; close it. */
    public Reader reader() {
        try {
            return new Reader(db.getConnection(), timeout);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the explain events: " + e.getMessage(), e);
        }
    }

    /** The reads of one explain request, on one connection, each statement bounded by the timeout. */
    public static final class Reader implements AutoCloseable {
        private final Connection con;
        private final int timeoutSeconds;
        private final Duration timeout;

        Reader(Connection con, Duration timeout) {
            this.con = con;
            this.timeout = timeout;
            this.timeoutSeconds = (int) Math.max(1, (timeout.toMillis() + 999) / 1000);
        }

        /** The stored event {@code eventId}. */
        public Optional<Stored> event(String eventId) {
            return query("SELECT " + COLUMNS + " FROM explain_event WHERE event_id = ?", st -> st.setString(1, eventId))
                    .stream().findFirst();
        }

        /**
         * {@code eventId} and its stored ancestors by causation id, at most {@code max} of them, the root first (the
         * chain stops at the first cause that is not stored).
         */
        public List<Stored> withAncestors(String eventId, int max) {
            String sql = """
                    WITH RECURSIVE up(event_id, causation_id, n) AS (
                        SELECT event_id, causation_id, 0 FROM explain_event WHERE event_id = ?
                        UNION ALL
                        SELECT e.event_id, e.causation_id, up.n + 1
                        FROM explain_event e JOIN up ON e.event_id = up.causation_id
                        WHERE up.n < ?
                    )
                    SELECT %s FROM up JOIN explain_event x USING (event_id) ORDER BY up.n DESC
                    """.formatted(X_COLUMNS);
            return query(sql, st -> {
                st.setString(1, eventId);
                st.setInt(2, max);
            });
        }

        /** The stored events derived from {@code eventId} (by causation id, at most {@code depth} steps), in event time. */
        public List<Stored> descendants(String eventId, int depth, int limit) {
            String sql = """
                    WITH RECURSIVE down(event_id, n) AS (
                        SELECT event_id, 1 FROM explain_event WHERE causation_id = ?
                        UNION
                        SELECT e.event_id, down.n + 1
                        FROM explain_event e JOIN down ON e.causation_id = down.event_id
                        WHERE down.n < ?
                    )
                    SELECT %s FROM explain_event x WHERE x.event_id IN (SELECT event_id FROM down)
                    ORDER BY x.ts_event, x.seq LIMIT ?
                    """.formatted(X_COLUMNS);
            return query(sql, st -> {
                st.setString(1, eventId);
                st.setInt(2, depth);
                st.setInt(3, limit);
            });
        }

        /** The order, fill and position events of position {@code positionId} (orders {@code orderIds}), in event time. */
        public List<Stored> ofPosition(String positionId, List<String> orderIds, int limit) {
            String sql = "SELECT " + COLUMNS + " FROM explain_event WHERE position_id = ? OR client_order_id = ANY (?) "
                    + "ORDER BY ts_event, seq LIMIT ?";
            return query(sql, st -> {
                st.setString(1, positionId);
                Array ids = con.createArrayOf("text", orderIds.toArray());
                st.setArray(2, ids);
                st.setInt(3, limit);
            });
        }

        /** The submission of order {@code clientOrderId}, else its first stored lifecycle event, else its first fill. */
        public Optional<Stored> firstOfOrder(String clientOrderId) {
            return query("SELECT " + COLUMNS + " FROM explain_event WHERE client_order_id = ? "
                            + "ORDER BY type = 'OrderSubmitted' DESC, topic = 'orders' DESC, ts_event, seq LIMIT 1",
                    st -> st.setString(1, clientOrderId)).stream().findFirst();
        }

        /** The position a fill of order {@code clientOrderId} names. */
        public Optional<String> positionOfOrder(String clientOrderId) {
            return strings("SELECT position_id FROM explain_event WHERE client_order_id = ? AND position_id IS NOT NULL LIMIT 1",
                    clientOrderId).stream().findFirst();
        }

        /** The approved decision that placed entry order (= position) {@code orderId} ({@code approved_order}). */
        public Optional<String> decisionOfEntry(String orderId) {
            return strings("SELECT decision_id FROM approved_order WHERE order_id = ?", orderId).stream().findFirst();
        }

        /** True when the trade projection knows position {@code positionId}. */
        public boolean tradeExists(String positionId) {
            return !strings("SELECT position_id FROM trade WHERE position_id = ?", positionId).isEmpty();
        }

        private List<String> strings(String sql, String parameter) {
            try (PreparedStatement st = con.prepareStatement(sql)) {
                st.setQueryTimeout(timeoutSeconds);
                st.setString(1, parameter);
                try (ResultSet rs = st.executeQuery()) {
                    List<String> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                    return out;
                }
            } catch (SQLException e) {
                throw failure(e);
            }
        }

        private List<Stored> query(String sql, Jdbc.Binder binder) {
            try (PreparedStatement st = con.prepareStatement(sql)) {
                st.setQueryTimeout(timeoutSeconds);
                binder.bind(st);
                try (ResultSet rs = st.executeQuery()) {
                    List<Stored> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(new Stored(rs.getLong("seq"), rs.getString("event_id"), rs.getString("causation_id"),
                                rs.getString("type"), rs.getString("topic"), Jdbc.instant(rs, "ts_event"),
                                rs.getString("client_order_id"), rs.getString("position_id"), rs.getString("payload")));
                    }
                    return out;
                }
            } catch (SQLException e) {
                throw failure(e);
            }
        }

        private IllegalStateException failure(SQLException e) {
            if ("57014".equals(e.getSQLState())) { // query_canceled: the statement timeout
                return new IllegalStateException("the explain query did not finish within " + timeout.toMillis()
                        + " ms (sextant.explain.timeout); try again later", e);
            }
            return new IllegalStateException("cannot read the explain events: " + e.getMessage(), e);
        }

        @Override
        public void close() {
            try {
                con.close();
            } catch (SQLException e) {
                // nothing was written on it
            }
        }
    }
}
