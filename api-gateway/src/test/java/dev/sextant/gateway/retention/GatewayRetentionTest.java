package dev.sextant.gateway.retention;

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
 * api-gateway's V3 on the real PostgreSQL (no TimescaleDB here): the candle and prediction projections become
 * monthly-partitioned tables keeping their rows and keys (the projection's upserts still work); the TimescaleDB branch
 * parses; the default rules remove exactly the expired rows.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GatewayRetentionTest {
    private static TestInfra infra;
    private static ServiceSchema db;

    @BeforeAll
    static void setUp() throws Exception {
        infra = TestInfra.start();
        db = ServiceSchema.create(infra, "gwret");
        db.migrate("2");
        candle("c-old", "2025-11-30T11:59:00Z");   // expired (newest 2026-11-30T12:00 - 365 days, and a minute)
        prediction("p-old", "2025-11-30T11:59:00Z");
        db.migrate("latest");
        // explain_event (V4) by stored_at, wall time: 90 days before the run's clock (2026-12-01T06:00) is the cutoff.
        explainEvent("e-old", "2026-09-02T05:59:00Z");
        explainEvent("e-new", "2026-09-02T06:01:00Z");
        candle("c-edge", "2025-11-30T12:00:00Z");
        candle("c-new", "2026-11-30T12:00:00Z");
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

    private static void candle(String id, String openTime) throws Exception {
        // the projection's own upsert (CandleRepository)
        db.sql("INSERT INTO candle (symbol, bar_interval, open_time, close_time, event_id, exchange, open, high, low, close,"
                + " volume, quote_volume, trade_count) VALUES ('BTCUSDT', '1h', '" + openTime + "', '" + openTime + "', '" + id
                + "', 'binance', 1, 2, 0.5, 1.5, 10, 15, 7) ON CONFLICT (symbol, bar_interval, open_time) DO UPDATE SET"
                + " event_id = EXCLUDED.event_id");
    }

    private static void explainEvent(String id, String storedAt) throws Exception {
        db.sql("INSERT INTO explain_event (event_id, type, topic, ts_event, payload, stored_at) VALUES ('" + id
                + "', 'CandleClosed', 'candles', '2024-01-01T00:59:59.999Z', '{}'::jsonb, '" + storedAt + "')");
    }

    private static void prediction(String id, String openTime) throws Exception {
        db.sql("INSERT INTO prediction (event_id, candle_open_time, symbol, bar_interval, ts_event, model_id, model_version,"
                + " feature_set_version, prob_up, prob_down, confidence, horizons) VALUES ('" + id + "', '" + openTime
                + "', 'BTCUSDT', '1h', '" + openTime + "', 'm', '1', '1', 0.6, 0.4, 0.6, '{}'::jsonb)"
                + " ON CONFLICT (event_id, candle_open_time) DO NOTHING");
    }

    @Test
    @Order(1)
    void v3PartitionsTheProjectionsKeepingRowsAndKeys() throws Exception {
        assertThat(db.relkind("candle")).isEqualTo("p");
        assertThat(db.relkind("prediction")).isEqualTo("p");
        assertThat(db.strings("SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'candle'::regclass ORDER BY 1"))
                .containsExactly("PRIMARY KEY (symbol, bar_interval, open_time)", "UNIQUE (event_id, open_time)");
        assertThat(db.strings("SELECT event_id FROM candle ORDER BY open_time")).containsExactly("c-old", "c-edge", "c-new");
        candle("c-new-again", "2026-11-30T12:00:00Z"); // an upsert of the same candle updates the row
        assertThat(db.strings("SELECT event_id FROM candle WHERE open_time = '2026-11-30T12:00:00Z'")).containsExactly("c-new-again");
        candle("c-new", "2026-11-30T12:00:00Z");
        List<String> blocks = ServiceSchema.doBlocks(ServiceSchema.resource("db/migration/V3__time_partitioned_retention.sql"));
        assertThat(blocks).singleElement().asString().contains("add_compression_policy('candle'",
                "add_compression_policy('prediction'");
        try (Connection c = TestInfra.jdbc()) {
            ServiceSchema.parse(c, blocks.getFirst());
        }
    }

    @Test
    @Order(2)
    void defaultRulesRemoveExactlyTheExpiredRows() throws Exception {
        List<RetentionRule> rules = new ArrayList<>(new GatewayRetention().rules());
        rules.add(RetentionJob.PARKED_RECORDS);
        RetentionRunner.RunReport run = new RetentionRunner(db.dataSource(),
                Clock.fixed(Instant.parse("2026-12-01T06:00:00Z"), ZoneOffset.UTC), 1000, 2, () -> true)
                .run(ServiceSchema.defaults(rules));

        assertThat(run.tables()).extracting(RetentionRunner.TableReport::table, RetentionRunner.TableReport::mode,
                RetentionRunner.TableReport::error, RetentionRunner.TableReport::expired,
                RetentionRunner.TableReport::partitionsCreated).containsExactly(
                tuple("candle", "partitioned", null, 1L, 16),     // 2025-11 .. 2027-02
                tuple("prediction", "partitioned", null, 1L, 16),
                tuple("explain_event", "table", null, 1L, 0),
                tuple("parked_records", "absent", null, 0L, 0));
        assertThat(db.strings("SELECT event_id FROM explain_event ORDER BY event_id")).containsExactly("e-new");
        assertThat(db.strings("SELECT event_id || ' ' || tableoid::regclass FROM candle ORDER BY open_time"))
                .containsExactly("c-edge candle_p20251101", "c-new candle_p20261101");
        assertThat(db.strings("SELECT event_id || ' ' || tableoid::regclass FROM prediction ORDER BY candle_open_time"))
                .containsExactly("p-edge prediction_p20251101", "p-new prediction_p20261101");
    }
}
