package dev.sextant.collector.retention;

import static dev.sextant.kit.retention.RetentionRule.Basis.MARKET;
import static dev.sextant.kit.retention.RetentionRule.Basis.WALL;

import dev.sextant.kit.retention.RetentionRule;
import dev.sextant.kit.retention.RetentionTables;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;

/** collector-service's tables that grow with time (docs/operations.md, "Time-series storage and retention"). */
@ApplicationScoped
public class CollectorRetention implements RetentionTables {
    /** The candle store: two years of market time, in monthly partitions (V2). */
    public static final RetentionRule CANDLES = RetentionRule.of("candles", "candles", "open_time", MARKET, Duration.ofDays(730))
            .partitioned(RetentionRule.Partitioning.MONTH);
    /**
     * The gap log: two years from detection (wall clock: the newest gap can be old in market time, so the gap log's
     * own market time says nothing about how old a gap is).
     */
    public static final RetentionRule GAPS = RetentionRule.of("gaps", "gaps", "detected_at", WALL, Duration.ofDays(730));

    @Override
    public List<RetentionRule> rules() {
        return List.of(CANDLES, GAPS);
    }
}
