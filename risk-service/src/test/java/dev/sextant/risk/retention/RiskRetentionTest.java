package dev.sextant.risk.retention;

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
 * risk-service's retention on the real PostgreSQL with its own migrations: by default only handled control commands
 * older than 30 days (wall clock) go; decisions and applied fill ids stay however old; V4's TimescaleDB branch parses.
 */
class RiskRetentionTest {
    private static TestInfra infra;
    private static ServiceSchema db;

    @BeforeAll
    static void setUp() throws Exception {
        infra = TestInfra.start();
        db = ServiceSchema.create(infra, "riskret");
        db.migrate("latest");
        db.sql("INSERT INTO applied_commands (event_id, command_type, ts_event, outcome, applied_at) VALUES"
                        + " ('cmd-old', 'HALT', '2026-10-01T00:00:00Z', 'APPLIED', '2026-10-31T23:59:59Z'),"
                        + " ('cmd-edge', 'HALT', '2026-10-01T00:00:00Z', 'APPLIED', '2026-11-01T00:00:00Z'),"
                        + " ('cmd-new', 'RESUME', '2026-11-30T00:00:00Z', 'APPLIED', '2026-11-30T00:00:00Z')",
                "INSERT INTO applied_fills (event_id, ts_event, applied_at) VALUES ('fill-2020', '2020-01-01T00:00:00Z',"
                        + " '2020-01-01T00:00:00Z')",
                "INSERT INTO decisions (event_id, ts_event, prediction_id, symbol, candle_interval, candle_open_time, approved,"
                        + " checks, payload, published, created_at) VALUES ('d-2020', '2020-01-01T00:00:00Z', 'p', 'BTCUSDT', '1h',"
                        + " '2020-01-01T00:00:00Z', true, '[]', '{}', true, '2020-01-01T00:00:00Z')");
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (db != null) {
            db.close();
        }
        infra.close();
    }

    @Test
    void defaultRulesForgetOnlyOldControlCommands() throws Exception {
        List<RetentionRule> rules = new ArrayList<>(new RiskRetention().rules());
        rules.add(RetentionJob.PARKED_RECORDS);
        RetentionRunner.RunReport run = new RetentionRunner(db.dataSource(),
                Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC), 1000, 2, () -> true)
                .run(ServiceSchema.defaults(rules));

        assertThat(run.tables()).extracting(RetentionRunner.TableReport::table, RetentionRunner.TableReport::mode,
                RetentionRunner.TableReport::error, RetentionRunner.TableReport::expired).containsExactly(
                tuple("decisions", "table", null, 0L),
                tuple("applied_fills", "table", null, 0L),
                tuple("applied_commands", "table", null, 1L),
                tuple("parked_records", "absent", null, 0L));
        assertThat(db.strings("SELECT event_id FROM applied_commands ORDER BY 1")).containsExactly("cmd-edge", "cmd-new");
        assertThat(db.strings("SELECT event_id FROM applied_fills")).containsExactly("fill-2020");
        assertThat(db.strings("SELECT event_id FROM decisions")).containsExactly("d-2020");
    }

    @Test
    void v4TimescaleBranchParses() throws Exception {
        List<String> blocks = ServiceSchema.doBlocks(ServiceSchema.resource("db/migration/V4__retention_indexes.sql"));
        assertThat(blocks).singleElement().asString().contains("add_compression_policy('decisions'");
        try (Connection c = TestInfra.jdbc()) {
            ServiceSchema.parse(c, blocks.getFirst());
        }
    }
}
