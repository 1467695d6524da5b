package dev.sextant.collector.adapter;

import dev.sextant.collector.domain.Gap;
import dev.sextant.collector.domain.ReplayOutcome;
import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.event.Interval;
import dev.sextant.contracts.id.Symbol;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The candle store ({@code candles}) and the gap log ({@code gaps}); every write is idempotent. */
@ApplicationScoped
public class CandleRepository {
    private static final String UPSERT_CANDLE = """
            INSERT INTO candles (event_id, exchange, symbol, interval, open_time, close_time, raw_close_time,
                                 open, high, low, close, volume, quote_volume, trade_count, ts_init)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (exchange, symbol, interval, open_time) DO NOTHING""";
    private static final String INSERT_GAP = """
            INSERT INTO gaps (exchange, symbol, interval, from_open_time, to_open_time, missing)
            VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (exchange, symbol, interval, from_open_time) DO NOTHING""";

    private final AgroalDataSource dataSource;

    public CandleRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Open time of the last stored candle per symbol (symbols without any are absent). */
    public Map<Symbol, Instant> lastOpenTimes(String exchange, Interval interval, Collection<Symbol> symbols) {
        Map<Symbol, Instant> last = new HashMap<>();
        String sql = "SELECT max(open_time) FROM candles WHERE exchange = ? AND symbol = ? AND interval = ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            for (Symbol symbol : symbols) {
                st.setString(1, exchange);
                st.setString(2, symbol.value());
                st.setString(3, interval.code());
                try (ResultSet rs = st.executeQuery()) {
                    OffsetDateTime max = rs.next() ? rs.getObject(1, OffsetDateTime.class) : null;
                    if (max != null) {
                        last.put(symbol, max.toInstant());
                    }
                }
            }
            return last;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the last stored candles: " + e.getMessage(), e);
        }
    }

    /** Stores the candles and gaps of one batch in one transaction; rows already present are left as they are. */
    public void store(String exchange, List<ReplayOutcome.Accepted> accepted, List<Gap> gaps) {
        if (accepted.isEmpty() && gaps.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement st = c.prepareStatement(UPSERT_CANDLE)) {
                    for (ReplayOutcome.Accepted a : accepted) {
                        bindCandle(st, a);
                        st.addBatch();
                    }
                    st.executeBatch();
                }
                try (PreparedStatement st = c.prepareStatement(INSERT_GAP)) {
                    for (Gap gap : gaps) {
                        st.setString(1, exchange);
                        st.setString(2, gap.symbol().value());
                        st.setString(3, gap.interval().code());
                        st.setObject(4, utc(gap.from()));
                        st.setObject(5, utc(gap.to()));
                        st.setLong(6, gap.missing());
                        st.addBatch();
                    }
                    st.executeBatch();
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store candles: " + e.getMessage(), e);
        }
    }

    /** True when the database answers. */
    public boolean ping() {
        try (Connection c = dataSource.getConnection()) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    private static void bindCandle(PreparedStatement st, ReplayOutcome.Accepted a) throws SQLException {
        CandleClosed candle = a.candle();
        st.setObject(1, UUID.fromString(candle.eventId().value()));
        st.setString(2, candle.exchange());
        st.setString(3, candle.symbol().value());
        st.setString(4, candle.interval().code());
        st.setObject(5, utc(candle.openTime()));
        st.setObject(6, utc(candle.closeTime()));
        st.setObject(7, utc(a.kline().rawCloseTime()));
        st.setBigDecimal(8, candle.open());
        st.setBigDecimal(9, candle.high());
        st.setBigDecimal(10, candle.low());
        st.setBigDecimal(11, candle.close());
        st.setBigDecimal(12, candle.volume());
        st.setBigDecimal(13, candle.quoteVolume());
        st.setLong(14, candle.tradeCount());
        st.setObject(15, utc(candle.tsInit()));
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
