package dev.sextant.collector.adapter;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.topic.Topics;
import dev.sextant.testing.InjectInfra;
import dev.sextant.testing.RealInfraResource;
import dev.sextant.testing.TestInfra;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Invalid rows (src/test/resources/replay-bad-rows: a broken high, a malformed line, a duplicate)
 * land on candles.dlq with their reason and raw row, and are never stored or published.
 */
@QuarkusTest
@TestProfile(CollectorDeadLetterTest.BadRows.class)
@QuarkusTestResource(value = RealInfraResource.class, initArgs = @ResourceArg(name = "schema", value = "collector"))
class CollectorDeadLetterTest {

    /** The replay reads the test CSV instead of the bundled data. */
    public static class BadRows implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "sextant.collector.replay.data-dir", "src/test/resources/replay-bad-rows",
                    "sextant.collector.replay.symbols", "BTCUSDT");
        }
    }

    @InjectInfra
    TestInfra infra;

    @Inject
    ReplayService replay;

    @Inject
    AgroalDataSource db;

    @Test
    void invalidRowsGoToTheDeadLetterTopicWithTheirReasonAndAreNotStored() throws Exception {
        assertThat(replay.start()).isTrue();
        await().atMost(Duration.ofSeconds(60)).until(() -> replay.state() == ReplayService.State.FINISHED);

        List<ConsumerRecord<String, String>> dead = infra.read(Topics.dlq(Topics.CANDLES), 3, Duration.ofSeconds(30));
        assertThat(InfraProbe.recordCount(infra, Topics.dlq(Topics.CANDLES))).isEqualTo(3);
        assertThat(dead).extracting(r -> TestInfra.header(r, Topics.DLQ_REASON_HEADER)).containsExactly(
                "high_below_body: high 42400.00000000 is below max(open, close) 42613.56000000",
                "malformed: column 'high' is not a number: 'not-a-price'",
                "duplicate: a 1h candle of BTCUSDT opening at 2024-01-01T02:00:00Z was already accepted");
        assertThat(dead).allMatch(r -> "BTCUSDT".equals(r.key()));
        assertThat(dead).allMatch(r -> infra.topic(Topics.CANDLES).equals(TestInfra.header(r, Topics.DLQ_SOURCE_TOPIC_HEADER)));
        assertThat(dead.get(0).value()).isEqualTo(
                "1704070800000,42475.23000000,42400.00000000,42431.65000000,42613.56000000,1196.37856000,1704074399999,"
                        + "50984893.34814160,50396,712.32227000,30355645.34827640,0");

        List<CandleClosed> published = TestInfra.decode(infra.read(Topics.CANDLES, 3, Duration.ofSeconds(30)), CandleClosed.class);
        assertThat(InfraProbe.recordCount(infra, Topics.CANDLES)).isEqualTo(3);
        assertThat(published).extracting(CandleClosed::openTime).containsExactly(
                Instant.parse("2024-01-01T00:00:00Z"), Instant.parse("2024-01-01T02:00:00Z"), Instant.parse("2024-01-01T03:00:00Z"));

        assertThat(query("SELECT open_time FROM candles ORDER BY open_time")).containsExactly(
                "2024-01-01T00:00:00Z", "2024-01-01T02:00:00Z", "2024-01-01T03:00:00Z");
        // the rejected 01:00 candle leaves a gap, recorded once
        assertThat(query("SELECT from_open_time, to_open_time, missing FROM gaps")).containsExactly(
                "2024-01-01T01:00:00Z 2024-01-01T01:00:00Z 1");

        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("sextant_collector_candles_invalid_total{reason=\"high_below_body\",symbol=\"BTCUSDT\"} 1.0"))
                .body(containsString("sextant_collector_candles_invalid_total{reason=\"malformed\",symbol=\"BTCUSDT\"} 1.0"))
                .body(containsString("sextant_collector_candles_invalid_total{reason=\"duplicate\",symbol=\"BTCUSDT\"} 1.0"))
                .body(containsString("sextant_collector_gaps_total{symbol=\"BTCUSDT\"} 1.0"));
    }

    private List<String> query(String sql) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = db.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    boolean timestamp = rs.getMetaData().getColumnTypeName(i).equals("timestamptz");
                    values.add(timestamp ? rs.getObject(i, OffsetDateTime.class).toInstant().toString() : rs.getString(i));
                }
                rows.add(String.join(" ", values));
            }
        }
        return rows;
    }
}
