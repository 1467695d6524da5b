package dev.sextant.collector.adapter;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.event.Interval;
import dev.sextant.contracts.id.EventId;
import dev.sextant.contracts.id.Ids;
import dev.sextant.contracts.id.Symbol;
import dev.sextant.contracts.json.EventCodec;
import dev.sextant.contracts.state.LatestStateKeys;
import dev.sextant.contracts.topic.Topics;
import dev.sextant.testing.InjectInfra;
import dev.sextant.testing.RealInfraResource;
import dev.sextant.testing.TestInfra;
import io.agroal.api.AgroalDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The replay over the real bundled data against the real broker, database and Redis: pace max,
 * 48 candles per symbol from 2024-01-01 (application.properties, %test profile).
 */
@QuarkusTest
@QuarkusTestResource(value = RealInfraResource.class, initArgs = @ResourceArg(name = "schema", value = "collector"))
class CollectorReplayTest {
    private static final Symbol BTC = Symbol.of("BTCUSDT");
    private static final Symbol ETH = Symbol.of("ETHUSDT");
    private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");
    private static final int PER_SYMBOL = 48;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @InjectInfra
    TestInfra infra;

    @Inject
    ReplayService replay;

    @Inject
    AgroalDataSource db;

    @Inject
    RedisDataSource redis;

    @ConfigProperty(name = "sextant.redis.key-prefix")
    String redisPrefix;

    @Test
    void replaysTheWindowOnceAndARestartAddsNoDuplicate() throws Exception {
        // first run
        runReplayToTheEnd();

        List<ConsumerRecord<String, String>> records = infra.read(Topics.CANDLES, 2 * PER_SYMBOL, WAIT);
        assertThat(InfraProbe.recordCount(infra, Topics.CANDLES)).isEqualTo(2 * PER_SYMBOL);
        assertThat(records).hasSize(2 * PER_SYMBOL);
        List<CandleClosed> candles = TestInfra.decode(records, CandleClosed.class);
        for (int i = 0; i < records.size(); i++) {
            CandleClosed c = candles.get(i);
            assertThat(records.get(i).key()).isEqualTo(c.symbol().value());
            assertThat(c.eventId()).isEqualTo(Ids.candleId("binance", c.symbol(), Interval.H1, c.openTime()));
            assertThat(c.closeTime()).isEqualTo(c.openTime().plus(Duration.ofHours(1)));
            assertThat(c.tsEvent()).isEqualTo(c.closeTime());
        }
        assertThat(candles.stream().map(CandleClosed::eventId).collect(Collectors.toSet())).isEqualTo(expectedIds());
        CandleClosed first = candles.stream()
                .filter(c -> c.symbol().equals(BTC) && c.openTime().equals(START)).findFirst().orElseThrow();
        assertThat(first.open()).isEqualTo(new BigDecimal("42283.58"));
        assertThat(first.high()).isEqualTo(new BigDecimal("42554.57"));
        assertThat(first.volume()).isEqualTo(new BigDecimal("1271.68108"));
        assertThat(first.tradeCount()).isEqualTo(47134);

        // stored
        assertThat(storedIds()).isEqualTo(expectedIds());
        assertThat(count("SELECT count(*) FROM candles")).isEqualTo(2 * PER_SYMBOL);
        try (Connection c = db.getConnection();
             PreparedStatement st = c.prepareStatement(
                     "SELECT open, raw_close_time, close_time FROM candles WHERE symbol = 'BTCUSDT' AND open_time = ?")) {
            st.setObject(1, START.atOffset(ZoneOffset.UTC));
            try (ResultSet rs = st.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getBigDecimal(1)).isEqualByComparingTo("42283.58");
                assertThat(rs.getObject(2, OffsetDateTime.class).toInstant()).isEqualTo(Instant.parse("2024-01-01T00:59:59.999Z"));
                assertThat(rs.getObject(3, OffsetDateTime.class).toInstant()).isEqualTo(Instant.parse("2024-01-01T01:00:00Z"));
            }
        }
        assertThat(count("SELECT count(*) FROM gaps")).isZero();

        // latest candle per symbol in Redis
        for (Symbol symbol : List.of(BTC, ETH)) {
            String json = redis.value(String.class, String.class).get(LatestStateKeys.candle(redisPrefix, symbol));
            assertThat(json).as("latest candle of " + symbol).isNotNull();
            CandleClosed latest = EventCodec.decode(json, CandleClosed.class);
            assertThat(latest.openTime()).isEqualTo(Instant.parse("2024-01-02T23:00:00Z"));
            assertThat(latest.eventId()).isEqualTo(Ids.candleId("binance", symbol, Interval.H1, latest.openTime()));
        }

        // status, metrics, readiness
        given().get("/collector/status").then().statusCode(200)
                .body("state", equalTo("FINISHED"))
                .body("published", equalTo(2 * PER_SYMBOL))
                .body("invalid", equalTo(0))
                .body("symbols.find { it.symbol == 'BTCUSDT' }.position", equalTo("2024-01-02T23:00:00Z"));
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("sextant_collector_candles_published_total{symbol=\"BTCUSDT\"} 48.0"))
                .body(containsString("sextant_collector_publish_latency_seconds_count"));
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));

        // a restart resumes after the stored candles: nothing left in the window, nothing published
        runReplayToTheEnd();
        assertThat(InfraProbe.recordCount(infra, Topics.CANDLES)).isEqualTo(2 * PER_SYMBOL);
        assertThat(count("SELECT count(*) FROM candles")).isEqualTo(2 * PER_SYMBOL);

        // a crash after publishing but before storing the last 10 BTC candles: the restart publishes
        // them again with the same ids, and the store ends with each candle once
        Instant cut = Instant.parse("2024-01-02T13:00:00Z");
        try (Connection c = db.getConnection();
             PreparedStatement st = c.prepareStatement("DELETE FROM candles WHERE symbol = 'BTCUSDT' AND open_time > ?")) {
            st.setObject(1, cut.atOffset(ZoneOffset.UTC));
            assertThat(st.executeUpdate()).isEqualTo(10);
        }
        runReplayToTheEnd();
        assertThat(InfraProbe.recordCount(infra, Topics.CANDLES)).isEqualTo(2 * PER_SYMBOL + 10);
        List<CandleClosed> all = TestInfra.decode(infra.read(Topics.CANDLES, 2 * PER_SYMBOL + 10, WAIT), CandleClosed.class);
        assertThat(all).hasSize(2 * PER_SYMBOL + 10);
        assertThat(all.stream().map(CandleClosed::eventId).collect(Collectors.toSet())).isEqualTo(expectedIds());
        assertThat(all.subList(2 * PER_SYMBOL, all.size())).allMatch(c -> c.symbol().equals(BTC) && c.openTime().isAfter(cut));
        assertThat(storedIds()).isEqualTo(expectedIds());
        assertThat(count("SELECT count(*) FROM candles")).isEqualTo(2 * PER_SYMBOL);
        assertThat(InfraProbe.recordCount(infra, Topics.dlq(Topics.CANDLES))).isZero();
    }

    private void runReplayToTheEnd() {
        assertThat(replay.start()).as("replay started").isTrue();
        await().atMost(WAIT).until(() -> replay.state() == ReplayService.State.FINISHED);
    }

    private static Set<EventId> expectedIds() {
        Set<EventId> ids = new HashSet<>();
        for (Symbol symbol : List.of(BTC, ETH)) {
            IntStream.range(0, PER_SYMBOL).forEach(h ->
                    ids.add(Ids.candleId("binance", symbol, Interval.H1, START.plus(Duration.ofHours(h)))));
        }
        return ids;
    }

    private Set<EventId> storedIds() throws SQLException {
        Set<EventId> ids = new HashSet<>();
        try (Connection c = db.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT event_id FROM candles")) {
            while (rs.next()) {
                ids.add(EventId.of(rs.getString(1)));
            }
        }
        return ids;
    }

    private long count(String sql) throws SQLException {
        try (Connection c = db.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
