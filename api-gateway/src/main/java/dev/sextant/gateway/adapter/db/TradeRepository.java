package dev.sextant.gateway.adapter.db;

import dev.sextant.contracts.event.FillExecuted;
import dev.sextant.contracts.event.PositionSide;
import dev.sextant.contracts.id.Symbol;
import dev.sextant.gateway.domain.Trade;
import dev.sextant.gateway.domain.TradeLedger;
import dev.sextant.gateway.domain.TradeStatus;
import dev.sextant.gateway.domain.TradeTotals;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The gateway's trade projection (table {@code trade}), folded from fills by {@link TradeLedger}. */
@ApplicationScoped
public class TradeRepository {
    private static final String COLUMNS = "position_id, symbol, side, status, quantity, entry_price, entry_fee, entry_time, "
            + "exit_quantity, exit_price, exit_fee, exit_time, exit_reason, realized_pnl, fee_asset";

    private final AgroalDataSource db;
    private final Clock clock;

    TradeRepository(AgroalDataSource db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /**
     * Applies a fill to its trade in one transaction.
     *
     * @return the trade after the fill, or empty when this fill was applied before (a duplicate)
     */
    public Optional<Trade> apply(FillExecuted fill) {
        try (Connection con = db.getConnection()) {
            con.setAutoCommit(false);
            try {
                if (!markApplied(con, fill)) {
                    con.rollback();
                    return Optional.empty();
                }
                Trade updated = TradeLedger.apply(lockTrade(con, fill.positionId()).orElse(null), fill);
                save(con, updated);
                con.commit();
                return Optional.of(updated);
            } catch (SQLException | RuntimeException e) {
                con.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot apply fill " + fill.eventId() + ": " + e.getMessage(), e);
        }
    }

    /** True when the fill with this id was applied to its trade. */
    public boolean isApplied(String fillEventId) {
        try (Connection con = db.getConnection();
             PreparedStatement st = con.prepareStatement("SELECT 1 FROM applied_fill WHERE event_id = ?")) {
            st.setString(1, fillEventId);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read applied fill " + fillEventId + ": " + e.getMessage(), e);
        }
    }

    /** The trade of {@code positionId}, or empty. */
    public Optional<Trade> find(String positionId) {
        try (Connection con = db.getConnection();
             PreparedStatement st = con.prepareStatement("SELECT " + COLUMNS + " FROM trade WHERE position_id = ?")) {
            st.setString(1, positionId);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read trade " + positionId + ": " + e.getMessage(), e);
        }
    }

    /** Page {@code page} (zero-based) of the trades, newest first, optionally of one symbol. */
    public List<Trade> page(Symbol symbol, int page, int size) {
        String sql = "SELECT " + COLUMNS + " FROM trade" + (symbol == null ? "" : " WHERE symbol = ?")
                + " ORDER BY COALESCE(entry_time, exit_time) DESC, position_id LIMIT ? OFFSET ?";
        try (Connection con = db.getConnection(); PreparedStatement st = con.prepareStatement(sql)) {
            int i = 1;
            if (symbol != null) {
                st.setString(i++, symbol.value());
            }
            st.setInt(i++, size);
            st.setLong(i, (long) page * size);
            try (ResultSet rs = st.executeQuery()) {
                List<Trade> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(read(rs));
                }
                return out;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read trades: " + e.getMessage(), e);
        }
    }

    /** Every trade of {@code symbols}, oldest first (by entry time, else exit time). */
    public List<Trade> all(List<Symbol> symbols) {
        String sql = "SELECT " + COLUMNS + " FROM trade WHERE symbol = ANY (?) ORDER BY COALESCE(entry_time, exit_time), position_id";
        try (Connection con = db.getConnection(); PreparedStatement st = con.prepareStatement(sql)) {
            st.setArray(1, con.createArrayOf("text", symbols.stream().map(Symbol::value).toArray()));
            try (ResultSet rs = st.executeQuery()) {
                List<Trade> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(read(rs));
                }
                return out;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read trades: " + e.getMessage(), e);
        }
    }

    /** Number of trades, optionally of one symbol. */
    public long count(Symbol symbol) {
        if (symbol == null) {
            return Jdbc.count(db, "SELECT count(*) FROM trade");
        }
        try (Connection con = db.getConnection();
             PreparedStatement st = con.prepareStatement("SELECT count(*) FROM trade WHERE symbol = ?")) {
            st.setString(1, symbol.value());
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count trades: " + e.getMessage(), e);
        }
    }

    /**
     * Open/closed/winning counts and realized P&L, in total and for the trades closed on {@code marketDay}
     * (a UTC day of market time; null: none yet, so nothing counts as today).
     */
    public TradeTotals totals(LocalDate marketDay) {
        // no market day yet: NULL bounds, so no trade counts as closed today
        Instant dayStart = marketDay == null ? null : marketDay.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant dayEnd = marketDay == null ? null : marketDay.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        String sql = """
                SELECT count(*) FILTER (WHERE status = 'OPEN'),
                       count(*) FILTER (WHERE status = 'CLOSED'),
                       count(*) FILTER (WHERE status = 'CLOSED' AND realized_pnl > 0),
                       COALESCE(sum(realized_pnl), 0),
                       COALESCE(sum(realized_pnl) FILTER (WHERE status = 'CLOSED' AND exit_time >= ? AND exit_time < ?), 0)
                FROM trade
                """;
        try (Connection con = db.getConnection(); PreparedStatement st = con.prepareStatement(sql)) {
            st.setTimestamp(1, Jdbc.timestamp(dayStart));
            st.setTimestamp(2, Jdbc.timestamp(dayEnd));
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return new TradeTotals(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getBigDecimal(4), rs.getBigDecimal(5),
                        marketDay);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot total trades: " + e.getMessage(), e);
        }
    }

    /** Event time of the latest fill applied, empty before the first. */
    public Optional<Instant> latestFillTime() {
        try (Connection con = db.getConnection();
             PreparedStatement st = con.prepareStatement("SELECT max(ts_event) AS latest FROM applied_fill");
             ResultSet rs = st.executeQuery()) {
            rs.next();
            return Optional.ofNullable(Jdbc.instant(rs, "latest"));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the latest fill time: " + e.getMessage(), e);
        }
    }

    private static boolean markApplied(Connection con, FillExecuted fill) throws SQLException {
        String sql = "INSERT INTO applied_fill (event_id, position_id, ts_event) VALUES (?, ?, ?) ON CONFLICT DO NOTHING";
        try (PreparedStatement st = con.prepareStatement(sql)) {
            st.setString(1, fill.eventId().value());
            st.setString(2, fill.positionId());
            st.setTimestamp(3, Jdbc.timestamp(fill.tsEvent()));
            return st.executeUpdate() == 1;
        }
    }

    private static Optional<Trade> lockTrade(Connection con, String positionId) throws SQLException {
        try (PreparedStatement st = con.prepareStatement("SELECT " + COLUMNS + " FROM trade WHERE position_id = ? FOR UPDATE")) {
            st.setString(1, positionId);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    private void save(Connection con, Trade t) throws SQLException {
        String sql = """
                INSERT INTO trade (position_id, symbol, side, status, quantity, entry_price, entry_fee, entry_time,
                                   exit_quantity, exit_price, exit_fee, exit_time, exit_reason, realized_pnl, fee_asset, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (position_id) DO UPDATE SET
                    side = EXCLUDED.side, status = EXCLUDED.status, quantity = EXCLUDED.quantity,
                    entry_price = EXCLUDED.entry_price, entry_fee = EXCLUDED.entry_fee, entry_time = EXCLUDED.entry_time,
                    exit_quantity = EXCLUDED.exit_quantity, exit_price = EXCLUDED.exit_price, exit_fee = EXCLUDED.exit_fee,
                    exit_time = EXCLUDED.exit_time, exit_reason = EXCLUDED.exit_reason,
                    realized_pnl = EXCLUDED.realized_pnl, fee_asset = EXCLUDED.fee_asset, updated_at = EXCLUDED.updated_at
                """;
        try (PreparedStatement st = con.prepareStatement(sql)) {
            st.setString(1, t.positionId());
            st.setString(2, t.symbol().value());
            st.setString(3, t.side().name());
            st.setString(4, t.status().name());
            st.setBigDecimal(5, t.quantity());
            st.setBigDecimal(6, t.entryPrice());
            st.setBigDecimal(7, t.entryFee());
            st.setTimestamp(8, Jdbc.timestamp(t.entryTime()));
            st.setBigDecimal(9, t.exitQuantity());
            st.setBigDecimal(10, t.exitPrice());
            st.setBigDecimal(11, t.exitFee());
            st.setTimestamp(12, Jdbc.timestamp(t.exitTime()));
            st.setString(13, t.exitReason());
            st.setBigDecimal(14, t.realizedPnl());
            st.setString(15, t.feeAsset());
            st.setTimestamp(16, Jdbc.timestamp(clock.instant()));
            st.executeUpdate();
        }
    }

    private static Trade read(ResultSet rs) throws SQLException {
        return new Trade(rs.getString("position_id"), new Symbol(rs.getString("symbol")),
                PositionSide.valueOf(rs.getString("side")), TradeStatus.valueOf(rs.getString("status")),
                Jdbc.decimal(rs, "quantity"), Jdbc.decimal(rs, "entry_price"), Jdbc.decimal(rs, "entry_fee"),
                Jdbc.instant(rs, "entry_time"), Jdbc.decimal(rs, "exit_quantity"), Jdbc.decimal(rs, "exit_price"),
                Jdbc.decimal(rs, "exit_fee"), Jdbc.instant(rs, "exit_time"), rs.getString("exit_reason"),
                Jdbc.decimal(rs, "realized_pnl"), rs.getString("fee_asset"));
    }
}
