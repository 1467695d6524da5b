package dev.sextant.gateway.adapter.db;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/** The gateway's accepted market time (table {@code market_time}): what "today" is seeded from after a restart. */
@ApplicationScoped
public class MarketTimeRepository {
    private final AgroalDataSource db;

    MarketTimeRepository(AgroalDataSource db) {
        this.db = db;
    }

    /** The latest market time stored, empty before the first. */
    public Optional<Instant> latest() {
        try (Connection con = db.getConnection();
             PreparedStatement st = con.prepareStatement("SELECT latest FROM market_time WHERE id = 1");
             ResultSet rs = st.executeQuery()) {
            return rs.next() ? Optional.of(Jdbc.instant(rs, "latest")) : Optional.empty();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the market time: " + e.getMessage(), e);
        }
    }

    /** Stores {@code latest} unless a later time is stored already (market time never moves back). */
    public void save(Instant latest) {
        try (Connection con = db.getConnection()) {
            save(con, latest);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store the market time: " + e.getMessage(), e);
        }
    }

    /** {@link #save(Instant)} as part of the transaction on {@code con} (e.g. with the candles that moved it). */
    public void save(Connection con, Instant latest) throws SQLException {
        try (PreparedStatement st = con.prepareStatement("""
                INSERT INTO market_time (id, latest, updated_at) VALUES (1, ?, now())
                ON CONFLICT (id) DO UPDATE SET latest = GREATEST(market_time.latest, EXCLUDED.latest), updated_at = now()
                """)) {
            st.setTimestamp(1, Jdbc.timestamp(latest));
            st.executeUpdate();
        }
    }
}
