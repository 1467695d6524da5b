package dev.sextant.gateway.adapter.db;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.sextant.contracts.event.HorizonForecast;
import dev.sextant.contracts.event.PredictionMade;
import dev.sextant.contracts.id.Symbol;
import dev.sextant.contracts.json.Json;
import dev.sextant.gateway.domain.PredictionView;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** The gateway's prediction history (table {@code prediction}). */
@ApplicationScoped
public class PredictionRepository {
    private static final TypeReference<List<HorizonForecast>> HORIZONS = new TypeReference<>() {};
    private static final String COLUMNS = "event_id, symbol, bar_interval, candle_open_time, ts_event, model_id, "
            + "model_version, feature_set_version, prob_up, prob_down, confidence, horizons::text AS horizons";

    private final AgroalDataSource db;

    PredictionRepository(AgroalDataSource db) {
        this.db = db;
    }

    /**
     * A prediction as its row: its horizons written as JSON. A consumer makes it before buffering the prediction, so
     * that one that cannot be written fails alone.
     */
    public record Row(PredictionMade prediction, String horizons) {
        /** @throws IllegalStateException when the horizons cannot be written as JSON (a bug of ours) */
        public static Row of(PredictionMade p) {
            try {
                return new Row(p, Json.mapper().writeValueAsString(p.horizons()));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write the horizons of prediction " + p.eventId() + " as JSON: "
                        + e.getMessage(), e);
            }
        }
    }

    /**
     * Adds the inserts of {@code rows} to the transaction on {@code con} (one JDBC batch): each prediction is stored
     * once; the same event again changes nothing, so a redelivered batch changes nothing.
     */
    public void insertAll(Connection con, Collection<Row> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        String sql = """
                INSERT INTO prediction (event_id, candle_open_time, symbol, bar_interval, ts_event, model_id, model_version,
                                        feature_set_version, prob_up, prob_down, confidence, horizons)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb))
                ON CONFLICT (event_id, candle_open_time) DO NOTHING
                """;
        try (PreparedStatement st = con.prepareStatement(sql)) {
            for (Row row : rows) {
                PredictionMade p = row.prediction();
                st.setString(1, p.eventId().value());
                st.setTimestamp(2, Jdbc.timestamp(p.candleOpenTime()));
                st.setString(3, p.symbol().value());
                st.setString(4, p.interval().code());
                st.setTimestamp(5, Jdbc.timestamp(p.tsEvent()));
                st.setString(6, p.modelId().value());
                st.setString(7, p.modelVersion());
                st.setString(8, p.featureSetVersion());
                st.setDouble(9, p.probUp());
                st.setDouble(10, p.probDown());
                st.setDouble(11, p.confidence());
                st.setString(12, row.horizons());
                st.addBatch();
            }
            st.executeBatch();
        }
    }

    /** The latest {@code limit} predictions of {@code symbol}, oldest first. */
    public List<PredictionView> history(Symbol symbol, int limit) {
        String sql = "SELECT " + COLUMNS + " FROM prediction WHERE symbol = ? "
                + "ORDER BY candle_open_time DESC, ts_event DESC, event_id LIMIT ?";
        List<PredictionView> rows = new ArrayList<>(query(sql, symbol, limit));
        Collections.reverse(rows);
        return rows;
    }

    /** The symbol's latest prediction. */
    public Optional<PredictionView> latest(Symbol symbol) {
        return history(symbol, 1).stream().findFirst();
    }

    public long count() {
        return Jdbc.count(db, "SELECT count(*) FROM prediction");
    }

    private List<PredictionView> query(String sql, Symbol symbol, int limit) {
        try (Connection con = db.getConnection(); PreparedStatement st = con.prepareStatement(sql)) {
            st.setString(1, symbol.value());
            st.setInt(2, limit);
            try (ResultSet rs = st.executeQuery()) {
                List<PredictionView> out = new ArrayList<>();
                while (rs.next()) {
                    double up = rs.getDouble("prob_up");
                    double down = rs.getDouble("prob_down");
                    out.add(new PredictionView(rs.getString("event_id"), rs.getString("symbol"), rs.getString("bar_interval"),
                            Jdbc.instant(rs, "candle_open_time"), Jdbc.instant(rs, "ts_event"),
                            PredictionView.direction(up, down), up, down, rs.getDouble("confidence"),
                            rs.getString("model_id"), rs.getString("model_version"), rs.getString("feature_set_version"),
                            Json.mapper().readValue(rs.getString("horizons"), HORIZONS)));
                }
                return out;
            }
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("cannot read predictions: " + e.getMessage(), e);
        }
    }
}
