package dev.sextant.prediction.retention;

import static dev.sextant.kit.retention.RetentionRule.Basis.MARKET;

import dev.sextant.contracts.topic.Topics;
import dev.sextant.kit.retention.RetentionRule;
import dev.sextant.kit.retention.RetentionTables;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;

/** prediction-service's tables that grow with time (docs/operations.md, "Time-series storage and retention"). */
@ApplicationScoped
public class PredictionRetention implements RetentionTables {
    /** Every prediction with its outcome: a year of market time (the accuracy history). */
    public static final RetentionRule PREDICTIONS =
            RetentionRule.of("predictions", "predictions", "candle_open_time", MARKET, Duration.ofDays(365));
    /**
     * The closes that resolve outcomes, in daily partitions (V3): a close is needed as long as a prediction of its
     * candle (or the one before) can still be made, i.e. while the features of that candle can be replayed.
     */
    public static final RetentionRule CANDLE_CLOSES =
            RetentionRule.of("candle-closes", "candle_closes", "open_time", MARKET, Duration.ofDays(30))
                    .partitioned(RetentionRule.Partitioning.DAY)
                    .withFloor(RetentionRule.Floor.replayableFrom(Topics.find(Topics.FEATURES).orElseThrow()));

    @Override
    public List<RetentionRule> rules() {
        return List.of(PREDICTIONS, CANDLE_CLOSES);
    }
}
