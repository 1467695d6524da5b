package dev.sextant.gateway.retention;

import static dev.sextant.kit.retention.RetentionRule.Basis.MARKET;
import static dev.sextant.kit.retention.RetentionRule.Basis.WALL;

import dev.sextant.kit.retention.RetentionRule;
import dev.sextant.kit.retention.RetentionTables;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;

/**
 * api-gateway's projections that grow with time (docs/operations.md, "Time-series storage and retention"). The trade
 * book and the fill ids behind it (trade, applied_fill, approved_order, held_fill) are kept: fills are kept forever on
 * Kafka, and their ids are what makes a replayed fill a duplicate.
 */
@ApplicationScoped
public class GatewayRetention implements RetentionTables {
    /** Chart history: a year of market time, in monthly partitions (V3). */
    public static final RetentionRule CANDLE = RetentionRule.of("candle", "candle", "open_time", MARKET, Duration.ofDays(365))
            .partitioned(RetentionRule.Partitioning.MONTH);
    /** Prediction history: a year of market time, in monthly partitions (V3). */
    public static final RetentionRule PREDICTION =
            RetentionRule.of("prediction", "prediction", "candle_open_time", MARKET, Duration.ofDays(365))
                    .partitioned(RetentionRule.Partitioning.MONTH);

    /**
     * The events behind GET /api/v1/explain (V4): by when the gateway stored them, since their event time lies in the
     * past during a replay; after this an older trade's explain answers 404.
     */
    public static final RetentionRule EXPLAIN_EVENT =
            RetentionRule.of("explain-event", "explain_event", "stored_at", WALL, Duration.ofDays(90));

    @Override
    public List<RetentionRule> rules() {
        return List.of(CANDLE, PREDICTION, EXPLAIN_EVENT);
    }
}
