package dev.sextant.execution.retention;

import static dev.sextant.kit.retention.RetentionRule.Basis.MARKET;
import static dev.sextant.kit.retention.RetentionRule.Basis.WALL;

import dev.sextant.contracts.topic.Topics;
import dev.sextant.kit.retention.RetentionRule;
import dev.sextant.kit.retention.RetentionRule.Floor;
import dev.sextant.kit.retention.RetentionTables;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;

/**
 * execution-service's tables that grow with time (docs/operations.md, "Time-series storage and retention"). The
 * books (orders, fills, positions, closed trades, account, settlements) are kept: they are the audit trail and what
 * the kernel and the reconciliation restore from.
 */
@ApplicationScoped
public class ExecutionRetention implements RetentionTables {
    /**
     * Published outbox rows (unpublished ones never expire). The unique event id refuses an event derived twice from a
     * replayed input, so a row stays as long as any topic execution reads can replay what it was derived from.
     */
    public static final RetentionRule OUTBOX = RetentionRule.of("outbox", "outbox", "published_at", WALL, Duration.ofDays(120))
            .withFloor(Floor.strictest(Floor.replayableFrom(Topics.find(Topics.SIGNALS).orElseThrow()),
                    Floor.replayableFrom(Topics.find(Topics.CANDLES).orElseThrow()),
                    Floor.replayableFrom(Topics.find(Topics.CONTROL).orElseThrow())));
    /** Control commands handled: forgotten once the control topic can no longer replay them. */
    public static final RetentionRule APPLIED_COMMANDS =
            RetentionRule.of("applied-commands", "applied_commands", "applied_at", WALL, Duration.ofDays(30))
                    .withFloor(Floor.replayableFrom(Topics.find(Topics.CONTROL).orElseThrow()));
    /** The equity marked at every candle close: a year of market time; the points after each closed trade stay. */
    public static final RetentionRule EQUITY_MARKS =
            RetentionRule.of("equity-marks", "equity_points", "ts", MARKET, Duration.ofDays(365)).where("kind = 'MARK'");

    @Override
    public List<RetentionRule> rules() {
        return List.of(OUTBOX, APPLIED_COMMANDS, EQUITY_MARKS);
    }
}
