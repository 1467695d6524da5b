package dev.sextant.prediction.retention;

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
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * prediction-service's V3 on the real PostgreSQL (no TimescaleDB here): candle_closes becomes a daily-partitioned
 * table keeping its rows, predictions keeps its unique event id; the TimescaleDB branch parses; the default rules
 * remove exactly the expired predictions and closes (30 days of market time) and make the partitions ahead.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PredictionRetentionTest {
    private static TestInfra infra;
    private static ServiceSchema db;

    @BeforeAll
    static void setUp() throws Exception {
        infra = TestInfra.start();
        db = ServiceSchema.create(infra, "predret");
        db.migrate("2");
        close("2026-10-01T00:00:00Z");          // expired (cutoff: newest close 2026-11-30T12:00 - 30 days)
        close("2026-10-31T11:59:00Z");          // expired by a minute
        db.migrate("latest");
        close("2026-10-31T12:00:00Z");          // at the cutoff: kept
        close("2026-11-30T12:00:00Z");          // the newest
        prediction("p-old", "2025-11-30T11:59:00Z");   // 365 days before 2026-11-30T12:00, and a minute: expired
        prediction("p-edge", "2025-11-30T12:00:00Z");
        prediction("p-new", "2026-11-30T12:00:00Z");
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (db != null) {
            db.close();
        }
        infra.close();
    }

    private static void close(String openTime) throws Exception {
        db.sql("INSERT INTO candle_closes (symbol, candle_interval, open_time, close) VALUES ('BTCUSDT', '1m', '" + openTime + "', 1)");
    }

    private static void prediction(String id, String openTime) throws Exception {
        db.sql("INSERT INTO predictions (event_id, causation_id, symbol, candle_interval, candle_open_time, target_open_time,"
                + " ts_event, ts_init, model_id, model_version, feature_set_version, prob_up, prob_down, confidence,"
                + " predicted_up, reference_close) VALUES ('" + id + "', 'f', 'BTCUSDT', '1m', '" + openTime + "', '"
                + openTime + "', '" + openTime + "', now(), 'm', '1', '1', 0.6, 0.4, 0.6, true, 1)");
    }

    @Test
    @Order(1)
    void v3PartitionsCandleClosesKeepsItsRowsAndOnlyParsesTheTimescaleBranch() throws Exception {
        assertThat(db.relkind("candle_closes")).isEqualTo("p");
        assertThat(db.strings("SELECT to_char(open_time AT TIME ZONE 'UTC', 'MM-DD HH24:MI') || ' ' || tableoid::regclass"
                + " FROM candle_closes ORDER BY open_time")).containsExactly("10-01 00:00 candle_closes_default",
                "10-31 11:59 candle_closes_default", "10-31 12:00 candle_closes_default", "11-30 12:00 candle_closes_default");
        assertThat(db.relkind("predictions")).as("its event id alone is unique: stays a plain table").isEqualTo("r");
        assertThat(db.strings("SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'predictions'"))
                .contains("predictions_event_id_key", "predictions_candle_open_time_idx");
        assertThat(db.strings("SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'candle_closes'::regclass"))
                .containsExactly("PRIMARY KEY (symbol, candle_interval, open_time)");
        List<String> blocks = ServiceSchema.doBlocks(ServiceSchema.resource("db/migration/V3__time_partitioned_retention.sql"));
        assertThat(blocks).singleElement().asString().contains("add_compression_policy('predictions'",
                "add_compression_policy('candle_closes'");
        try (Connection c = TestInfra.jdbc()) {
            ServiceSchema.parse(c, blocks.getFirst());
        }
    }

    @Test
    @Order(2)
    void defaultRulesRemoveExactlyTheExpiredRows() throws Exception {
        List<RetentionRule> rules = new ArrayList<>(new PredictionRetention().rules());
        rules.add(RetentionJob.PARKED_RECORDS);
        RetentionRunner.RunReport run = new RetentionRunner(db.dataSource(),
                Clock.fixed(Instant.parse("2026-12-01T06:00:00Z"), ZoneOffset.UTC), 1000, 2, () -> true)
                .run(ServiceSchema.defaults(rules));

        assertThat(run.tables()).extracting(RetentionRunner.TableReport::table, RetentionRunner.TableReport::mode,
                RetentionRunner.TableReport::error, RetentionRunner.TableReport::expired).containsExactly(
                tuple("predictions", "table", null, 1L),
                tuple("candle_closes", "partitioned", null, 2L),
                tuple("parked_records", "absent", null, 0L));
        assertThat(db.strings("SELECT event_id FROM predictions ORDER BY 1")).containsExactly("p-edge", "p-new");
        assertThat(db.strings("SELECT to_char(open_time AT TIME ZONE 'UTC', 'MM-DD HH24:MI') || ' ' || tableoid::regclass"
                + " FROM candle_closes ORDER BY open_time")).containsExactly(
                "10-31 12:00 candle_closes_p20261031", "11-30 12:00 candle_closes_p20261130");
        // daily partitions from the cutoff's day to two days after today
        assertThat(db.partitions("candle_closes")).hasSize(1 + 34).contains("candle_closes_default",
                "candle_closes_p20261031", "candle_closes_p20261203").doesNotContain("candle_closes_p20261204");
    }
}
