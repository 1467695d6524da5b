package dev.sextant.feature.adapter;

import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.feature.domain.FeatureStreams;
import dev.sextant.feature.domain.FeaturesEvents;
import dev.sextant.feature.domain.SeriesKey;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Scale-out by symbol: several feature-service instances share the {@code candles} partitions (one consumer group),
 * and a series' partition moves between them on every rebalance. The engines in memory are therefore trusted only as
 * far as the store agrees: before a batch applies its first candle of a series, the series' newest stored open time
 * ({@code candle_window}, which every instance writes before it publishes) is compared with the engine's. When another
 * instance has stored newer candles of the series — it held the partition meanwhile — the engines are rebuilt from the
 * store (as at start-up) before the candle is applied, with this batch's candles applied again on top; the stored
 * candles of that series whose features were never acknowledged are handed back to be published (their ids are
 * derived, so a copy the other instance also published is a duplicate). A revoked series thus needs no dropping:
 * whatever this instance still holds of it is checked before its next use. Two instances that briefly process the same
 * candles (a revoked batch still in flight) compute the same features from the same stored window, under the same ids.
 */
@ApplicationScoped
public class SharedSeries {
    private static final Logger LOG = Logger.getLogger(SharedSeries.class);
    private static final String NEWEST = "SELECT max(open_time) FROM candle_window WHERE symbol = ? AND interval = ?";

    private final AgroalDataSource dataSource;
    private final StateRebuilder rebuilder;
    private final FeatureState state;

    public SharedSeries(AgroalDataSource dataSource, StateRebuilder rebuilder, FeatureState state) {
        this.dataSource = dataSource;
        this.rebuilder = rebuilder;
        this.state = state;
    }

    /**
     * The engines to apply a candle of {@code key} to: {@code streams} when they are current for the series, else
     * engines rebuilt from the store (installed as the live ones).
     *
     * @param applied     the candles this batch applied so far (in memory, not stored yet), oldest first
     * @param unpublished receives the stored candles of {@code key} whose features were never acknowledged
     */
    FeatureStreams current(FeatureStreams streams, SeriesKey key, List<CandleClosed> applied,
                           Consumer<StateRebuilder.Pending> unpublished) {
        Instant stored = newestStored(key);
        Instant mine = streams.lastOpenTime(key);
        if (stored == null || (mine != null && !stored.isAfter(mine))) {
            return streams;
        }
        StateRebuilder.Rebuilt rebuilt = rebuilder.rebuild();
        FeatureStreams fresh = rebuilt.streams();
        for (CandleClosed candle : applied) {
            fresh.accept(FeaturesEvents.key(candle), FeaturesEvents.bar(candle)); // a stored one is stale: nothing changes
        }
        rebuilt.pending().stream().filter(p -> FeaturesEvents.key(p.candle()).equals(key)).forEach(unpublished);
        state.install(fresh);
        LOG.infof("series %s: another instance stored it up to %s (this one was at %s): engines rebuilt from %d stored"
                + " candles", key, stored, mine, rebuilt.replayed());
        return fresh;
    }

    private Instant newestStored(SeriesKey key) {
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(NEWEST)) {
            st.setString(1, key.symbol().value());
            st.setString(2, key.interval().code());
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                Timestamp t = rs.getTimestamp(1);
                return t == null ? null : t.toInstant();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the newest stored candle of " + key + ": " + e.getMessage(), e);
        }
    }
}
