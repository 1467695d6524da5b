package dev.sextant.gateway.adapter.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.event.Event;
import dev.sextant.contracts.event.FillExecuted;
import dev.sextant.contracts.event.Interval;
import dev.sextant.contracts.event.PredictionMade;
import dev.sextant.contracts.event.RiskDecisionMade;
import dev.sextant.contracts.id.Symbol;
import dev.sextant.contracts.json.EventCodec;
import dev.sextant.contracts.topic.Topics;
import dev.sextant.gateway.TestEvents;
import dev.sextant.gateway.adapter.GatewayReadModel;
import dev.sextant.gateway.adapter.TradeProjection;
import dev.sextant.gateway.adapter.db.CandleRepository;
import dev.sextant.gateway.adapter.db.ExplainRepository;
import dev.sextant.gateway.adapter.db.MarketTimeRepository;
import dev.sextant.gateway.adapter.db.PlacedOrderRepository;
import dev.sextant.gateway.adapter.db.PredictionRepository;
import dev.sextant.gateway.adapter.db.TradeRepository;
import dev.sextant.gateway.adapter.db.Transactions;
import dev.sextant.gateway.adapter.ws.LiveFeed;
import dev.sextant.contracts.time.EventTimeWindow;
import dev.sextant.kit.InfrastructureRetry;
import dev.sextant.kit.consumer.BatchRunner;
import dev.sextant.kit.consumer.ConsumerPolicy;
import dev.sextant.kit.consumer.InboundRecord;
import dev.sextant.kit.consumer.RecordProcessor;
import dev.sextant.kit.consumer.TestPolicy;
import dev.sextant.testing.InjectInfra;
import dev.sextant.testing.RealInfraResource;
import dev.sextant.testing.TestInfra;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway's batched consumers over the real PostgreSQL (and Kafka for the dead letters), driven through the
 * platform's consumer policy (the kit's real {@link BatchRunner}, with {@link TestPolicy}'s recording dead-letter topic
 * and parking lot): a batch stores the same rows as its records one by one, in one transaction, survives a flush that
 * fails once, refuses a far-future candle alone, and pushes the latest candle of each series but every prediction.
 */
@QuarkusTest
@TestProfile(BatchedWritesTest.OwnRun.class)
@QuarkusTestResource(value = RealInfraResource.class, initArgs = @ResourceArg(name = "schema", value = "gateway"))
class BatchedWritesTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A run of its own (own schema, topics and market time), with the day-jump bound spelled out. */
    public static class OwnRun implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("sextant.gateway.max-day-jump", "7");
        }
    }

    @InjectInfra
    TestInfra infra;

    @Inject
    CandleRepository candles;
    @Inject
    PredictionRepository predictions;
    @Inject
    MarketTimeRepository marketTime;
    @Inject
    Transactions transactions;
    @Inject
    TradeProjection projection;
    @Inject
    TradeRepository trades;
    @Inject
    PlacedOrderRepository orders;
    @Inject
    GatewayReadModel readModel;
    @Inject
    LiveFeed feed;
    @Inject
    MeterRegistry metrics;
    @Inject
    Clock clock;
    @Inject
    ConsumerPolicy consumerPolicy;
    @Inject
    AgroalDataSource db;
    @Inject
    ConnectionCounter connections;
    @Inject
    ExplainRepository explain;

    @TestHTTPResource("/ws")
    URI wsUri;

    /** The kit's consumer policy with a recording dead-letter topic and parking lot, fresh for each test. */
    private TestPolicy policy;

    @BeforeEach
    void freshPolicy() {
        policy = new TestPolicy();
    }

    /** The gateway's consumers, writing through {@code tx}. */
    private EventConsumers consumers(Transactions tx) {
        return new EventConsumers(candles, predictions, marketTime, tx, projection, readModel, feed, metrics, clock,
                consumerPolicy, explain);
    }

    /** Runs {@code events} through the policy as one batch of {@code processor}. */
    private <T> void batch(String topic, RecordProcessor<T> processor, List<? extends Event> events) {
        List<InboundRecord> records = new ArrayList<>();
        for (Event e : events) {
            records.add(policy.record(infra.topic(topic), e.key(), EventCodec.encode(e)));
        }
        runner(topic).process(records, processor);
    }

    /**
     * {@link TestPolicy#runner}, but a consumer that keeps retrying (a flush failing again and again, e.g. a write
     * that is not idempotent) fails the test instead of spinning in it.
     */
    private BatchRunner runner(String topic) {
        InfrastructureRetry.Sleeper sleeper = d -> {
            if (policy.sleeps.size() >= 20) {
                throw new AssertionError("the consumer is still retrying after 20 back-offs: " + policy.sleeps);
            }
            policy.sleeps.add(d);
        };
        return new BatchRunner(topic, topic + ".dlq", policy.deadLetters, policy.parked, new BatchRunner.Listener() {
            @Override
            public void processed(String consumer, int records) {
            }

            @Override
            public void deadLettered(String consumer, String reason) {
            }

            @Override
            public void parked(String consumer, boolean behindAnother) {
            }

            @Override
            public void resolved(String consumer, int records) {
            }

            @Override
            public void infrastructureRetry(String consumer) {
            }

            @Override
            public void stalled(String consumer, String reason) {
            }
        }, () -> true, sleeper, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(4), () -> {
            throw new AssertionError("held");
        }, EventTimeWindow.live(Clock.systemUTC()));
    }

    /** 1m candles of two symbols, interleaved and out of order, with a duplicate and a revised candle (same key). */
    private static List<CandleClosed> candleStream(String a, String b, int minutes) {
        List<CandleClosed> out = new ArrayList<>();
        for (int m = 0; m < minutes; m++) {
            out.add(TestEvents.candle(a, m, String.valueOf(100 + m)));
            out.add(TestEvents.candle(b, minutes - 1 - m, String.valueOf(200 + m)));
        }
        out.add(TestEvents.candle(a, 3, "103"));      // redelivered: changes nothing
        out.add(TestEvents.candle(a, 5, "555.5"));    // revised: the last one read wins
        out.add(TestEvents.candle(b, 1, "201.25"));   // revised, late
        return out;
    }

    private static List<PredictionMade> predictionStream(String a, String b, int minutes) {
        List<PredictionMade> out = new ArrayList<>();
        for (int m = 0; m < minutes; m++) {
            out.add(TestEvents.prediction(a, m, 0.40 + m / 1000.0));
            out.add(TestEvents.prediction(b, m, 0.60 - m / 1000.0));
        }
        out.add(TestEvents.prediction(a, 2, 0.40 + 2 / 1000.0)); // redelivered: stored once
        return out;
    }

    @Test
    void aBatchStoresTheSameRowsAsItsRecordsOneBatchEach() throws Exception {
        String a = "ONEBATCHAUSDT";
        String b = "ONEBATCHBUSDT";
        List<CandleClosed> candleEvents = candleStream(a, b, 40);
        List<PredictionMade> predictionEvents = predictionStream(a, b, 40);
        EventConsumers consumers = consumers(transactions);

        batch(Topics.CANDLES, consumers.candleProcessor(), candleEvents);
        batch(Topics.PREDICTIONS, consumers.predictionProcessor(), predictionEvents);
        List<List<String>> candlesInOne = rows("candle", a, b);
        List<List<String>> predictionsInOne = rows("prediction", a, b);

        assertThat(candlesInOne).hasSize(80);
        assertThat(predictionsInOne).hasSize(80);
        assertThat(candles.latest(Symbol.of(a), Interval.M1, 1000))
                .filteredOn(c -> c.openTime().equals(TestEvents.T0.plusSeconds(300)))
                .singleElement().satisfies(c -> assertThat(c.close()).isEqualByComparingTo("555.5"));
        assertThat(candles.latest(Symbol.of(b), Interval.M1, 1000))
                .filteredOn(c -> c.openTime().equals(TestEvents.T0.plusSeconds(60)))
                .singleElement().satisfies(c -> assertThat(c.close()).isEqualByComparingTo("201.25"));

        delete("candle", a, b);
        delete("prediction", a, b);
        assertThat(rows("candle", a, b)).isEmpty();
        for (CandleClosed c : candleEvents) {
            batch(Topics.CANDLES, consumers.candleProcessor(), List.of(c));
        }
        for (PredictionMade p : predictionEvents) {
            batch(Topics.PREDICTIONS, consumers.predictionProcessor(), List.of(p));
        }

        assertThat(rows("candle", a, b)).isEqualTo(candlesInOne);
        assertThat(rows("prediction", a, b)).isEqualTo(predictionsInOne);
        assertThat(policy.deadLetters.sent).isEmpty();
        assertThat(policy.parked.rows).isEmpty();
    }

    @Test
    void aBatchOf200RecordsIsWrittenInOneTransaction() {
        List<CandleClosed> candleEvents = new ArrayList<>();
        List<PredictionMade> predictionEvents = new ArrayList<>();
        for (int m = 0; m < 100; m++) {
            candleEvents.add(TestEvents.candle("TXAUSDT", m, String.valueOf(100 + m)));
            candleEvents.add(TestEvents.candle("TXBUSDT", m, String.valueOf(300 + m)));
            predictionEvents.add(TestEvents.prediction("TXAUSDT", m, 0.55));
            predictionEvents.add(TestEvents.prediction("TXBUSDT", m, 0.45));
        }
        EventConsumers consumers = consumers(transactions);
        readModel.marketDay(); // today is read from the database once per start: not part of a batch
        long probe = connections.acquired();
        candles.count();
        assertThat(connections.acquired() - probe).as("the counter sees a statement's connection").isEqualTo(1);

        long commitsBefore = transactions.commits();
        long connectionsBefore = connections.acquired();
        batch(Topics.CANDLES, consumers.candleProcessor(), candleEvents);
        long commitsForCandles = transactions.commits() - commitsBefore;
        long connectionsForCandles = connections.acquired() - connectionsBefore;

        commitsBefore = transactions.commits();
        connectionsBefore = connections.acquired();
        batch(Topics.PREDICTIONS, consumers.predictionProcessor(), predictionEvents);
        long commitsForPredictions = transactions.commits() - commitsBefore;
        long connectionsForPredictions = connections.acquired() - connectionsBefore;

        assertThat(candles.latest(Symbol.of("TXBUSDT"), Interval.M1, 1000)).hasSize(100);
        assertThat(predictions.history(Symbol.of("TXAUSDT"), 1000)).hasSize(100);
        assertThat(commitsForCandles).as("transactions for 200 candles").isEqualTo(1);
        assertThat(commitsForPredictions).as("transactions for 200 predictions").isEqualTo(1);
        // the explain events (GET /api/v1/explain) are written in the same transaction
        assertThat(countExplained("CandleClosed", "TXAUSDT", "TXBUSDT")).as("explain events of 200 candles").isEqualTo(200);
        assertThat(countExplained("PredictionMade", "TXAUSDT", "TXBUSDT")).as("explain events of 200 predictions").isEqualTo(200);
        // every connection taken is at least one round trip (and, autocommitted, one transaction): one per batch here,
        // where one statement per record took 200
        assertThat(connectionsForCandles).as("connections taken for 200 candles").isBetween(1L, 3L);
        assertThat(connectionsForPredictions).as("connections taken for 200 predictions").isBetween(1L, 3L);
    }

    @Test
    void aFlushThatLosesItsConnectionOnceIsRetriedAndStoresEachRowOnce() throws Exception {
        // the first attempt commits, then its connection breaks before the acknowledgement is read: the policy cannot
        // know the rows are stored, and writes them again
        Transactions breaksOnce = new Transactions(db) {
            private boolean broken;

            @Override
            public <T> T run(String what, Work<T> work) {
                T result = super.run(what, work);
                if (!broken) {
                    broken = true;
                    throw new IllegalStateException("cannot " + what + ": An I/O error occurred while sending to the backend.",
                            new SQLException("An I/O error occurred while sending to the backend.", "08006"));
                }
                return result;
            }
        };
        EventConsumers consumers = consumers(breaksOnce);
        List<CandleClosed> candleEvents = candleStream("RETRYAUSDT", "RETRYBUSDT", 25);
        List<PredictionMade> predictionEvents = predictionStream("RETRYAUSDT", "RETRYBUSDT", 25);
        double pricePushesBefore = pushes("price_update");
        double predictionPushesBefore = pushes("prediction");

        batch(Topics.CANDLES, consumers.candleProcessor(), candleEvents);
        assertThat(policy.sleeps).as("the flush was retried after a back-off").hasSize(1);
        Transactions breaksOnceMore = new Transactions(db) {
            private boolean broken;

            @Override
            public <T> T run(String what, Work<T> work) {
                if (!broken) {
                    broken = true; // this time before anything is written
                    throw new IllegalStateException("cannot " + what + ": Connection refused",
                            new SQLException("Connection to 127.0.0.1:15432 refused", "08001"));
                }
                return super.run(what, work);
            }
        };
        batch(Topics.PREDICTIONS, consumers(breaksOnceMore).predictionProcessor(), predictionEvents);
        assertThat(policy.sleeps).hasSize(2);

        assertThat(countWhere("candle", "RETRYAUSDT", "RETRYBUSDT")).isEqualTo(50);
        assertThat(countWhere("prediction", "RETRYAUSDT", "RETRYBUSDT")).isEqualTo(50);
        assertThat(duplicateKeys("candle", "symbol, bar_interval, open_time")).isZero();
        assertThat(candles.latest(Symbol.of("RETRYAUSDT"), Interval.M1, 1000))
                .filteredOn(c -> c.openTime().equals(TestEvents.T0.plusSeconds(300)))
                .singleElement().satisfies(c -> assertThat(c.close()).isEqualByComparingTo("555.5"));
        assertThat(policy.deadLetters.sent).as("an infrastructure failure is never dead-lettered").isEmpty();
        assertThat(policy.parked.rows).isEmpty();
        // pushed once, after the write that went through: the latest candle of each series, every prediction
        assertThat(pushes("price_update") - pricePushesBefore).isEqualTo(2.0);
        assertThat(pushes("prediction") - predictionPushesBefore).isEqualTo(predictionEvents.size());
    }

    @Test
    void aFarFutureCandleInTheMiddleOfABatchIsDeadLetteredAndTheOthersStored() throws Exception {
        Instant day = Instant.parse("2024-01-15T00:00:00Z");
        CandleClosed first = TestEvents.hourCandle("FARAUSDT", day.plusSeconds(3 * 3600), "100", "101");
        CandleClosed far = TestEvents.hourCandle("FARAUSDT", day.plus(Duration.ofDays(30)), "101", "102");
        CandleClosed last = TestEvents.hourCandle("FARAUSDT", day.plusSeconds(4 * 3600), "101", "103");
        // a candle 5 days after the first, then one 5 days after that: each within the bound of the one before it,
        // which the batch has not stored yet
        CandleClosed later = TestEvents.hourCandle("FARBUSDT", day.plus(Duration.ofDays(5)), "10", "11");
        CandleClosed evenLater = TestEvents.hourCandle("FARBUSDT", day.plus(Duration.ofDays(10)), "11", "12");

        batch(Topics.CANDLES, consumers(transactions).candleProcessor(), List.of(first, far, last, later, evenLater));

        assertThat(policy.deadLetters.sent).singleElement().satisfies(sent -> {
            assertThat(sent.record().value()).contains(far.eventId().value());
            assertThat(sent.reason()).contains("CandleClosed " + far.eventId() + " closeTime")
                    .contains("market time may move at most 7 day(s) at once");
        });
        assertThat(candles.latest(Symbol.of("FARAUSDT"), Interval.H1, 10))
                .extracting(c -> c.eventId()).containsExactly(first.eventId().value(), last.eventId().value());
        assertThat(candles.latest(Symbol.of("FARBUSDT"), Interval.H1, 10)).hasSize(2);
        // stored with the batch: its latest accepted time (or a later one another test stored), never the far one
        assertThat(marketTime.latest()).hasValueSatisfying(t -> assertThat(t).isAfterOrEqualTo(evenLater.closeTime())
                .isBefore(day.plus(Duration.ofDays(20))));
        assertThat(readModel.marketDay()).hasValueSatisfying(d -> assertThat(d)
                .isBetween(java.time.LocalDate.parse("2024-01-25"), java.time.LocalDate.parse("2024-02-03")));
    }

    @Test
    void aFarFutureCandleOnTheTopicIsDeadLetteredWithItsReason() {
        // the same over Kafka: whatever the batches the consumer polls, the far candle goes to candles.dlq
        Instant day = Instant.parse("2024-01-16T00:00:00Z");
        CandleClosed first = TestEvents.hourCandle("TOPICFARUSDT", day, "100", "101");
        CandleClosed far = TestEvents.hourCandle("TOPICFARUSDT", day.plus(Duration.ofDays(40)), "101", "102");
        CandleClosed last = TestEvents.hourCandle("TOPICFARUSDT", day.plusSeconds(3600), "101", "103");
        for (CandleClosed c : List.of(first, far, last)) {
            infra.publish(Topics.CANDLES, c);
        }

        ConsumerRecord<String, String> dead = await().atMost(WAIT).until(() -> infra.read(Topics.dlq(Topics.CANDLES),
                Integer.MAX_VALUE, Duration.ofSeconds(2)).stream().filter(r -> r.value().contains(far.eventId().value()))
                .findFirst().orElse(null), r -> r != null);
        assertThat(TestInfra.header(dead, Topics.DLQ_REASON_HEADER)).contains("market time may move at most 7 day(s)");
        await().atMost(WAIT).untilAsserted(() -> assertThat(candles.latest(Symbol.of("TOPICFARUSDT"),
                Interval.H1, 10)).extracting(c -> c.eventId()).containsExactly(first.eventId().value(), last.eventId().value()));
    }

    @Test
    void aSignalsBatchIsRecordedInOneTransactionAndReleasesTheFillItsDecisionPlaced() {
        String symbol = "SIGBATCHUSDT";
        Instant start = Instant.parse("2024-01-15T00:00:00Z");
        List<RiskDecisionMade> decisions = new ArrayList<>();
        for (int h = 0; h < 200; h++) {
            decisions.add(TestEvents.approvedBuy(symbol, Interval.H1, start.plusSeconds(3600L * h), "0.1", "60000"));
        }
        RiskDecisionMade placed = decisions.get(7);
        // its fill came first: held until the decision is read
        FillExecuted fill = TestEvents.entry(symbol, TestEvents.positionId(placed), "60030", "0.1",
                placed.candleOpenTime().plusSeconds(3600));
        assertThat(projection.onFill(fill)).isEmpty();
        assertThat(orders.heldStatus(fill.eventId().value())).hasValueSatisfying(s -> assertThat(s).startsWith("HELD"));

        long commitsBefore = transactions.commits();
        batch(Topics.SIGNALS, consumers(transactions).signalProcessor(), decisions);

        assertThat(transactions.commits() - commitsBefore).as("transactions for 200 decisions").isEqualTo(1);
        assertThat(countExplained("RiskDecisionMade", symbol, symbol)).as("explain events of 200 decisions").isEqualTo(200);
        assertThat(trades.find(TestEvents.positionId(placed))).hasValueSatisfying(t ->
                assertThat(t.quantity()).isEqualByComparingTo(new BigDecimal("0.1")));
        assertThat(orders.heldStatus(fill.eventId().value())).as("booked: no longer held").isEmpty();
        assertThat(orders.approved(TestEvents.positionId(decisions.get(199)))).isPresent();
        assertThat(orders.watermark(Symbol.of(symbol))).contains(decisions.get(199).candleOpenTime());
        assertThat(policy.deadLetters.sent).isEmpty();
    }

    @Test
    void aDashboardGetsTheLatestCandleOfEachSeriesOfABatchAndEveryPrediction() throws Exception {
        Collector messages = new Collector();
        URI uri = URI.create(wsUri.toString().replaceFirst("^http", "ws"));
        List<CandleClosed> candleEvents = candleStream("WSBATCHAUSDT", "WSBATCHBUSDT", 30);
        List<PredictionMade> predictionEvents = predictionStream("WSBATCHAUSDT", "WSBATCHBUSDT", 10);
        EventConsumers consumers = consumers(transactions);
        try (HttpClient http = HttpClient.newHttpClient()) {
            WebSocket socket = http.newWebSocketBuilder().buildAsync(uri, messages).get(10, TimeUnit.SECONDS);
            try {
                await().atMost(WAIT).until(() -> messages.ofType("bot_status").size() == 1);

                batch(Topics.CANDLES, consumers.candleProcessor(), candleEvents);
                batch(Topics.PREDICTIONS, consumers.predictionProcessor(), predictionEvents);

                await().atMost(WAIT).until(() -> messages.ofType("prediction").size() == predictionEvents.size());
                List<JsonNode> prices = messages.ofType("price_update");
                assertThat(prices).extracting(m -> m.path("symbol").asText() + " " + m.path("openTime").asText() + " "
                        + m.path("close").decimalValue().stripTrailingZeros().toPlainString())
                        .containsExactlyInAnyOrder("WSBATCHAUSDT " + TestEvents.T0.plusSeconds(29 * 60) + " 129",
                                "WSBATCHBUSDT " + TestEvents.T0.plusSeconds(29 * 60) + " 200");
                assertThat(messages.ofType("prediction")).extracting(m -> m.path("eventId").asText())
                        .containsExactlyElementsOf(predictionEvents.stream().map(p -> p.eventId().value()).toList());
            } finally {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
            }
        }
    }

    private double pushes(String type) {
        var counter = metrics.find("sextant.gateway.ws.messages").tag("type", type).counter();
        return counter == null ? 0 : counter.count();
    }

    /** Every column of {@code table}'s rows of the two symbols, as text, in key order. */
    private List<List<String>> rows(String table, String a, String b) throws SQLException {
        String order = table.equals("candle") ? "symbol, bar_interval, open_time" : "event_id, candle_open_time";
        try (Connection c = TestInfra.jdbc(); PreparedStatement ps = c.prepareStatement("SELECT * FROM "
                + infra.schema("gateway") + "." + table + " WHERE symbol IN (?, ?) ORDER BY " + order)) {
            ps.setString(1, a);
            ps.setString(2, b);
            try (ResultSet rs = ps.executeQuery()) {
                List<List<String>> out = new ArrayList<>();
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<String> row = new ArrayList<>();
                    for (int i = 1; i <= columns; i++) {
                        row.add(rs.getMetaData().getColumnName(i) + "=" + rs.getString(i));
                    }
                    out.add(row);
                }
                return out;
            }
        }
    }

    private void delete(String table, String a, String b) throws SQLException {
        try (Connection c = TestInfra.jdbc(); PreparedStatement ps = c.prepareStatement("DELETE FROM "
                + infra.schema("gateway") + "." + table + " WHERE symbol IN (?, ?)")) {
            ps.setString(1, a);
            ps.setString(2, b);
            ps.executeUpdate();
        }
    }

    private long countWhere(String table, String a, String b) throws SQLException {
        try (Connection c = TestInfra.jdbc(); PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM "
                + infra.schema("gateway") + "." + table + " WHERE symbol IN (?, ?)")) {
            ps.setString(1, a);
            ps.setString(2, b);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private long countExplained(String type, String a, String b) {
        try (Connection c = TestInfra.jdbc(); PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM "
                + infra.schema("gateway") + ".explain_event WHERE type = ? AND symbol IN (?, ?)")) {
            ps.setString(1, type);
            ps.setString(2, a);
            ps.setString(3, b);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private long duplicateKeys(String table, String key) throws SQLException {
        try (Connection c = TestInfra.jdbc(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT count(*) FROM (SELECT " + key + " FROM " + infra.schema("gateway") + "." + table + " GROUP BY " + key
                        + " HAVING count(*) > 1) d")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Collects whole text messages as JSON. */
    static final class Collector implements WebSocket.Listener {
        private final List<JsonNode> messages = new CopyOnWriteArrayList<>();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    messages.add(JSON.readTree(partial.toString()));
                } catch (Exception e) {
                    throw new IllegalStateException("not JSON: " + partial, e);
                } finally {
                    partial.setLength(0);
                }
            }
            webSocket.request(1);
            return null;
        }

        /** The data of the messages of {@code type}, in the order received. */
        List<JsonNode> ofType(String type) {
            return messages.stream().filter(m -> m.path("type").asText().equals(type)).map(m -> m.path("data")).toList();
        }
    }
}
