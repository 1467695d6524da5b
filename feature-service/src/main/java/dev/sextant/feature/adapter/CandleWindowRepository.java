package dev.sextant.feature.adapter;

import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.event.Interval;
import dev.sextant.contracts.id.EventId;
import dev.sextant.contracts.id.Symbol;
import dev.sextant.feature.config.FeatureConfig;
import dev.sextant.feature.domain.SeriesKey;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code candle_window} table: the newest consumed candles of every series, from which the
 * engines are rebuilt after a restart. Rows are trimmed to {@code sextant.feature.window-size} per
 * series (every {@value #TRIM_EVERY} inserts, so a series holds at most window-size + {@value #TRIM_EVERY} rows).
 */
@ApplicationScoped
public class CandleWindowRepository {

    /** Trim a series every this many inserted candles. */
    static final int TRIM_EVERY = 50;

    private static final String INSERT = """
            INSERT INTO candle_window (symbol, interval, open_time, event_id, ts_event, ts_init, causation_id, exchange,
                close_time, open, high, low, close, volume, quote_volume, trade_count, published, stored_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, FALSE, ?)
            ON CONFLICT DO NOTHING""";
    private static final String TRIM = """
            DELETE FROM candle_window WHERE symbol = ? AND interval = ? AND open_time < (
                SELECT open_time FROM candle_window WHERE symbol = ? AND interval = ?
                ORDER BY open_time DESC OFFSET ? LIMIT 1)""";
    private static final String MARK_PUBLISHED = "UPDATE candle_window SET published = TRUE WHERE event_id = ANY (?)";
    private static final String LOAD = """
            SELECT symbol, interval, open_time, event_id, ts_event, ts_init, causation_id, exchange, close_time,
                   open, high, low, close, volume, quote_volume, trade_count, published
            FROM (SELECT w.*, row_number() OVER (PARTITION BY symbol, interval ORDER BY open_time DESC) AS newest
                  FROM candle_window w) t
            WHERE newest <= ?
            ORDER BY symbol, interval, open_time""";
    private static final String COUNT = "SELECT count(*) FROM candle_window WHERE symbol = ? AND interval = ?";

    private final AgroalDataSource dataSource;
    private final Clock clock;
    private final int windowSize;

    public CandleWindowRepository(AgroalDataSource dataSource, Clock clock, FeatureConfig config) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.windowSize = config.windowSize();
    }

    /**
     * Stores consumed candles (unpublished) and deletes, for each series in {@code trim}, the rows older than the
     * newest window-size ones, all in one transaction. A candle already stored is left as it is.
     */
    public void saveAll(List<CandleClosed> candles, java.util.Collection<SeriesKey> trim) {
        if (candles.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Timestamp storedAt = Timestamp.from(clock.instant());
                try (PreparedStatement st = c.prepareStatement(INSERT)) {
                    for (CandleClosed candle : candles) {
                        int i = 1;
                        st.setString(i++, candle.symbol().value());
                        st.setString(i++, candle.interval().code());
                        st.setTimestamp(i++, Timestamp.from(candle.openTime()));
                        st.setString(i++, candle.eventId().value());
                        st.setTimestamp(i++, Timestamp.from(candle.tsEvent()));
                        st.setTimestamp(i++, Timestamp.from(candle.tsInit()));
                        st.setString(i++, candle.causationId() == null ? null : candle.causationId().value());
                        st.setString(i++, candle.exchange());
                        st.setTimestamp(i++, Timestamp.from(candle.closeTime()));
                        st.setBigDecimal(i++, candle.open());
                        st.setBigDecimal(i++, candle.high());
                        st.setBigDecimal(i++, candle.low());
                        st.setBigDecimal(i++, candle.close());
                        st.setBigDecimal(i++, candle.volume());
                        st.setBigDecimal(i++, candle.quoteVolume());
                        st.setLong(i++, candle.tradeCount());
                        st.setTimestamp(i, storedAt);
                        st.addBatch();
                    }
                    st.executeBatch();
                }
                if (!trim.isEmpty()) {
                    try (PreparedStatement st = c.prepareStatement(TRIM)) {
                        for (SeriesKey key : trim) {
                            st.setString(1, key.symbol().value());
                            st.setString(2, key.interval().code());
                            st.setString(3, key.symbol().value());
                            st.setString(4, key.interval().code());
                            st.setInt(5, windowSize - 1);
                            st.addBatch();
                        }
                        st.executeBatch();
                    }
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store " + candles.size() + " candle(s) in candle_window: " + e.getMessage(), e);
        }
    }

    /** Stores one consumed candle (see {@link #saveAll}). */
    public void save(CandleClosed candle, boolean trim) {
        saveAll(List.of(candle), trim ? List.of(new SeriesKey(candle.symbol(), candle.interval())) : List.of());
    }

    /** Records that the features of these candles were acknowledged by Kafka. */
    public void markPublished(List<EventId> candleIds) {
        if (candleIds.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(MARK_PUBLISHED)) {
            st.setArray(1, c.createArrayOf("text", candleIds.stream().map(EventId::value).toArray()));
            st.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot mark " + candleIds.size() + " candle(s) published: " + e.getMessage(), e);
        }
    }

    /** Records that the features of the candle {@code candleId} were acknowledged by Kafka. */
    public void markPublished(EventId candleId) {
        markPublished(List.of(candleId));
    }

    /** The newest window-size candles of every series, oldest first within a series. */
    public List<StoredCandle> loadWindows() {
        List<StoredCandle> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(LOAD)) {
            st.setInt(1, windowSize);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(read(rs));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot load candle_window: " + e.getMessage(), e);
        }
        return out;
    }

    /** Number of stored rows of one series. */
    public long count(SeriesKey key) {
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(COUNT)) {
            st.setString(1, key.symbol().value());
            st.setString(2, key.interval().code());
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count candle_window rows: " + e.getMessage(), e);
        }
    }

    private static StoredCandle read(ResultSet rs) throws SQLException {
        String causation = rs.getString("causation_id");
        CandleClosed candle = new CandleClosed(
                EventId.of(rs.getString("event_id")),
                instant(rs, "ts_event"),
                instant(rs, "ts_init"),
                causation == null ? null : EventId.of(causation),
                CandleClosed.SCHEMA_VERSION,
                rs.getString("exchange"),
                Symbol.of(rs.getString("symbol")),
                Interval.fromCode(rs.getString("interval")),
                instant(rs, "open_time"),
                instant(rs, "close_time"),
                rs.getBigDecimal("open"),
                rs.getBigDecimal("high"),
                rs.getBigDecimal("low"),
                rs.getBigDecimal("close"),
                rs.getBigDecimal("volume"),
                rs.getBigDecimal("quote_volume"),
                rs.getLong("trade_count"));
        return new StoredCandle(candle, rs.getBoolean("published"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getTimestamp(column).toInstant();
    }
}
