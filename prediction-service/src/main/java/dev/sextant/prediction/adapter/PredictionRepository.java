package dev.sextant.prediction.adapter;

import dev.sextant.contracts.event.PredictionMade;
import dev.sextant.prediction.domain.Outcomes;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * JDBC access to {@code predictions} and {@code candle_closes}. Every write is idempotent. A consumer's batch is one
 * {@link Transaction}: its rows are written with JDBC batches or one set-based statement, so a batch costs a handful
 * of round trips and one commit whatever its size.
 */
@ApplicationScoped
public class PredictionRepository {
    private static final String INSERT_PREDICTION = """
            INSERT INTO predictions (event_id, causation_id, symbol, candle_interval, candle_open_time, target_open_time,
                ts_event, ts_init, model_id, model_version, feature_set_version, prob_up, prob_down, confidence,
                predicted_up, reference_close)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT DO NOTHING""";
    private static final String INSERT_CLOSE = """
            INSERT INTO candle_closes (symbol, candle_interval, open_time, close) VALUES (?, ?, ?, ?)
            ON CONFLICT (symbol, candle_interval, open_time) DO NOTHING""";
    /** Unresolved predictions among some event ids whose target candle's close is stored. */
    private static final String RESOLVABLE_BY_ID = """
            SELECT p.event_id, p.candle_open_time, p.symbol, p.predicted_up, p.reference_close, c.close
            FROM predictions p
            JOIN candle_closes c ON c.symbol = p.symbol AND c.candle_interval = p.candle_interval
                AND c.open_time = p.target_open_time
            WHERE p.actual_up IS NULL AND p.event_id = ANY (?) AND p.candle_open_time BETWEEN ? AND ?""";
    /** Unresolved predictions whose target candle is among some stored candles. */
    private static final String RESOLVABLE_BY_TARGET = """
            SELECT p.event_id, p.candle_open_time, p.symbol, p.predicted_up, p.reference_close, c.close
            FROM unnest(?::text[], ?::text[], ?::text[]::timestamptz[]) AS t(symbol, candle_interval, open_time)
            JOIN candle_closes c ON c.symbol = t.symbol AND c.candle_interval = t.candle_interval AND c.open_time = t.open_time
            JOIN predictions p ON p.symbol = t.symbol AND p.candle_interval = t.candle_interval
                AND p.target_open_time = t.open_time
            WHERE p.actual_up IS NULL""";
    /**
     * Stores outcomes, all in one statement; only rows not resolved yet change, and they are returned (with the
     * transaction's id, which tells after a failed commit whether it was committed after all).
     */
    private static final String RESOLVE = """
            UPDATE predictions p
            SET actual_close = v.actual_close, actual_up = v.actual_up, correct = v.correct, resolved_at = ?
            FROM unnest(?::text[], ?::text[]::timestamptz[], ?::float8[], ?::bool[], ?::bool[])
                AS v(event_id, candle_open_time, actual_close, actual_up, correct)
            WHERE p.event_id = v.event_id AND p.candle_open_time = v.candle_open_time AND p.actual_up IS NULL
            RETURNING p.event_id, p.symbol, p.correct, txid_current()""";

    private final DataSource dataSource;

    public PredictionRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** A prediction to store, with what its outcome needs. */
    public record NewPrediction(PredictionMade prediction, Instant targetOpenTime, boolean predictedUp, double referenceClose) {}

    /** A candle's close, as stored in {@code candle_closes}. */
    public record CandleClose(String symbol, String interval, Instant openTime, BigDecimal close) {
        /** The candle's identity (symbol, interval, open time). */
        public List<Object> key() {
            return List.of(symbol, interval, openTime);
        }
    }

    /** A stored, unresolved prediction whose target candle's close is stored too: it can be resolved now. */
    public record Resolvable(String eventId, Instant candleOpenTime, String symbol, boolean predictedUp, double referenceClose,
                             BigDecimal targetClose) {}

    /** An outcome to store. */
    public record Resolution(String eventId, Instant candleOpenTime, double actualClose, Outcomes.Outcome outcome) {}

    /** A prediction whose outcome a statement stored (it was not resolved before). */
    public record Resolved(String eventId, String symbol, boolean correct) {}

    /** The outcomes one transaction stored, and that transaction's id ({@code txid_current()}; 0 when none). */
    public record ResolvedBatch(long transactionId, List<Resolved> rows) {
        public static final ResolvedBatch NONE = new ResolvedBatch(0, List.of());
    }

    /** Opens a transaction; close it (try-with-resources): what is not committed is rolled back. */
    public Transaction begin() {
        try {
            Connection c = dataSource.getConnection();
            try {
                c.setAutoCommit(false);
                // Several instances share the partitions (scale-out): a prediction and the candle that resolves it may
                // be consumed by two processes at once. One lock per schema serialises their transactions as the
                // tracker's own lock does within a process, so neither misses the other's row.
                try (var lock = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.outcomes'))")) {
                    lock.execute();
                }
            } catch (SQLException | RuntimeException e) {
                c.close();
                throw e;
            }
            return new Transaction(c);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open a transaction on the prediction database: " + e.getMessage(), e);
        }
    }

    /**
     * One transaction on one connection. Every method throws an {@link IllegalStateException} with the
     * {@link SQLException} as its cause (which the consumer policy classifies by its SQL state).
     */
    public final class Transaction implements AutoCloseable {
        private final Connection c;
        private boolean committed;

        private Transaction(Connection c) {
            this.c = c;
        }

        /** Stores predictions (one JDBC batch); one already stored (same event id) is left as it is. */
        public void insertPredictions(List<NewPrediction> predictions) {
            if (predictions.isEmpty()) {
                return;
            }
            try (PreparedStatement st = c.prepareStatement(INSERT_PREDICTION)) {
                for (NewPrediction n : predictions) {
                    PredictionMade p = n.prediction();
                    st.setString(1, p.eventId().value());
                    st.setString(2, p.causationId().value());
                    st.setString(3, p.symbol().value());
                    st.setString(4, p.interval().code());
                    st.setTimestamp(5, Timestamp.from(p.candleOpenTime()));
                    st.setTimestamp(6, Timestamp.from(n.targetOpenTime()));
                    st.setTimestamp(7, Timestamp.from(p.tsEvent()));
                    st.setTimestamp(8, Timestamp.from(p.tsInit()));
                    st.setString(9, p.modelId().value());
                    st.setString(10, p.modelVersion());
                    st.setString(11, p.featureSetVersion());
                    st.setDouble(12, p.probUp());
                    st.setDouble(13, p.probDown());
                    st.setDouble(14, p.confidence());
                    st.setBoolean(15, n.predictedUp());
                    st.setDouble(16, n.referenceClose());
                    st.addBatch();
                }
                st.executeBatch();
            } catch (SQLException e) {
                throw failure("cannot store " + predictions.size() + " prediction(s)", e);
            }
        }

        /** Stores candle closes (one JDBC batch); a candle already stored keeps its first close. */
        public void upsertCloses(Collection<CandleClose> closes) {
            if (closes.isEmpty()) {
                return;
            }
            try (PreparedStatement st = c.prepareStatement(INSERT_CLOSE)) {
                for (CandleClose close : closes) {
                    st.setString(1, close.symbol());
                    st.setString(2, close.interval());
                    st.setTimestamp(3, Timestamp.from(close.openTime()));
                    st.setBigDecimal(4, close.close());
                    st.addBatch();
                }
                st.executeBatch();
            } catch (SQLException e) {
                throw failure("cannot store " + closes.size() + " candle close(s)", e);
            }
        }

        /** The unresolved predictions among {@code predictions} whose target candle's close is stored (one query). */
        public List<Resolvable> resolvableAmong(List<NewPrediction> predictions) {
            if (predictions.isEmpty()) {
                return List.of();
            }
            Set<String> ids = new LinkedHashSet<>();
            Instant from = Instant.MAX;
            Instant to = Instant.MIN;
            for (NewPrediction n : predictions) {
                ids.add(n.prediction().eventId().value());
                Instant open = n.prediction().candleOpenTime();
                from = open.isBefore(from) ? open : from;
                to = open.isAfter(to) ? open : to;
            }
            try (PreparedStatement st = c.prepareStatement(RESOLVABLE_BY_ID)) {
                st.setArray(1, c.createArrayOf("text", ids.toArray(String[]::new)));
                // the event id fixes the candle: the range only lets a hypertable skip the chunks outside it
                st.setTimestamp(2, Timestamp.from(from));
                st.setTimestamp(3, Timestamp.from(to));
                return readResolvable(st);
            } catch (SQLException e) {
                throw failure("cannot read the resolvable predictions", e);
            }
        }

        /** The unresolved predictions whose target candle is one of {@code candles} with its close stored (one query). */
        public List<Resolvable> resolvableBy(Collection<CandleClose> candles) {
            Map<List<Object>, CandleClose> distinct = new LinkedHashMap<>();
            candles.forEach(candle -> distinct.putIfAbsent(candle.key(), candle));
            if (distinct.isEmpty()) {
                return List.of();
            }
            try (PreparedStatement st = c.prepareStatement(RESOLVABLE_BY_TARGET)) {
                st.setArray(1, c.createArrayOf("text", distinct.values().stream().map(CandleClose::symbol).toArray(String[]::new)));
                st.setArray(2, c.createArrayOf("text", distinct.values().stream().map(CandleClose::interval).toArray(String[]::new)));
                st.setArray(3, instants(distinct.values().stream().map(CandleClose::openTime).toList()));
                return readResolvable(st);
            } catch (SQLException e) {
                throw failure("cannot read the predictions waiting for " + distinct.size() + " candle(s)", e);
            }
        }

        /** Stores outcomes in one statement; returns those stored now (a prediction already resolved is left as it is). */
        public ResolvedBatch resolve(List<Resolution> resolutions, Instant resolvedAt) {
            if (resolutions.isEmpty()) {
                return ResolvedBatch.NONE;
            }
            int n = resolutions.size();
            String[] ids = new String[n];
            List<Instant> opens = new ArrayList<>(n);
            Double[] closes = new Double[n];
            Boolean[] ups = new Boolean[n];
            Boolean[] corrects = new Boolean[n];
            for (int i = 0; i < n; i++) {
                Resolution r = resolutions.get(i);
                ids[i] = r.eventId();
                opens.add(r.candleOpenTime());
                closes[i] = r.actualClose();
                ups[i] = r.outcome().actualUp();
                corrects[i] = r.outcome().correct();
            }
            try (PreparedStatement st = c.prepareStatement(RESOLVE)) {
                st.setTimestamp(1, Timestamp.from(resolvedAt));
                st.setArray(2, c.createArrayOf("text", ids));
                st.setArray(3, instants(opens));
                st.setArray(4, c.createArrayOf("float8", closes));
                st.setArray(5, c.createArrayOf("bool", ups));
                st.setArray(6, c.createArrayOf("bool", corrects));
                List<Resolved> rows = new ArrayList<>();
                long xid = 0;
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new Resolved(rs.getString(1), rs.getString(2), rs.getBoolean(3)));
                        xid = rs.getLong(4);
                    }
                }
                return rows.isEmpty() ? ResolvedBatch.NONE : new ResolvedBatch(xid, List.copyOf(rows));
            } catch (SQLException e) {
                throw failure("cannot store the outcome of " + n + " prediction(s)", e);
            }
        }

        public void commit() {
            try {
                c.commit();
                committed = true;
            } catch (SQLException e) {
                throw failure("cannot commit", e);
            }
        }

        /** Rolls back what is not committed and gives the connection back. */
        @Override
        public void close() {
            try {
                try {
                    if (!committed) {
                        c.rollback();
                    }
                    c.setAutoCommit(true);
                } finally {
                    c.close();
                }
            } catch (SQLException e) {
                // the connection is broken (that is why we roll back): the database discards the transaction itself
            }
        }

        private Array instants(List<Instant> instants) throws SQLException {
            // as ISO-8601 text cast by the query: exact, and independent of the JVM's and the session's time zones
            return c.createArrayOf("text", instants.stream().map(Instant::toString).toArray(String[]::new));
        }

        private List<Resolvable> readResolvable(PreparedStatement st) throws SQLException {
            try (ResultSet rs = st.executeQuery()) {
                List<Resolvable> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new Resolvable(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getString(3), rs.getBoolean(4),
                            rs.getDouble(5), rs.getBigDecimal(6)));
                }
                return out;
            }
        }
    }

    /**
     * What became of a transaction that may have committed ({@code txid_status}): {@code committed}, {@code aborted},
     * {@code in progress}, or empty when the database no longer knows (too old).
     */
    public Optional<String> transactionStatus(long transactionId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement("SELECT txid_status(?)")) {
            st.setLong(1, transactionId);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return Optional.ofNullable(rs.getString(1));
            }
        } catch (SQLException e) {
            throw failure("cannot read the status of transaction " + transactionId, e);
        }
    }

    /** Counts of all predictions, or of one symbol's when {@code symbol} is given. */
    public Outcomes.Accuracy accuracy(Optional<String> symbol) {
        String sql = "SELECT count(*), count(actual_up), count(*) FILTER (WHERE correct) FROM predictions"
                + (symbol.isPresent() ? " WHERE symbol = ?" : "");
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            if (symbol.isPresent()) {
                st.setString(1, symbol.get());
            }
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return new Outcomes.Accuracy(rs.getLong(1), rs.getLong(2), rs.getLong(3));
            }
        } catch (SQLException e) {
            throw failure("cannot read prediction accuracy", e);
        }
    }

    /**
     * The counts of every symbol with at least one resolved prediction ({@link #accuracy} of each, in one query).
     * It reads the whole table: for start-up, not per batch.
     */
    public Map<String, Outcomes.Accuracy> accuracyBySymbol() {
        String sql = """
                SELECT symbol, count(*), count(actual_up), count(*) FILTER (WHERE correct) FROM predictions
                GROUP BY symbol HAVING count(actual_up) > 0""";
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql);
             ResultSet rs = st.executeQuery()) {
            Map<String, Outcomes.Accuracy> out = new LinkedHashMap<>();
            while (rs.next()) {
                out.put(rs.getString(1), new Outcomes.Accuracy(rs.getLong(2), rs.getLong(3), rs.getLong(4)));
            }
            return out;
        } catch (SQLException e) {
            throw failure("cannot read prediction accuracy", e);
        }
    }

    private static IllegalStateException failure(String what, SQLException e) {
        return new IllegalStateException(what + ": " + e.getMessage(), e);
    }
}
