package dev.sextant.gateway.adapter.db;

import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.event.Interval;
import dev.sextant.contracts.id.EventId;
import dev.sextant.contracts.id.Symbol;
import dev.sextant.gateway.domain.CandleView;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** The gateway's candle projection (table {@code candle}), for the chart history. */
@ApplicationScoped
public class CandleRepository {
    private static final String COLUMNS =
            "event_id, symbol, bar_interval, open_time, close_time, open, high, low, close, volume";

    private final AgroalDataSource db;

    CandleRepository(AgroalDataSource db) {
        this.db = db;
    }

    /**
     * Adds the upserts of {@code candles} to the transaction on {@code con} (one JDBC batch): each candle is stored, and
     * the same candle again (same symbol, interval, open time) overwrites it with its values, so a redelivered batch
     * changes nothing. The caller passes one candle per key (the last one read, as upserting them in turn would leave).
     */
    public void upsertAll(Connection con, Collection<CandleClosed> candles) throws SQLException {
        if (candles.isEmpty()) {
            return;
        }
        String sql = """
                INSERT INTO candle (symbol, bar_interval, open_time, close_time, event_id, exchange,
                                    open, high, low, close, volume, quote_volume, trade_count)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (symbol, bar_interval, open_time) DO UPDATE SET
                    close_time = EXCLUDED.close_time, event_id = EXCLUDED.event_id, exchange = EXCLUDED.exchange,
                    open = EXCLUDED.open, high = EXCLUDED.high, low = EXCLUDED.low, close = EXCLUDED.close,
                    volume = EXCLUDED.volume, quote_volume = EXCLUDED.quote_volume, trade_count = EXCLUDED.trade_count
                """;
        try (PreparedStatement st = con.prepareStatement(sql)) {
            for (CandleClosed c : candles) {
                st.setString(1, c.symbol().value());
                st.setString(2, c.interval().code());
                st.setTimestamp(3, Timestamp.from(c.openTime()));
                st.setTimestamp(4, Timestamp.from(c.closeTime()));
                st.setString(5, c.eventId().value());
                st.setString(6, c.exchange());
                st.setBigDecimal(7, c.open());
                st.setBigDecimal(8, c.high());
                st.setBigDecimal(9, c.low());
                st.setBigDecimal(10, c.close());
                st.setBigDecimal(11, c.volume());
                st.setBigDecimal(12, c.quoteVolume());
                st.setLong(13, c.tradeCount());
                st.addBatch();
            }
            st.executeBatch();
        }
    }

    /**
     * The latest {@code limit} candles of {@code symbol}, oldest first. When {@code interval} is null,
     * the interval of the symbol's most recent candle is used.
     */
    public List<CandleView> latest(Symbol symbol, Interval interval, int limit) {
        String intervalCode = interval != null ? interval.code() : latestInterval(symbol).orElse(null);
        if (intervalCode == null) {
            return List.of();
        }
        String sql = "SELECT " + COLUMNS + " FROM candle WHERE symbol = ? AND bar_interval = ? ORDER BY open_time DESC LIMIT ?";
        List<CandleView> rows = query(sql, st -> {
            st.setString(1, symbol.value());
            st.setString(2, intervalCode);
            st.setInt(3, limit);
        });
        List<CandleView> oldestFirst = new ArrayList<>(rows);
        Collections.reverse(oldestFirst);
        return oldestFirst;
    }

    /** The symbol's most recently closed candle, of any interval. */
    public Optional<CandleView> last(Symbol symbol) {
        String sql = "SELECT " + COLUMNS + " FROM candle WHERE symbol = ? ORDER BY close_time DESC LIMIT 1";
        return query(sql, st -> st.setString(1, symbol.value())).stream().findFirst();
    }

    /** Close time of the latest candle of any symbol and interval, empty before the first. */
    public Optional<Instant> latestCloseTime() {
        try (Connection con = db.getConnection();
             PreparedStatement st = con.prepareStatement("SELECT max(close_time) AS latest FROM candle");
             ResultSet rs = st.executeQuery()) {
            rs.next();
            return Optional.ofNullable(Jdbc.instant(rs, "latest"));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read candles: " + e.getMessage(), e);
        }
    }

    /**
     * Every candle of {@code symbols} at {@code interval}, in open-time order (symbol order within one open time), as
     * the events they were projected from ({@code tsEvent} and {@code tsInit} are their close time: not stored).
     */
    public List<CandleClosed> series(List<Symbol> symbols, Interval interval) {
        if (symbols.isEmpty()) {
            return List.of();
        }
        String sql = "SELECT event_id, exchange, symbol, open_time, close_time, open, high, low, close, volume, quote_volume,"
                + " trade_count FROM candle WHERE bar_interval = ? AND symbol = ANY (?) ORDER BY open_time, symbol";
        try (Connection con = db.getConnection(); PreparedStatement st = con.prepareStatement(sql)) {
            st.setString(1, interval.code());
            st.setArray(2, con.createArrayOf("text", symbols.stream().map(Symbol::value).toArray()));
            st.setFetchSize(5000);
            try (ResultSet rs = st.executeQuery()) {
                List<CandleClosed> out = new ArrayList<>();
                while (rs.next()) {
                    Instant close = rs.getTimestamp("close_time").toInstant();
                    out.add(new CandleClosed(new EventId(rs.getString("event_id")), close, close, null,
                            CandleClosed.SCHEMA_VERSION, rs.getString("exchange"), new Symbol(rs.getString("symbol")), interval,
                            rs.getTimestamp("open_time").toInstant(), close, Jdbc.decimal(rs, "open"), Jdbc.decimal(rs, "high"),
                            Jdbc.decimal(rs, "low"), Jdbc.decimal(rs, "close"), Jdbc.decimal(rs, "volume"),
                            Jdbc.decimal(rs, "quote_volume"), rs.getLong("trade_count")));
                }
                return out;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read candles: " + e.getMessage(), e);
        }
    }

    /** Symbols with candles of {@code interval}, alphabetically. */
    public List<Symbol> symbols(Interval interval) {
        return query("SELECT DISTINCT symbol FROM candle WHERE bar_interval = ? ORDER BY symbol", rs -> new Symbol(rs.getString(1)),
                st -> st.setString(1, interval.code()));
    }

    /** Interval of the symbol's most recent candle, else of the most recent candle of any symbol; empty before the first. */
    public Optional<Interval> intervalOfLatest(Symbol preferred) {
        Optional<String> code = latestInterval(preferred).or(() -> query(
                "SELECT bar_interval FROM candle ORDER BY close_time DESC LIMIT 1", rs -> rs.getString(1), st -> { })
                .stream().findFirst());
        return code.map(Interval::fromCode);
    }

    /** Symbols with candles, alphabetically. */
    public List<String> symbols() {
        return Jdbc.strings(db, "SELECT DISTINCT symbol FROM candle ORDER BY symbol");
    }

    public long count() {
        return Jdbc.count(db, "SELECT count(*) FROM candle");
    }

    private Optional<String> latestInterval(Symbol symbol) {
        String sql = "SELECT bar_interval FROM candle WHERE symbol = ? ORDER BY close_time DESC LIMIT 1";
        try (Connection con = db.getConnection(); PreparedStatement st = con.prepareStatement(sql)) {
            st.setString(1, symbol.value());
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read candles: " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> List<T> query(String sql, Row<T> row, Jdbc.Binder binder) {
        try (Connection con = db.getConnection(); PreparedStatement st = con.prepareStatement(sql)) {
            binder.bind(st);
            try (ResultSet rs = st.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(row.read(rs));
                }
                return out;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read candles: " + e.getMessage(), e);
        }
    }

    private List<CandleView> query(String sql, Jdbc.Binder binder) {
        try (Connection con = db.getConnection(); PreparedStatement st = con.prepareStatement(sql)) {
            binder.bind(st);
            try (ResultSet rs = st.executeQuery()) {
                List<CandleView> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new CandleView(rs.getString("event_id"), rs.getString("symbol"), rs.getString("bar_interval"),
                            rs.getTimestamp("open_time").toInstant(), rs.getTimestamp("close_time").toInstant(),
                            Jdbc.decimal(rs, "open"), Jdbc.decimal(rs, "high"), Jdbc.decimal(rs, "low"),
                            Jdbc.decimal(rs, "close"), Jdbc.decimal(rs, "volume")));
                }
                return out;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read candles: " + e.getMessage(), e);
        }
    }
}
