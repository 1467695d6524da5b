package dev.sextant.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.event.ControlEvent;
import dev.sextant.contracts.event.FeaturesComputed;
import dev.sextant.contracts.event.FillExecuted;
import dev.sextant.contracts.event.OrderEvent;
import dev.sextant.contracts.event.OrderPurpose;
import dev.sextant.contracts.event.OrderRejected;
import dev.sextant.contracts.event.OrderSubmitted;
import dev.sextant.contracts.event.PauseRequested;
import dev.sextant.contracts.event.PositionChanged;
import dev.sextant.contracts.event.PositionSide;
import dev.sextant.contracts.event.PredictionMade;
import dev.sextant.contracts.event.RiskDecisionMade;
import dev.sextant.contracts.event.TradingState;
import dev.sextant.contracts.event.TradingStateChanged;
import dev.sextant.contracts.id.Ids;
import dev.sextant.contracts.topic.Topics;
import dev.sextant.e2e.browser.DashboardPage;
import dev.sextant.e2e.stack.LiveSocketClient;
import dev.sextant.e2e.stack.PipelineTaps;
import dev.sextant.e2e.stack.Service;
import dev.sextant.e2e.stack.Stack;
import dev.sextant.e2e.stack.StackExtension;
import dev.sextant.e2e.stack.StackOptions;
import dev.sextant.e2e.stack.TopicTap;
import dev.sextant.testing.TestInfra;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole stack over the real infrastructure: six service processes, a replay of 72 real 1h
 * candles per symbol ({@link Slices}, 2024-01-01 00:00 → 2024-01-03 23:00, BTCUSDT and ETHUSDT, as
 * fast as the pipeline takes them), then every topic, the REST API, the WebSocket, the database and
 * the dashboard in a headless Chromium. Default risk limits (threshold 0.55): nothing is overridden
 * to make the model trade.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineIT {
    static final int CANDLES_PER_SYMBOL = 72;
    static final Duration PIPELINE_TIMEOUT = Duration.ofMinutes(4);

    @RegisterExtension
    static final StackExtension STACK = new StackExtension(
            StackOptions.replay(Slices.START, CANDLES_PER_SYMBOL, "max", Slices.SYMBOLS));

    static LiveSocketClient socket;
    static PipelineTaps taps;
    static TopicTap<CandleClosed> candles;
    static TopicTap<FeaturesComputed> features;
    static TopicTap<PredictionMade> predictions;
    static TopicTap<RiskDecisionMade> signals;
    static TopicTap<OrderEvent> orders;
    static TopicTap<FillExecuted> fills;
    static TopicTap<PositionChanged> positions;
    static TopicTap<ControlEvent> control;

    @BeforeAll
    static void replay() {
        Stack stack = STACK.stack();
        TestInfra infra = stack.infra();
        socket = LiveSocketClient.connect(stack.url(Service.GATEWAY));
        taps = new PipelineTaps(infra);
        candles = taps.candles;
        features = taps.features;
        predictions = taps.predictions;
        signals = taps.signals;
        orders = taps.orders;
        fills = taps.fills;
        positions = taps.positions;
        control = taps.control;
        long t0 = System.nanoTime();
        stack.startReplay();
        stack.awaitReplayFinished(PIPELINE_TIMEOUT);
        System.out.printf("e2e: replay of %d candles finished in %d ms%n", stack.options().totalCandles(),
                (System.nanoTime() - t0) / 1_000_000);
    }

    @AfterAll
    static void closeClients() {
        for (AutoCloseable c : new AutoCloseable[] {socket, taps}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // closing a client after the run must not hide the tests' result
            }
        }
    }

    @Test
    @Order(1)
    void everyTopicCarriesTheExpectedNumberOfEvents() {
        int candlesTotal = CANDLES_PER_SYMBOL * Slices.SYMBOLS.length;
        int warmTotal = (CANDLES_PER_SYMBOL - Slices.COLD_BARS) * Slices.SYMBOLS.length;
        long t0 = System.nanoTime();
        await("candles, features, predictions and signals of the whole slice").atMost(PIPELINE_TIMEOUT)
                .pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                    STACK.stack().requireAlive(Service.RISK);
                    assertThat(candles.refresh()).hasSize(candlesTotal);
                    assertThat(features.refresh()).hasSize(candlesTotal);
                    assertThat(predictions.refresh()).hasSize(warmTotal);
                    assertThat(signals.refresh()).hasSize(warmTotal);
                });
        System.out.printf("e2e: pipeline drained %d ms after the replay finished%n", (System.nanoTime() - t0) / 1_000_000);

        // Exactly once each, in the slice, per symbol.
        for (String symbol : Slices.SYMBOLS) {
            List<Instant> openTimes = candles.events().stream().filter(c -> c.symbol().value().equals(symbol))
                    .map(CandleClosed::openTime).sorted().toList();
            assertThat(openTimes).hasSize(CANDLES_PER_SYMBOL).doesNotHaveDuplicates();
            assertThat(openTimes.getFirst()).isEqualTo(Slices.START);
            assertThat(openTimes.getLast()).isEqualTo(lastOpenTime());
        }
        assertThat(candles.distinct()).hasSize(candlesTotal);
        // One feature vector per candle, caused by it; warm ones after the warm-up only.
        assertThat(features.events()).extracting(f -> f.causationId().value())
                .containsExactlyInAnyOrderElementsOf(candles.events().stream().map(c -> c.eventId().value()).toList());
        assertThat(features.events().stream().filter(FeaturesComputed::warm)).hasSize(warmTotal);
        // One prediction per warm vector, one decision per prediction.
        assertThat(predictions.events()).extracting(p -> p.causationId().value()).containsExactlyInAnyOrderElementsOf(
                features.events().stream().filter(FeaturesComputed::warm).map(f -> f.eventId().value()).toList());
        assertThat(signals.events()).extracting(s -> s.causationId().value())
                .containsExactlyInAnyOrderElementsOf(predictions.events().stream().map(p -> p.eventId().value()).toList());

        // The slice trades: with the default threshold the model approves entries.
        List<RiskDecisionMade> approved = signals.events().stream().filter(RiskDecisionMade::approved).toList();
        assertThat(approved).as("approved decisions in the slice").isNotEmpty();
        approved.forEach(d -> assertThat(d.intent()).isNotNull());

        // Execution: one entry order per approved decision, with the decision's client order id.
        await("orders and fills of every approved decision").atMost(PIPELINE_TIMEOUT).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    orders.refresh();
                    fills.refresh();
                    positions.refresh();
                    assertThat(entrySubmitted()).extracting(o -> o.clientOrderId().value())
                            .containsExactlyInAnyOrderElementsOf(approved.stream()
                                    .map(d -> Ids.clientOrderId(d.eventId()).value()).toList());
                    assertThat(entryFills()).extracting(f -> f.clientOrderId().value())
                            .containsExactlyInAnyOrderElementsOf(taps.expectedFilledEntries(lastOpenTime()));
                });
        assertThat(orders.records()).as("orders records (no duplicates without a crash)").hasSize(orders.distinct().size());
        assertThat(fills.records()).as("fills records").hasSize(fills.distinct().size());
        assertThat(entryFills()).as("entry fills").isNotEmpty();

        // Every fill moved its position: an open position per entry fill, a FLAT one per exit fill.
        Set<String> opened = positions.events().stream().filter(PositionChanged::hasPosition)
                .map(PositionChanged::positionId).collect(Collectors.toSet());
        assertThat(opened).containsExactlyInAnyOrderElementsOf(entryFills().stream().map(FillExecuted::positionId).toList());
        Set<String> closed = positions.events().stream().filter(p -> p.side() == PositionSide.FLAT)
                .map(PositionChanged::positionId).collect(Collectors.toSet());
        assertThat(closed).containsExactlyInAnyOrderElementsOf(fills.distinct().stream().filter(f -> f.purpose().isExit())
                .map(FillExecuted::positionId).toList());
        for (RiskDecisionMade d : approved) {
            String id = Ids.clientOrderId(d.eventId()).value();
            String outcome = orders.events().stream().filter(o -> o.clientOrderId().value().equals(id))
                    .map(o -> o instanceof OrderRejected r ? "REJECTED(" + r.reason() + ")" : o.getClass().getSimpleName())
                    .collect(Collectors.joining(","));
            System.out.printf("e2e: approved %s %s -> %s %s%n", d.symbol().value(), d.candleOpenTime(), id, outcome);
        }
        System.out.printf("e2e: %d candles, %d features, %d predictions, %d signals (%d approved), %d order events,"
                        + " %d fills (%d entries), %d position changes%n", candles.events().size(), features.events().size(),
                predictions.events().size(), signals.events().size(), approved.size(), orders.events().size(),
                fills.events().size(), entryFills().size(), positions.events().size());
    }

    @Test
    @Order(2)
    void theDatabaseHoldsTheCandlesOrdersAndFills() throws SQLException {
        Stack stack = STACK.stack();
        try (Connection c = TestInfra.jdbc(); Statement st = c.createStatement()) {
            String collector = stack.schema(Service.COLLECTOR);
            String execution = stack.schema(Service.EXECUTION);
            for (String symbol : Slices.SYMBOLS) {
                assertThat(count(st, "SELECT count(*) FROM " + collector + ".candles WHERE symbol = '" + symbol + "'"))
                        .as("stored candles of " + symbol).isEqualTo(CANDLES_PER_SYMBOL);
            }
            Set<String> storedCandleIds = strings(st, "SELECT event_id::text FROM " + collector + ".candles");
            assertThat(storedCandleIds).containsExactlyInAnyOrderElementsOf(
                    candles.events().stream().map(e -> e.eventId().value()).toList());

            Set<String> submitted = orders.distinct(OrderSubmitted.class, o -> true).stream()
                    .map(o -> o.clientOrderId().value()).collect(Collectors.toSet());
            assertThat(strings(st, "SELECT client_order_id FROM " + execution + ".orders"))
                    .as("orders table = every order submitted on the topic").containsExactlyInAnyOrderElementsOf(submitted);
            assertThat(count(st, "SELECT count(*) FROM " + execution + ".orders")).isEqualTo(submitted.size());
            assertThat(strings(st, "SELECT event_id FROM " + execution + ".fills"))
                    .as("fills table = every fill on the topic").containsExactlyInAnyOrderElementsOf(
                            fills.distinct().stream().map(f -> f.eventId().value()).toList());
            assertThat(strings(st, "SELECT client_order_id FROM " + execution + ".fills WHERE purpose = 'ENTRY'"))
                    .containsExactlyInAnyOrderElementsOf(entryFills().stream().map(f -> f.clientOrderId().value()).toList());
        }
    }

    @Test
    @Order(3)
    void tradesAndPositionsAreVisibleThroughRest() {
        Stack stack = STACK.stack();
        String api = stack.url(Service.GATEWAY) + "/api/v1";
        List<String> entryPositions = entryFills().stream().map(FillExecuted::positionId).toList();
        await("the gateway's trades").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            JsonNode page = stack.http().getJson(api + "/trades?size=500");
            assertThat(page.path("total").asLong()).isEqualTo(entryPositions.size());
            List<String> ids = new ArrayList<>();
            page.path("items").forEach(t -> ids.add(t.path("positionId").asText()));
            assertThat(ids).containsExactlyInAnyOrderElementsOf(entryPositions);
        });
        JsonNode page = stack.http().getJson(api + "/trades?size=500");
        Map<String, FillExecuted> entryByPosition = entryFills().stream()
                .collect(Collectors.toMap(FillExecuted::positionId, Function.identity()));
        for (JsonNode trade : page.path("items")) {
            FillExecuted entry = entryByPosition.get(trade.path("positionId").asText());
            assertThat(trade.path("symbol").asText()).isEqualTo(entry.symbol().value());
            assertThat(trade.path("side").asText()).isEqualTo("LONG");
            assertThat(trade.path("entryPrice").decimalValue()).isEqualByComparingTo(entry.price());
            assertThat(trade.path("quantity").decimalValue()).isEqualByComparingTo(entry.quantity());
        }

        // Open positions = the symbols whose latest PositionChanged is not FLAT.
        Map<String, PositionChanged> latest = latestPositions();
        List<String> expectedOpen = latest.values().stream().filter(PositionChanged::hasPosition)
                .map(PositionChanged::positionId).toList();
        await("the gateway's open positions").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            List<String> open = new ArrayList<>();
            stack.http().getJson(api + "/positions").forEach(p -> open.add(p.path("positionId").asText()));
            assertThat(open).containsExactlyInAnyOrderElementsOf(expectedOpen);
        });
    }

    @Test
    @Order(4)
    void tradesAndPositionsArePushedOnTheWebSocket() {
        List<String> entryPositions = entryFills().stream().map(FillExecuted::positionId).toList();
        // The gateway pushes a batch's messages before it commits the batch: once it has committed every record of
        // the topics behind them, the pushes were sent (on a loaded machine its consumers may lag the pipeline by
        // more than a minute, so the wait follows their progress rather than the clock)
        awaitGatewayCommitted(Topics.SIGNALS, Topics.FILLS, Topics.POSITIONS);
        await("trade_opened for every entry fill on /ws").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    Set<String> opened = new HashSet<>();
                    socket.messages("trade_opened").forEach(m -> opened.add(m.path("data").path("trade").path("positionId").asText()));
                    assertThat(opened).containsExactlyInAnyOrderElementsOf(entryPositions);
                    Set<String> positionUpdates = new HashSet<>();
                    socket.messages("position_update").forEach(m -> positionUpdates.add(m.path("data").path("positionId").asText()));
                    assertThat(positionUpdates).containsAll(entryPositions);
                });
        assertThat(socket.messages("bot_status")).as("greeting with the bot status").isNotEmpty();
        assertThat(socket.messages("price_update")).as("candles pushed live").isNotEmpty();
    }

    @Test
    @Order(5)
    void theDashboardShowsTheChartAndTradesAndPauses() {
        Stack stack = STACK.stack();
        String symbol = Slices.SYMBOLS[0];
        Set<String> symbolTrades = entryFills().stream().filter(f -> f.symbol().value().equals(symbol))
                .map(FillExecuted::positionId).collect(Collectors.toSet());
        assertThat(symbolTrades).as("trades of the dashboard's default symbol " + symbol).isNotEmpty();
        try (DashboardPage page = DashboardPage.open(stack.url(Service.GATEWAY), Duration.ofSeconds(60))) {
            assertThat(page.awaitChartCanvas()).isPositive();
            page.awaitChartData();
            List<String> rows = page.awaitTradeRows();
            assertThat(rows).isNotEmpty();
            assertThat(symbolTrades).containsAll(rows);
            assertThat(page.tradeRowCells(rows.getFirst())).contains(symbol, "LONG");

            page.awaitSocketOpen();
            page.awaitBotState(TradingState.RUNNING.name());
            page.clickPause();
            page.awaitBotState(TradingState.PAUSED.name());
        }
        // The click went through the gateway to risk-service and back.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<ControlEvent> events = control.refresh();
            assertThat(events).anyMatch(e -> e instanceof PauseRequested);
            assertThat(events).anyMatch(e -> e instanceof TradingStateChanged t && t.state() == TradingState.PAUSED);
        });
        assertThat(stack.http().getJson(stack.url(Service.GATEWAY) + "/api/v1/bot/status").path("state").asText())
                .isEqualTo("PAUSED");
    }

    // ----------------------------------------------------------------------------------------------

    /** Waits (up to {@link #PIPELINE_TIMEOUT}) until the gateway's consumer group has committed every record of the topics. */
    private static void awaitGatewayCommitted(String... catalogTopics) {
        Stack stack = STACK.stack();
        String group = stack.runId() + "-" + Service.GATEWAY.schema();
        var props = dev.sextant.contracts.kafka.TopicAdmin.adminProperties(TestInfra.kafkaBootstrap());
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(props)) {
            Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest = new LinkedHashMap<>();
            for (String topic : catalogTopics) {
                for (int p = 0; p < Topics.find(topic).orElseThrow().partitions(); p++) {
                    latest.put(new org.apache.kafka.common.TopicPartition(stack.infra().topic(topic), p),
                            org.apache.kafka.clients.admin.OffsetSpec.latest());
                }
            }
            Map<org.apache.kafka.common.TopicPartition, Long> ends = new LinkedHashMap<>();
            await("the gateway's ends of " + List.of(catalogTopics)).atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> {
                        var result = admin.listOffsets(latest).all().get();
                        result.forEach((tp, info) -> ends.put(tp, info.offset()));
                        return true;
                    });
            Map<String, Long> behind = new LinkedHashMap<>();
            await("the gateway committing every record of " + List.of(catalogTopics) + " (behind: " + behind + ")")
                    .atMost(PIPELINE_TIMEOUT).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
                        var committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
                        behind.clear();
                        ends.forEach((tp, end) -> {
                            var at = committed.get(tp);
                            long lag = end - (at == null ? 0 : at.offset());
                            if (lag > 0) {
                                behind.merge(tp.topic(), lag, Long::sum);
                            }
                        });
                        return behind.isEmpty();
                    });
        }
    }

    private static List<OrderSubmitted> entrySubmitted() {
        return taps.entrySubmitted();
    }

    private static List<FillExecuted> entryFills() {
        return taps.entryFills();
    }

    private static Instant lastOpenTime() {
        return Slices.START.plusSeconds(3600L * (CANDLES_PER_SYMBOL - 1));
    }

    private static Map<String, PositionChanged> latestPositions() {
        Map<String, PositionChanged> latest = new LinkedHashMap<>();
        positions.events().forEach(p -> latest.put(p.symbol().value(), p));
        return latest;
    }

    private static long count(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Set<String> strings(Statement st, String sql) throws SQLException {
        Set<String> out = new HashSet<>();
        try (ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
