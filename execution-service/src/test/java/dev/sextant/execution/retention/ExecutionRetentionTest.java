package dev.sextant.execution.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.sextant.kit.retention.RetentionJob;
import dev.sextant.kit.retention.RetentionRule;
import dev.sextant.kit.retention.RetentionRunner;
import dev.sextant.kit.retention.ServiceSchema;
import dev.sextant.testing.TestInfra;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * execution-service's retention on the real PostgreSQL with its own migrations: published outbox rows older than 120
 * days and handled control commands older than 30 days go (wall clock), unpublished ones never; equity marks older
 * than a year of market time go, the points of closed trades stay; V5's TimescaleDB branch parses.
 */
class ExecutionRetentionTest {
    private static TestInfra infra;
    private static ServiceSchema db;

    @BeforeAll
    static void setUp() throws Exception {
        infra = TestInfra.start();
        db = ServiceSchema.create(infra, "execret");
        db.migrate("latest");
        db.sql("INSERT INTO outbox (event_id, event_type, payload, created_at, published_at) VALUES"
                        + " ('o-old', 'FillExecuted', '{}', '2026-08-02T23:59:59Z', '2026-08-02T23:59:59Z'),"  // 120 days + 1 s
                        + " ('o-edge', 'FillExecuted', '{}', '2026-08-03T00:00:00Z', '2026-08-03T00:00:00Z'),"
                        + " ('o-unpublished', 'FillExecuted', '{}', '2020-01-01T00:00:00Z', NULL)",
                "INSERT INTO applied_commands (event_id, command_type, ts_event, outcome, applied_at) VALUES"
                        + " ('cmd-old', 'CLOSE', '2026-10-01T00:00:00Z', 'APPLIED', '2026-10-31T23:59:59Z'),"
                        + " ('cmd-new', 'CLOSE', '2026-11-30T00:00:00Z', 'APPLIED', '2026-11-30T00:00:00Z')",
                // market time: the newest point is 2025-06-30; a year before it is the cutoff
                "INSERT INTO equity_points (ts, kind, ref, cash, equity) VALUES"
                        + " ('2024-06-29T23:59:59Z', 'MARK', 'c1', 1, 1),"
                        + " ('2024-06-30T00:00:00Z', 'MARK', 'c2', 1, 1),"
                        + " ('2024-01-01T00:00:00Z', 'TRADE', 'pos-1', 1, 1),"
                        + " ('2025-06-30T00:00:00Z', 'MARK', 'c3', 1, 1)");
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (db != null) {
            db.close();
        }
        infra.close();
    }

    @Test
    void defaultRulesRemoveExactlyTheExpiredRows() throws Exception {
        List<RetentionRule> rules = new ArrayList<>(new ExecutionRetention().rules());
        rules.add(RetentionJob.PARKED_RECORDS);
        RetentionRunner.RunReport run = new RetentionRunner(db.dataSource(),
                Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC), 1000, 2, () -> true)
                .run(ServiceSchema.defaults(rules));

        assertThat(run.tables()).extracting(RetentionRunner.TableReport::table, RetentionRunner.TableReport::mode,
                RetentionRunner.TableReport::error, RetentionRunner.TableReport::expired).containsExactly(
                tuple("outbox", "table", null, 1L),
                tuple("applied_commands", "table", null, 1L),
                tuple("equity_points", "table", null, 1L),
                tuple("parked_records", "absent", null, 0L));
        assertThat(db.strings("SELECT event_id FROM outbox ORDER BY 1")).containsExactly("o-edge", "o-unpublished");
        assertThat(db.strings("SELECT event_id FROM applied_commands")).containsExactly("cmd-new");
        assertThat(db.strings("SELECT ref FROM equity_points ORDER BY ts")).containsExactly("pos-1", "c2", "c3");
    }

    @Test
    void v5TimescaleBranchParses() throws Exception {
        List<String> blocks = ServiceSchema.doBlocks(ServiceSchema.resource("db/migration/V5__retention_indexes.sql"));
        assertThat(blocks).singleElement().asString().contains("add_compression_policy('equity_points'");
        try (Connection c = TestInfra.jdbc()) {
            ServiceSchema.parse(c, blocks.getFirst());
        }
    }
}
