package dev.sextant.risk.retention;

import static dev.sextant.kit.retention.RetentionRule.Basis.WALL;

import dev.sextant.contracts.topic.Topics;
import dev.sextant.kit.retention.RetentionRule;
import dev.sextant.kit.retention.RetentionTables;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;

/** risk-service's tables that grow with time (docs/operations.md, "Time-series storage and retention"). */
@ApplicationScoped
public class RiskRetention implements RetentionTables {
    /**
     * Every decision, approved or denied: the audit of the risk checks, kept by default. When a period is set, only
     * published decisions expire, and not before the predictions they were made from can no longer be replayed (the
     * decision id, derived from the prediction's, is what makes a replayed prediction a duplicate).
     */
    public static final RetentionRule DECISIONS = RetentionRule.of("decisions", "decisions", "created_at", WALL, null)
            .where("published")
            .withFloor(RetentionRule.Floor.replayableFrom(Topics.find(Topics.PREDICTIONS).orElseThrow()));
    /** Ids of the fills booked into the equity: fills are kept forever on Kafka, so are these. */
    public static final RetentionRule APPLIED_FILLS = RetentionRule.of("applied-fills", "applied_fills", "applied_at", WALL, null)
            .withFloor(RetentionRule.Floor.replayableFrom(Topics.find(Topics.FILLS).orElseThrow()));
    /** Control commands handled: forgotten once the control topic can no longer replay them. */
    public static final RetentionRule APPLIED_COMMANDS =
            RetentionRule.of("applied-commands", "applied_commands", "applied_at", WALL, Duration.ofDays(30))
                    .withFloor(RetentionRule.Floor.replayableFrom(Topics.find(Topics.CONTROL).orElseThrow()));

    @Override
    public List<RetentionRule> rules() {
        return List.of(DECISIONS, APPLIED_FILLS, APPLIED_COMMANDS);
    }
}
