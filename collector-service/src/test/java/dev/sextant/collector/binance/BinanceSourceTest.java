package dev.sextant.collector.binance;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.event.Interval;
import dev.sextant.contracts.id.Ids;
import dev.sextant.contracts.id.Symbol;
import dev.sextant.contracts.topic.Topics;
import dev.sextant.testing.InjectInfra;
import dev.sextant.testing.RealInfraResource;
import dev.sextant.testing.TestInfra;
import dev.sextant.testing.binance.FakeBinance;
import dev.sextant.testing.binance.FakeBinanceResource;
import dev.sextant.testing.binance.InjectFakeBinance;
import io.agroal.api.AgroalDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The Binance REST source against {@link FakeBinance} (serving the carried 1h klines of BTCUSDT and ETHUSDT) and the
 * real broker, database and Redis. One application, in order: the start-up backfill in pages of 1000, then the follow
 * phase driven by the fake's clock, with a 418 ban, a 429, candles the fake lacks and injected failures. After each
 * step the topic and the table hold exactly the candles the fake has up to the last closed one, each once.
 */
@QuarkusTest
@TestProfile(BinanceSourceTest.Binance.class)
@QuarkusTestResource(value = RealInfraResource.class, initArgs = @ResourceArg(name = "schema", value = "collector"))
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BinanceSourceTest {
    static final Instant START = Instant.parse("2024-01-01T00:00:00Z");
    static final Symbol BTC = Symbol.of("BTCUSDT");
    static final Symbol ETH = Symbol.of("ETHUSDT");
    static final Duration H = Duration.ofHours(1);
    static final Duration WAIT = Duration.ofSeconds(120);

    public static class Binance implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "sextant.collector.source", "binance",
                    "sextant.collector.binance.symbols", "BTCUSDT,ETHUSDT",
                    "sextant.collector.binance.intervals", "1h",
                    "sextant.collector.binance.backfill-start", START.toString(),
                    "sextant.collector.binance.poll-max", "200ms",
                    "sextant.collector.binance.request-timeout", "2s");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(FakeBinanceResource.class,
                    Map.of("time", "2024-03-01T00:00:30Z", "serve", "BTCUSDT/1h,ETHUSDT/1h",
                            // the start-up backfill fails after BTC's first page (a reset), then ETH's first page (a
                            // 503): each resumes from the store
                            "faults", "/api/v3/klines=none;/api/v3/klines=reset;/api/v3/klines=none;/api/v3/klines=503")));
        }
    }

    @InjectInfra
    TestInfra infra;

    @InjectFakeBinance
    FakeBinance fake;

    @Inject
    AgroalDataSource db;

    @Inject
    RedisDataSource redis;

    @Inject
    BinanceSource source;

    @ConfigProperty(name = "sextant.redis.key-prefix")
    String redisPrefix;

    /** Open times the fake lacks (removed by the steps), per symbol. */
    static final Map<Symbol, Set<Instant>> LACKING = Map.of(BTC, new HashSet<>(), ETH, new HashSet<>());

    @Test
    @Order(1)
    void atStartUpItBackfillsInPagesOfAThousandUpToTheLastClosedCandleThroughFailures() throws Exception {
        Instant lastClosed = Instant.parse("2024-02-29T23:00:00Z"); // 1440 candles from START
        awaitExactly(lastClosed);

        List<FakeBinance.Request> klines = fake.requests("/api/v3/klines");
        assertThat(klines).extracting(FakeBinance.Request::status).containsExactly(200, 0, 200, 503, 200, 200);
        assertThat(klines.get(1).query().get("startTime")).as("the reset page is BTC's second")
                .isEqualTo(ms(START.plus(H.multipliedBy(1000))));
        assertThat(klines.get(2).query().get("startTime")).as("resumed after the stored first page")
                .isEqualTo(ms(START.plus(H.multipliedBy(1000))));
        assertThat(fake.pendingFaults()).isZero();
        List<FakeBinance.Request> pages = klines.stream().filter(r -> r.status() == 200).toList();
        assertThat(pages).hasSize(4);
        for (Symbol symbol : List.of(BTC, ETH)) {
            List<FakeBinance.Request> mine = pages.stream().filter(r -> r.query().get("symbol").equals(symbol.value())).toList();
            assertThat(mine).extracting(r -> r.query().get("startTime"))
                    .containsExactly(ms(START), ms(START.plus(H.multipliedBy(1000))));
            assertThat(mine).allSatisfy(r -> {
                assertThat(r.query()).containsEntry("limit", "1000").containsEntry("interval", "1h")
                        .containsEntry("endTime", ms(lastClosed));
            });
        }
        // every request passed the budget: Binance's used weight is what the fake counted
        given().get("/collector/binance/status").then().statusCode(200)
                .body("state", equalTo("FOLLOWING"))
                .body("budget.state", equalTo("OK"))
                .body("series.find { it.symbol == 'BTCUSDT' }.position", equalTo(lastClosed.toString()));
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));

        // exchangeInfo's filters: on the REST API and in Redis
        given().get("/collector/binance/filters/BTCUSDT").then().statusCode(200)
                .body("tickSize", equalTo(0.01f)).body("minNotional", equalTo(5))
                .body("quoteAsset", equalTo("USDT"));
        given().get("/collector/binance/filters/DOGEUSDT").then().statusCode(404);
        String cached = redis.value(String.class, String.class).get(BinanceSource.filtersKey(redisPrefix, "BTCUSDT"));
        assertThat(cached).contains("\"tickSize\":0.01").contains("\"stepSize\":0.00001");
    }

    @Test
    @Order(2)
    void aBanStopsEveryRequestUntilItEndsAndHealthSaysSo() throws Exception {
        fake.clearJournal();
        fake.failNext("/api/v3/klines", FakeBinance.Fault.banned(5), 1);
        Instant lastClosed = lastClosed().plus(H.multipliedBy(3));
        fake.advance(H.multipliedBy(3));

        await().atMost(WAIT).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(503)
                .body("checks.find { it.name == 'collector' }.data.binanceBudget", equalTo("BANNED"))
                .body("checks.find { it.name == 'collector' }.data.binanceBudgetUntil", notNullValue())
                .body("checks.find { it.name == 'collector' }.data.binanceBudgetReason", containsString("IP banned by Binance (HTTP 418)")));
        given().get("/collector/binance/status").then().body("budget.state", equalTo("BANNED"));
        given().get("/q/metrics").then().body(containsString("sextant_collector_binance_budget_state 2.0"));

        awaitExactly(lastClosed);
        FakeBinance.Request ban = fake.requests().stream().filter(r -> r.status() == 418).findFirst().orElseThrow();
        List<FakeBinance.Request> after = fake.requests().subList(fake.requests().indexOf(ban) + 1, fake.requests().size());
        assertThat(after).as("requests after the ban").isNotEmpty()
                .allSatisfy(r -> assertThat(r.at()).isAfterOrEqualTo(ban.at().plusSeconds(5)));
        assertThat(fake.requests()).noneMatch(FakeBinance.Request::duringBlock);
        await().atMost(WAIT).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
    }

    @Test
    @Order(3)
    void a429sRetryAfterIsHonoured() throws Exception {
        fake.clearJournal();
        fake.failNext("/api/v3/time", FakeBinance.Fault.tooManyRequests(3), 1);
        Instant lastClosed = lastClosed().plus(H);
        fake.advance(H);

        awaitExactly(lastClosed);
        FakeBinance.Request limited = fake.requests().stream().filter(r -> r.status() == 429).findFirst().orElseThrow();
        List<FakeBinance.Request> after = fake.requests().subList(fake.requests().indexOf(limited) + 1, fake.requests().size());
        assertThat(after).isNotEmpty().allSatisfy(r -> assertThat(r.at()).isAfterOrEqualTo(limited.at().plusSeconds(3)));
        assertThat(fake.requests()).noneMatch(FakeBinance.Request::duringBlock);
    }

    @Test
    @Order(4)
    void candlesTheExchangeLacksAreAGapAndTheRestIsPublishedAndStoredOnce() throws Exception {
        Instant stored = lastClosed();
        // BTC lacks the 2nd and 3rd hour after the stored one
        lack(BTC, stored.plus(H.multipliedBy(2)), stored.plus(H.multipliedBy(4)));
        fake.advance(H.multipliedBy(5));

        awaitExactly(stored.plus(H.multipliedBy(5)));
        assertThat(gaps()).containsExactly(
                "BTCUSDT 1h " + stored.plus(H.multipliedBy(2)) + " " + stored.plus(H.multipliedBy(3)) + " 2");
    }

    @Test
    @Order(5)
    void afterRepeatedFailuresNothingIsMissingOrDuplicated() throws Exception {
        fake.clearJournal();
        Instant stored = lastClosed();
        lack(ETH, stored.plus(H.multipliedBy(4)), stored.plus(H.multipliedBy(5)));
        fake.failNext("/api/v3/klines", FakeBinance.Fault.connectionReset(), 1)
                .failNext("/api/v3/klines", FakeBinance.Fault.serverError(503), 1)
                .failNext("/api/v3/time", FakeBinance.Fault.malformed("{\"serverTime\":\"soon\"}"), 1)
                .failNext("/api/v3/klines", FakeBinance.Fault.malformed("[[1704067200000,\"1.0\""), 1)
                .failNext("/api/v3/klines", FakeBinance.Fault.slow(Duration.ofSeconds(3)), 1);
        fake.ignoreEndTime(true); // pages now end with the kline still open: it must never be taken
        fake.advance(H.multipliedBy(8));

        awaitExactly(stored.plus(H.multipliedBy(8)));
        assertThat(fake.pendingFaults()).isZero();
        assertThat(fake.requests("/api/v3/klines").stream().filter(r -> r.status() == 200)).as("pages served").isNotEmpty();
        assertThat(gaps()).containsExactly(
                "BTCUSDT 1h " + stored.minus(H.multipliedBy(3)) + " " + stored.minus(H.multipliedBy(2)) + " 2",
                "ETHUSDT 1h " + stored.plus(H.multipliedBy(4)) + " " + stored.plus(H.multipliedBy(4)) + " 1");
        String metrics = given().get("/q/metrics").then().extract().asString();
        assertThat(metrics).contains("sextant_collector_binance_failures_total{kind=\"io\"}")
                .contains("sextant_collector_binance_failures_total{kind=\"http_5xx\"}")
                .contains("sextant_collector_binance_failures_total{kind=\"malformed\"}");
        assertThat(recordCount(Topics.dlq(Topics.CANDLES))).isZero();
    }

    // ------------------------------------------------------------------ helpers

    private void lack(Symbol symbol, Instant from, Instant to) {
        fake.remove(symbol.value(), "1h", from, to);
        for (Instant t = from; t.isBefore(to); t = t.plus(H)) {
            LACKING.get(symbol).add(t);
        }
    }

    private Instant lastClosed() throws SQLException {
        return storedOpenTimes(BTC).last().isAfter(storedOpenTimes(ETH).last()) ? storedOpenTimes(BTC).last()
                : storedOpenTimes(ETH).last();
    }

    /**
     * Waits until both series reach {@code lastClosed}, then checks the table and the topic hold exactly the candles
     * the fake has from START to it, each once, and nothing later (a kline still open is never published).
     */
    private void awaitExactly(Instant lastClosed) throws Exception {
        await().atMost(WAIT).until(() -> !storedOpenTimes(BTC).last().isBefore(lastClosed)
                && !storedOpenTimes(ETH).last().isBefore(lastClosed));
        long total = 0;
        Set<String> expectedIds = new HashSet<>();
        for (Symbol symbol : List.of(BTC, ETH)) {
            TreeSet<Instant> expected = new TreeSet<>();
            for (Instant t = START; !t.isAfter(lastClosed); t = t.plus(H)) {
                if (!LACKING.get(symbol).contains(t)) {
                    expected.add(t);
                    expectedIds.add(Ids.candleId("binance", symbol, Interval.H1, t).value());
                }
            }
            assertThat(storedOpenTimes(symbol)).as("stored %s", symbol).containsExactlyElementsOf(expected);
            total += expected.size();
        }
        assertThat(recordCount(Topics.CANDLES)).as("candles on the topic").isEqualTo(total);
        List<ConsumerRecord<String, String>> records = infra.read(Topics.CANDLES, (int) total, WAIT);
        List<CandleClosed> candles = TestInfra.decode(records, CandleClosed.class);
        List<String> ids = new ArrayList<>(candles.stream().map(c -> c.eventId().value()).toList());
        assertThat(ids).as("published ids").hasSize((int) total).doesNotHaveDuplicates();
        assertThat(new HashSet<>(ids)).isEqualTo(expectedIds);
        assertThat(candles).allSatisfy(c -> assertThat(c.closeTime()).isEqualTo(c.openTime().plus(H)));
    }

    private TreeSet<Instant> storedOpenTimes(Symbol symbol) throws SQLException {
        TreeSet<Instant> times = new TreeSet<>();
        try (Connection c = db.getConnection();
             PreparedStatement st = c.prepareStatement(
                     "SELECT open_time FROM candles WHERE symbol = ? AND interval = '1h' ORDER BY open_time")) {
            st.setString(1, symbol.value());
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    times.add(rs.getObject(1, java.time.OffsetDateTime.class).toInstant());
                }
            }
        }
        if (times.isEmpty()) {
            times.add(Instant.EPOCH);
        }
        return times;
    }

    private List<String> gaps() throws SQLException {
        List<String> gaps = new ArrayList<>();
        try (Connection c = db.getConnection();
             PreparedStatement st = c.prepareStatement(
                     "SELECT symbol, interval, from_open_time, to_open_time, missing FROM gaps ORDER BY symbol, from_open_time");
             ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                gaps.add(rs.getString(1) + " " + rs.getString(2) + " "
                        + rs.getObject(3, java.time.OffsetDateTime.class).toInstant() + " "
                        + rs.getObject(4, java.time.OffsetDateTime.class).toInstant() + " " + rs.getLong(5));
            }
        }
        return gaps;
    }

    private long recordCount(String catalogTopic) {
        try (KafkaConsumer<String, String> consumer = infra.consumer(catalogTopic)) {
            Collection<TopicPartition> partitions = consumer.partitionsFor(infra.topic(catalogTopic)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private static String ms(Instant t) {
        return Long.toString(t.toEpochMilli());
    }
}
