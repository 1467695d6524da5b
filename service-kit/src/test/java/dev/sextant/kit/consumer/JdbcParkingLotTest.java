package dev.sextant.kit.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.testing.TestInfra;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** The parking lot on the real PostgreSQL: its own migration, idempotent parking, order, resolution, reopening. */
class JdbcParkingLotTest {
    private static TestInfra infra;
    private static String schema;
    private static JdbcParkingLot lot;

    @BeforeAll
    static void setUp() throws Exception {
        infra = TestInfra.start();
        schema = infra.schema("kit");
        try (Connection c = TestInfra.jdbc(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(TestInfra.dbUrl() + (TestInfra.dbUrl().contains("?") ? "&" : "?") + "currentSchema=" + schema);
        ds.setUser(TestInfra.dbUser());
        ds.setPassword(TestInfra.dbPassword());
        lot = new JdbcParkingLot(ds, schema, Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
    }

    @AfterAll
    static void tearDown() throws Exception {
        try (Connection c = TestInfra.jdbc(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
        infra.close();
    }

    private static InboundRecord record(long offset, String key, String value) {
        return new InboundRecord("t1.candles", 2, offset, key, value, Map.of("sextant-event-type", "CandleClosed"));
    }

    @Test
    void parksOnceKeepsOrderResolvesAndReopensARecordThatFailsAgain() {
        lot.migrate();
        lot.migrate(); // idempotent
        long first = lot.park("candles", record(10, "BTCUSDT", "{\"a\":1}\u0000garbage"), "java.lang.NullPointerException",
                "at x.y(Z.java:1)", null);
        long behind = lot.park("candles", record(11, "BTCUSDT", "{}"), "held behind parked record #" + first, null, first);
        assertThat(lot.park("candles", record(10, "BTCUSDT", "again"), "java.lang.NullPointerException", null, null))
                .as("the same record of the same consumer is one row").isEqualTo(first);
        lot.park("features", record(10, "BTCUSDT", "{}"), "other consumer", null, null);

        List<ParkingLot.Parked> open = lot.unresolved("candles");
        assertThat(open).extracting(ParkingLot.Parked::id).containsExactly(first, behind);
        assertThat(open.get(0).record()).satisfies(r -> {
            assertThat(r.topic()).isEqualTo("t1.candles");
            assertThat(r.partition()).isEqualTo(2);
            assertThat(r.offset()).isEqualTo(10);
            assertThat(r.key()).isEqualTo("BTCUSDT");
            assertThat(r.value()).isEqualTo("{\"a\":1}\u0000garbage"); // the payload exactly as consumed, NUL included
            assertThat(r.headers()).containsEntry("sextant-event-type", "CandleClosed");
        });
        assertThat(open.get(1).behind()).isEqualTo(first);
        assertThat(lot.countUnresolved()).isEqualTo(3);

        lot.resolve(List.of(first, behind), "applied after a restart");
        assertThat(lot.unresolved("candles")).isEmpty();
        assertThat(lot.countUnresolved()).isEqualTo(1);

        // replayed and failing again: the row opens again
        assertThat(lot.park("candles", record(11, "BTCUSDT", "{}"), "still failing", null, null)).isEqualTo(behind);
        assertThat(lot.unresolved("candles")).singleElement().satisfies(p -> {
            assertThat(p.error()).isEqualTo("still failing");
            assertThat(p.behind()).isNull();
        });
    }
}
