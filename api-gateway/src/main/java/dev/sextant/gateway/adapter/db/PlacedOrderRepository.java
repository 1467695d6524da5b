package dev.sextant.gateway.adapter.db;

import dev.sextant.contracts.event.FillExecuted;
import dev.sextant.contracts.event.RiskDecisionMade;
import dev.sextant.contracts.event.Side;
import dev.sextant.contracts.id.Symbol;
import dev.sextant.contracts.json.EventCodec;
import dev.sextant.gateway.domain.ApprovedOrder;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The orders the platform placed, as the gateway read them from {@code signals} (tables {@code approved_order},
 * {@code decision_watermark}), and the fills waiting for theirs ({@code held_fill}). See {@code TradeProjection}.
 */
@ApplicationScoped
public class PlacedOrderRepository {
    private final AgroalDataSource db;

    PlacedOrderRepository(AgroalDataSource db) {
        this.db = db;
    }

    /**
     * Records decisions as part of the transaction on {@code con} (JDBC batches): per symbol, the latest decision candle
     * as its watermark (never lowered), and the entry order of each approved one. Recording them again changes nothing.
     *
     * @param orders the entry orders of the approved ones among them ({@link ApprovedOrder#of}, made by the caller
     *               before it took the decisions in)
     */
    public void recordAll(Connection con, Collection<RiskDecisionMade> decisions, Collection<ApprovedOrder> orders)
            throws SQLException {
        Map<Symbol, Instant> watermarks = new LinkedHashMap<>();
        for (RiskDecisionMade d : decisions) {
            watermarks.merge(d.symbol(), d.candleOpenTime(), (a, b) -> a.isAfter(b) ? a : b);
        }
        if (!watermarks.isEmpty()) {
            try (PreparedStatement st = con.prepareStatement("""
                    INSERT INTO decision_watermark (symbol, candle_open_time) VALUES (?, ?)
                    ON CONFLICT (symbol) DO UPDATE
                        SET candle_open_time = GREATEST(decision_watermark.candle_open_time, EXCLUDED.candle_open_time)
                    """)) {
                for (Map.Entry<Symbol, Instant> w : watermarks.entrySet()) {
                    st.setString(1, w.getKey().value());
                    st.setTimestamp(2, Jdbc.timestamp(w.getValue()));
                    st.addBatch();
                }
                st.executeBatch();
            }
        }
        if (!orders.isEmpty()) {
            try (PreparedStatement st = con.prepareStatement("""
                    INSERT INTO approved_order (order_id, decision_id, symbol, side, quantity, reference_price,
                                                candle_open_time)
                    VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (order_id) DO NOTHING""")) {
                for (ApprovedOrder order : orders) {
                    st.setString(1, order.orderId());
                    st.setString(2, order.decisionId());
                    st.setString(3, order.symbol().value());
                    st.setString(4, order.side().name());
                    st.setBigDecimal(5, order.quantity());
                    st.setBigDecimal(6, order.referencePrice());
                    st.setTimestamp(7, Jdbc.timestamp(order.candleOpenTime()));
                    st.addBatch();
                }
                st.executeBatch();
            }
        }
    }

    /** The approved entry order with this id (= position id), or empty. */
    public Optional<ApprovedOrder> approved(String orderId) {
        try (Connection con = db.getConnection();
             PreparedStatement st = con.prepareStatement("SELECT * FROM approved_order WHERE order_id = ?")) {
            st.setString(1, orderId);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new ApprovedOrder(rs.getString("order_id"), rs.getString("decision_id"),
                        new Symbol(rs.getString("symbol")), Side.valueOf(rs.getString("side")),
                        Jdbc.decimal(rs, "quantity"), Jdbc.decimal(rs, "reference_price"),
                        Jdbc.instant(rs, "candle_open_time")));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read approved order " + orderId + ": " + e.getMessage(), e);
        }
    }

    /** The latest candle of a decision of {@code symbol} read so far, or empty. */
    public Optional<Instant> watermark(Symbol symbol) {
        try (Connection con = db.getConnection();
             PreparedStatement st = con.prepareStatement("SELECT candle_open_time FROM decision_watermark WHERE symbol = ?")) {
            st.setString(1, symbol.value());
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(Jdbc.instant(rs, "candle_open_time")) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the decision watermark of " + symbol + ": " + e.getMessage(), e);
        }
    }

    /** Keeps a fill until its decision comes (once per fill id). */
    public void hold(FillExecuted fill, String reason) {
        try (Connection con = db.getConnection();
             PreparedStatement st = con.prepareStatement("""
                     INSERT INTO held_fill (event_id, position_id, symbol, ts_event, payload, reason)
                     VALUES (?, ?, ?, ?, ?::jsonb, ?) ON CONFLICT (event_id) DO NOTHING""")) {
            st.setString(1, fill.eventId().value());
            st.setString(2, fill.positionId());
            st.setString(3, fill.symbol().value());
            st.setTimestamp(4, Jdbc.timestamp(fill.tsEvent()));
            st.setString(5, EventCodec.encode(fill));
            st.setString(6, reason);
            st.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot hold fill " + fill.eventId() + ": " + e.getMessage(), e);
        }
    }

    /** The held fills of {@code symbols}, oldest first, read on {@code con} (e.g. in the transaction that recorded decisions). */
    public List<FillExecuted> held(Connection con, Collection<Symbol> symbols) throws SQLException {
        if (symbols.isEmpty()) {
            return List.of();
        }
        try (PreparedStatement st = con.prepareStatement("SELECT payload::text FROM held_fill WHERE symbol = ANY (?)"
                + " AND status = 'HELD' ORDER BY ts_event, event_id")) {
            st.setArray(1, con.createArrayOf("text", symbols.stream().map(Symbol::value).distinct().toArray()));
            try (ResultSet rs = st.executeQuery()) {
                List<FillExecuted> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(EventCodec.decode(rs.getString(1), FillExecuted.class));
                }
                return out;
            }
        }
    }

    /** Ends a held fill: booked (the row goes) or refused (kept with the reason). */
    public void release(FillExecuted fill, String refusedBecause) {
        String sql = refusedBecause == null ? "DELETE FROM held_fill WHERE event_id = ?"
                : "UPDATE held_fill SET status = 'REFUSED', reason = ? WHERE event_id = ?";
        try (Connection con = db.getConnection(); PreparedStatement st = con.prepareStatement(sql)) {
            if (refusedBecause == null) {
                st.setString(1, fill.eventId().value());
            } else {
                st.setString(1, refusedBecause);
                st.setString(2, fill.eventId().value());
            }
            st.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot release held fill " + fill.eventId() + ": " + e.getMessage(), e);
        }
    }

    /** The status and reason of a held fill, for diagnostics and tests; empty when it was never held (or was booked). */
    public Optional<String> heldStatus(String eventId) {
        try (Connection con = db.getConnection();
             PreparedStatement st = con.prepareStatement("SELECT status, reason FROM held_fill WHERE event_id = ?")) {
            st.setString(1, eventId);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1) + ": " + rs.getString(2)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read held fill " + eventId + ": " + e.getMessage(), e);
        }
    }
}
