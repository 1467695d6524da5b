package dev.sextant.prediction.adapter;

import dev.sextant.contracts.event.PredictionMade;
import dev.sextant.prediction.domain.Outcomes;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** JDBC access to {@code predictions} and {@code candle_closes}. Every write is idempotent. */
@ApplicationScoped
public class PredictionRepository {
    private final DataSource dataSource;

    public PredictionRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** An unresolved prediction: what its outcome needs. */
    public record Pending(String eventId, Instant candleOpenTime, boolean predictedUp, double referenceClose) {}

    /** Stores a prediction; false when it was already stored (same event id). */
    public boolean insert(PredictionMade p, Instant targetOpenTime, boolean predictedUp, double referenceClose) {
        String sql = """
                INSERT INTO predictions (event_id, causation_id, symbol, candle_interval, candle_open_time, target_open_time,
                    ts_event, ts_init, model_id, model_version, feature_set_version, prob_up, prob_down, confidence,
                    predicted_up, reference_close)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT DO NOTHING""";
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            st.setString(1, p.eventId().value());
            st.setString(2, p.causationId().value());
            st.setString(3, p.symbol().value());
            st.setString(4, p.interval().code());
            st.setTimestamp(5, Timestamp.from(p.candleOpenTime()));
            st.setTimestamp(6, Timestamp.from(targetOpenTime));
            st.setTimestamp(7, Timestamp.from(p.tsEvent()));
            st.setTimestamp(8, Timestamp.from(p.tsInit()));
            st.setString(9, p.modelId().value());
            st.setString(10, p.modelVersion());
            st.setString(11, p.featureSetVersion());
            st.setDouble(12, p.probUp());
            st.setDouble(13, p.probDown());
            st.setDouble(14, p.confidence());
            st.setBoolean(15, predictedUp);
            st.setDouble(16, referenceClose);
            return st.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store prediction " + p.eventId() + ": " + e.getMessage(), e);
        }
    }

    /** Records a candle's close (idempotent). */
    public void upsertCandleClose(String symbol, String interval, Instant openTime, BigDecimal close) {
        String sql = """
                INSERT INTO candle_closes (symbol, candle_interval, open_time, close) VALUES (?, ?, ?, ?)
                ON CONFLICT (symbol, candle_interval, open_time) DO NOTHING""";
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            st.setString(1, symbol);
            st.setString(2, interval);
            st.setTimestamp(3, Timestamp.from(openTime));
            st.setBigDecimal(4, close);
            st.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store the close of candle " + symbol + " " + interval + " " + openTime + ": "
                    + e.getMessage(), e);
        }
    }

    /** The close of a candle seen earlier, if any. */
    public Optional<BigDecimal> candleClose(String symbol, String interval, Instant openTime) {
        String sql = "SELECT close FROM candle_closes WHERE symbol = ? AND candle_interval = ? AND open_time = ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            st.setString(1, symbol);
            st.setString(2, interval);
            st.setTimestamp(3, Timestamp.from(openTime));
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(rs.getBigDecimal(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read candle closes: " + e.getMessage(), e);
        }
    }

    /** Unresolved predictions whose outcome is decided by the candle opened at {@code targetOpenTime}. */
    public List<Pending> pendingFor(String symbol, String interval, Instant targetOpenTime) {
        return pending("symbol = ? AND candle_interval = ? AND target_open_time = ?", st -> {
            st.setString(1, symbol);
            st.setString(2, interval);
            st.setTimestamp(3, Timestamp.from(targetOpenTime));
        });
    }

    /** The prediction with this id, if stored and not yet resolved. */
    public Optional<Pending> pending(String eventId) {
        return pending("event_id = ?", st -> st.setString(1, eventId)).stream().findFirst();
    }

    /** Stores an outcome; false when the prediction was already resolved. */
    public boolean resolve(String eventId, Instant candleOpenTime, double actualClose, Outcomes.Outcome outcome, Instant resolvedAt) {
        String sql = """
                UPDATE predictions SET actual_close = ?, actual_up = ?, correct = ?, resolved_at = ?
                WHERE event_id = ? AND candle_open_time = ? AND actual_up IS NULL""";
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            st.setDouble(1, actualClose);
            st.setBoolean(2, outcome.actualUp());
            st.setBoolean(3, outcome.correct());
            st.setTimestamp(4, Timestamp.from(resolvedAt));
            st.setString(5, eventId);
            st.setTimestamp(6, Timestamp.from(candleOpenTime));
            return st.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store the outcome of prediction " + eventId + ": " + e.getMessage(), e);
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
            throw new IllegalStateException("cannot read prediction accuracy: " + e.getMessage(), e);
        }
    }

    /** Symbols that have at least one resolved prediction. */
    public List<String> resolvedSymbols() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement st = c.prepareStatement("SELECT DISTINCT symbol FROM predictions WHERE actual_up IS NOT NULL");
             ResultSet rs = st.executeQuery()) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read prediction symbols: " + e.getMessage(), e);
        }
    }

    private interface Binder {
        void bind(PreparedStatement st) throws SQLException;
    }

    private List<Pending> pending(String where, Binder binder) {
        String sql = "SELECT event_id, candle_open_time, predicted_up, reference_close FROM predictions WHERE actual_up IS NULL AND "
                + where;
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            binder.bind(st);
            try (ResultSet rs = st.executeQuery()) {
                List<Pending> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new Pending(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getBoolean(3), rs.getDouble(4)));
                }
                return out;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read pending predictions: " + e.getMessage(), e);
        }
    }
}
