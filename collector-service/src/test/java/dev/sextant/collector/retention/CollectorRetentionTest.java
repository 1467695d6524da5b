package dev.sextant.collector.retention;

import static org.assertj.core.api.Assertions.assertThat;

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
 * collector-service's V2 on the real PostgreSQL (no TimescaleDB here): candles becomes a monthly-partitioned table
 * keeping its rows, the TimescaleDB branch is not applied but parses; then the retention job with the service's
 * default rules removes exactly the expired candles and gaps and makes the partitions ahead.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CollectorRetentionTest {
    private static TestInfra infra;
    private static ServiceSchema db;

    @BeforeAll
    static void setUp() throws Exception {
        infra = TestInfra.start();
        db = ServiceSchema.create(infra, "collret");
        db.migrate("1");
        // rows written before V2: they must survive the conversion
        candle("2024-11-01T00:00:00Z");   // expired under the default 730 days
        candle("2024-11-30T22:59:00Z");   // expired by a minute
        candle("2024-11-30T23:00:00Z");   // at the cutoff: kept
        db.migrate("latest");
        candle("2025-06-01T00:00:00Z");
        candle("2026-11-30T23:00:00Z");   // the newest market time: the reference
        db.sql("INSERT INTO gaps (exchange, symbol, interval, from_open_time, to_open_time, missing, detected_at)"
                + " VALUES ('binance', 'BTCUSDT', '1h', '2024-10-31T00:00:00Z', '2024-11-01T00:00:00Z', 25, '2024-12-01T05:59:59Z'),"
                + " ('binance', 'BTCUSDT', '1h', '2024-12-31T00:00:00Z', '2025-01-01T00:00:00Z', 25, '2024-12-01T06:00:00Z')");
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (db != null) {
            db.close();
        }
        infra.close();
    }

    private static void candle(String openTime) throws Exception {
        db.sql("INSERT INTO candles (event_id, exchange, symbol, interval, open_time, close_time, raw_close_time, open, high,"
                + " low, close, volume, quote_volume, trade_count, ts_init) VALUES (gen_random_uuid(), 'binance', 'BTCUSDT',"
                + " '1h', '" + openTime + "', timestamptz '" + openTime + "' + interval '1 hour', timestamptz '" + openTime
                + "' + interval '1 hour' - interval '1 millisecond', 1, 2, 0.5, 1.5, 10, 15, 7, now())");
    }

    @Test
    @Order(1)
    void v2MakesCandlesPartitionedKeepsItsRowsAndOnlyParsesTheTimescaleBranch() throws Exception {
        assertThat(db.relkind("candles")).isEqualTo("p");
        assertThat(db.strings("SELECT to_char(open_time AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') || ' ' || tableoid::regclass"
                + " FROM candles ORDER BY open_time")).as("the rows written before V2, and after it, wait in the default partition")
                .containsExactly("2024-11-01 00:00 candles_default", "2024-11-30 22:59 candles_default",
                        "2024-11-30 23:00 candles_default", "2025-06-01 00:00 candles_default", "2026-11-30 23:00 candles_default");
        assertThat(db.partitions("candles")).contains("candles_default");
        assertThat(db.relkind("candles_1h")).as("the continuous aggregate needs TimescaleDB").isNull();
        assertThat(db.relkind("candles_unpartitioned")).isNull();
        assertThat(db.strings("SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'candles'::regclass"))
                .containsExactly("PRIMARY KEY (exchange, symbol, \"interval\", open_time)");
        assertThat(db.strings("SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'candles'"))
                .containsExactlyInAnyOrder("candles_natural_key", "candles_event_id", "candles_open_time");

        String v2 = ServiceSchema.resource("db/migration/V2__candles_time_partitioned.sql");
        List<String> blocks = ServiceSchema.doBlocks(v2);
        assertThat(blocks).hasSize(1);
        assertThat(blocks.getFirst()).contains("CREATE MATERIALIZED VIEW candles_1h WITH (timescaledb.continuous)",
                "add_continuous_aggregate_policy('candles_1h'", "add_compression_policy('candles'", "WHERE \"interval\" = '1m'");
        try (Connection c = TestInfra.jdbc()) {
            ServiceSchema.parse(c, blocks.getFirst()); // PostgreSQL's grammar, both branches
        }
    }

    @Test
    @Order(2)
    void defaultRulesRemoveExactlyTheExpiredRowsAndMakePartitionsAhead() throws Exception {
        List<RetentionRule> rules = new ArrayList<>(new CollectorRetention().rules());
        rules.add(RetentionJob.PARKED_RECORDS);
        RetentionRunner runner = new RetentionRunner(db.dataSource(),
                Clock.fixed(Instant.parse("2026-12-01T06:00:00Z"), ZoneOffset.UTC), 1000, 2, () -> true);

        RetentionRunner.RunReport run = runner.run(ServiceSchema.defaults(rules));

        assertThat(run.tables()).extracting(RetentionRunner.TableReport::table, RetentionRunner.TableReport::mode,
                RetentionRunner.TableReport::error).containsExactly(
                org.assertj.core.groups.Tuple.tuple("candles", "partitioned", null),
                org.assertj.core.groups.Tuple.tuple("gaps", "table", null),
                org.assertj.core.groups.Tuple.tuple("parked_records", "absent", null));
        RetentionRunner.TableReport candles = run.tables().getFirst();
        assertThat(candles.cutoff()).isEqualTo(Instant.parse("2024-11-30T23:00:00Z"));
        assertThat(candles.expired()).isEqualTo(2);
        assertThat(candles.partitionsCreated()).isEqualTo(28); // 2024-11 (the cutoff's) .. 2027-02 (two ahead of now)
        assertThat(db.strings("SELECT to_char(open_time AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') || ' ' || tableoid::regclass"
                + " FROM candles ORDER BY open_time")).containsExactly(
                "2024-11-30 23:00 candles_p20241101", "2025-06-01 00:00 candles_p20250601", "2026-11-30 23:00 candles_p20261101");
        assertThat(db.partitions("candles")).contains("candles_p20270201").doesNotContain("candles_p20241001", "candles_p20270301");
        // gaps: wall clock 2026-12-01T06:00 - 730 days = 2024-12-01T06:00
        assertThat(run.tables().get(1).cutoff()).isEqualTo(Instant.parse("2024-12-01T06:00:00Z"));
        assertThat(db.strings("SELECT to_open_time::date::text FROM gaps")).containsExactly("2025-01-01");
    }
}
