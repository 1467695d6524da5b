package dev.sextant.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.event.Event;
import dev.sextant.contracts.event.FeaturesComputed;
import dev.sextant.contracts.event.FillExecuted;
import dev.sextant.contracts.event.OrderSubmitted;
import dev.sextant.contracts.event.RiskDecisionMade;
import dev.sextant.contracts.id.Ids;
import dev.sextant.e2e.stack.PipelineTaps;
import dev.sextant.e2e.stack.Service;
import dev.sextant.e2e.stack.Stack;
import dev.sextant.testing.TestInfra;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The invariants of the pipeline after a replay (or a part of one) under faults, each comparing what the
 * services stored or serve with what the topics carry (the topics read from the beginning by the test's
 * own {@link PipelineTaps}): no candle, features vector, prediction or decision lost or derived twice,
 * no order or fill duplicated, the gateway serving what the topics carry. Used by {@link CrashRecoveryIT}
 * (after one replay with each service killed once).
 *
 * <p>Each check throws an {@link AssertionError} naming what differs. The replay is described by the
 * number of candles replayed per symbol so far ({@code candlesPerSymbol}), always from {@link Slices#START}:
 * a check run while the replay is paused checks the prefix replayed so far.
 */
final class PipelineChecks {
    private final Stack stack;
    private final PipelineTaps taps;

    PipelineChecks(Stack stack, PipelineTaps taps) {
        this.stack = stack;
        this.taps = taps;
    }

    /** Candles replayed so far per symbol: the distinct candles of each symbol on the topic. */
    Map<String, Integer> candlesPerSymbol() {
        Map<String, Integer> counts = new TreeMap<>();
        for (String symbol : Slices.SYMBOLS) {
            counts.put(symbol, 0);
        }
        taps.candles.distinct().forEach(c -> counts.merge(c.symbol().value(), 1, Integer::sum));
        return counts;
    }

    /** The open time of the last candle of each symbol, for {@code candlesPerSymbol}. */
    static Map<String, Instant> lastOpenTimes(Map<String, Integer> candlesPerSymbol) {
        Map<String, Instant> last = new TreeMap<>();
        candlesPerSymbol.forEach((symbol, n) -> {
            if (n > 0) {
                last.put(symbol, Slices.START.plusSeconds(3600L * (n - 1)));
            }
        });
        return last;
    }

    /** Features vectors that must be warm: the candles of each symbol after the first {@link Slices#COLD_BARS}. */
    static int warmTotal(Map<String, Integer> candlesPerSymbol) {
        return candlesPerSymbol.values().stream().mapToInt(n -> Math.max(0, n - Slices.COLD_BARS)).sum();
    }

    /**
     * Every candle of the replay is on the topic, each open time once per symbol with no gap from
     * {@link Slices#START}, with the id {@code Ids.candleId(...)} (a restarted collector derives the same
     * ids: a different one for a republished candle would be a duplicate), and collector-service stored
     * each of them once. {@code lastMayBeUnstored}: the replay was frozen mid-step, so the newest candle of
     * a symbol may be published and not stored yet (the collector stores after the broker's acknowledgement).
     */
    void everyCandleIsOnTheTopicOnceAndStoredOnce(Map<String, Integer> candlesPerSymbol, boolean lastMayBeUnstored)
            throws SQLException {
        List<CandleClosed> candles = taps.candles.distinct();
        assertThat(candles).as("candle ids = Ids.candleId(exchange, symbol, interval, openTime)")
                .allSatisfy(c -> assertThat(c.eventId()).isEqualTo(Ids.candleId(c.exchange(), c.symbol(), c.interval(), c.openTime())));
        Map<String, List<Instant>> openTimes = candles.stream().collect(Collectors.groupingBy(c -> c.symbol().value(),
                Collectors.mapping(CandleClosed::openTime, Collectors.toList())));
        assertThat(openTimes).as("symbols on the candles topic").containsOnlyKeys(Slices.SYMBOLS);
        openTimes.forEach((symbol, times) -> {
            Set<Instant> expected = new TreeSet<>();
            for (int i = 0; i < candlesPerSymbol.get(symbol); i++) {
                expected.add(Slices.START.plusSeconds(3600L * i));
            }
            assertThat(times).as("open times of the distinct " + symbol + " candles (a missing one is a lost candle)")
                    .doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
        });
        int total = candlesPerSymbol.values().stream().mapToInt(Integer::intValue).sum();
        assertThat(candles).as("distinct CandleClosed ids").hasSize(total);

        String collector = stack.schema(Service.COLLECTOR);
        Set<String> onTopic = ids(candles, e -> e.eventId().value());
        try (Connection c = TestInfra.jdbc(); Statement st = c.createStatement()) {
            List<String> stored = column(st, "SELECT event_id FROM " + collector + ".candles");
            assertThat(stored).as("rows of " + collector + ".candles (event ids)").doesNotHaveDuplicates();
            if (lastMayBeUnstored) {
                Set<String> newest = candles.stream()
                        .filter(k -> k.openTime().equals(lastOpenTimes(candlesPerSymbol).get(k.symbol().value())))
                        .map(k -> k.eventId().value()).collect(Collectors.toSet());
                assertThat(onTopic).as("candles on the topic that " + collector + ".candles lacks (only a symbol's"
                        + " newest may be published and not stored yet)")
                        .containsAll(stored);
                Set<String> unstored = new TreeSet<>(onTopic);
                stored.forEach(unstored::remove);
                assertThat(newest).as("candles published and not stored yet: only the newest per symbol may be")
                        .containsAll(unstored);
            } else {
                assertThat(stored).as("rows of " + collector + ".candles (event ids) = the candles on the topic")
                        .containsExactlyInAnyOrderElementsOf(onTopic);
            }
        }
    }

    /**
     * One features id per candle (a republished vector has identical values), {@code warmTotal} warm
     * vectors, one prediction id per warm features id, one decision id per prediction id; nothing derived
     * from anything but the replayed candles (an extra id is a record derived from an injected one).
     */
    void everyCandleHasOneFeaturesIdEveryWarmVectorOnePredictionEveryPredictionOneDecision(int warmTotal) {
        Set<String> candleIds = ids(taps.candles.distinct(), c -> c.eventId().value());
        Map<String, Set<String>> featureIdsByCandle = idsBy(taps.features.events(), f -> f.causationId().value());
        assertThat(featureIdsByCandle.keySet()).as("candles with features (an id that is no replayed candle's: features"
                + " derived from a record the test injected)").containsExactlyInAnyOrderElementsOf(candleIds);
        assertThat(featureIdsByCandle).allSatisfy((candle, ids) -> assertThat(ids).as("features ids of candle " + candle).hasSize(1));
        // A republished vector is the same vector.
        Map<String, List<Double>> valuesById = new HashMap<>();
        for (FeaturesComputed f : taps.features.events()) {
            List<Double> first = valuesById.putIfAbsent(f.eventId().value(), f.values());
            if (first != null) {
                assertThat(f.values()).as("republished features " + f.eventId().value()).isEqualTo(first);
            }
        }
        Set<String> warmIds = taps.features.distinct().stream().filter(FeaturesComputed::warm)
                .map(f -> f.eventId().value()).collect(Collectors.toSet());
        assertThat(warmIds).as("warm features vectors (a restarted feature-service must rebuild its windows)")
                .hasSize(warmTotal);

        Map<String, Set<String>> predictionIdsByFeatures = idsBy(taps.predictions.events(), p -> p.causationId().value());
        assertThat(predictionIdsByFeatures.keySet()).as("warm features ids with a prediction").containsExactlyInAnyOrderElementsOf(warmIds);
        assertThat(predictionIdsByFeatures).allSatisfy((features, ids) ->
                assertThat(ids).as("prediction ids of features " + features).hasSize(1));

        Map<String, Set<String>> decisionIdsByPrediction = idsBy(taps.signals.events(), s -> s.causationId().value());
        assertThat(decisionIdsByPrediction.keySet()).as("predictions with a risk decision").containsExactlyInAnyOrderElementsOf(
                ids(taps.predictions.distinct(), p -> p.eventId().value()));
        assertThat(decisionIdsByPrediction).allSatisfy((prediction, ids) ->
                assertThat(ids).as("decision ids of prediction " + prediction).hasSize(1));
    }

    /** prediction-service's {@code predictions} table = the distinct prediction ids on the topic, no row twice. */
    void predictionServiceStoredEveryPredictionOnce() throws SQLException {
        String prediction = stack.schema(Service.PREDICTION);
        try (Connection c = TestInfra.jdbc(); Statement st = c.createStatement()) {
            assertThat(column(st, "SELECT event_id FROM " + prediction + ".predictions"))
                    .as("rows of " + prediction + ".predictions (event ids)").doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(ids(taps.predictions.distinct(), p -> p.eventId().value()));
        }
    }

    /**
     * Every approved decision has exactly one entry row in execution's {@code orders} and at most one
     * {@code OrderSubmitted} id; one entry fill (topic and {@code fills} table) when it must have filled
     * ({@code mustFill}), none otherwise; no client order id twice; the {@code fills} table = the distinct
     * fills on the topic.
     */
    void everyApprovedDecisionHasExactlyOneOrderAndTheFillsTableMatchesTheTopic(Set<String> mustFill) throws SQLException {
        List<RiskDecisionMade> approved = taps.approved();
        Map<String, Set<String>> submittedIdsByOrder = idsBy(taps.orders.distinct(OrderSubmitted.class, o -> true),
                o -> o.clientOrderId().value());
        Map<String, Set<String>> fillIdsByOrder = idsBy(taps.entryFills(), f -> f.clientOrderId().value());
        String execution = stack.schema(Service.EXECUTION);
        try (Connection c = TestInfra.jdbc();
             PreparedStatement orderRows = c.prepareStatement(
                     "SELECT count(*) FROM " + execution + ".orders WHERE client_order_id = ? AND purpose = 'ENTRY'");
             PreparedStatement entryFillRows = c.prepareStatement(
                     "SELECT count(*) FROM " + execution + ".fills WHERE client_order_id = ? AND purpose = 'ENTRY'");
             Statement st = c.createStatement()) {
            for (RiskDecisionMade decision : approved) {
                String clientOrderId = Ids.clientOrderId(decision.eventId()).value();
                assertThat(count(orderRows, clientOrderId)).as("entry order rows of decision " + decision.eventId().value())
                        .isEqualTo(1);
                assertThat(submittedIdsByOrder.getOrDefault(clientOrderId, Set.of())).as("OrderSubmitted ids of " + clientOrderId)
                        .hasSizeLessThanOrEqualTo(1);
                int fills = mustFill.contains(clientOrderId) ? 1 : 0;
                assertThat(count(entryFillRows, clientOrderId)).as("entry fill rows of " + clientOrderId).isEqualTo(fills);
                assertThat(fillIdsByOrder.getOrDefault(clientOrderId, Set.of())).as("entry fills on the topic of " + clientOrderId)
                        .hasSize(fills);
            }
            assertThat(single(st, "SELECT count(*) - count(DISTINCT client_order_id) FROM " + execution + ".orders"))
                    .as("client order ids appearing twice in " + execution + ".orders").isZero();
            assertThat(single(st, "SELECT count(*) FROM " + execution + ".orders WHERE purpose = 'ENTRY'"))
                    .as("entry orders = approved decisions").isEqualTo(approved.size());
            assertThat(column(st, "SELECT event_id FROM " + execution + ".fills"))
                    .as("rows of " + execution + ".fills (event ids) = distinct fills on the topic").doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(ids(taps.fills.distinct(), f -> f.eventId().value()));
        }
    }

    /**
     * {@code GET /api/v1/trades} lists every position the fills topic opened (by {@code positionId}, once),
     * {@code CLOSED} iff the topic has its exit; {@code /api/v1/market/candles} returns every candle of each
     * symbol once, {@code candlesPerSymbol} of each. Awaited up to {@code within} (the gateway is a projection: it
     * may still be catching up).
     */
    void gatewayListsEveryTradeAndEveryCandle(Map<String, Integer> candlesPerSymbol, Duration within) {
        String api = stack.url(Service.GATEWAY) + "/api/v1";
        List<FillExecuted> fills = taps.fills.distinct();
        Set<String> opened = fills.stream().filter(f -> !f.purpose().isExit()).map(FillExecuted::positionId)
                .collect(Collectors.toSet());
        Set<String> closed = fills.stream().filter(f -> f.purpose().isExit()).map(FillExecuted::positionId)
                .collect(Collectors.toSet());
        Map<String, String> expectedStatus = new HashMap<>();
        opened.forEach(p -> expectedStatus.put(p, closed.contains(p) ? "CLOSED" : "OPEN"));

        await("the gateway's trades = the positions of the fills topic").atMost(within)
                .pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                    JsonNode page = stack.http().getJson(api + "/trades?size=500");
                    List<String> positionIds = new ArrayList<>();
                    Map<String, String> status = new HashMap<>();
                    page.path("items").forEach(t -> {
                        positionIds.add(t.path("positionId").asText());
                        status.put(t.path("positionId").asText(), t.path("status").asText());
                    });
                    assertThat(positionIds).as("positionIds of GET /api/v1/trades (an id the fills topic never opened:"
                                    + " a trade from a forged fill)").doesNotHaveDuplicates()
                            .containsExactlyInAnyOrderElementsOf(opened);
                    assertThat(status).as("status of each trade (CLOSED iff the fills topic has its exit)")
                            .isEqualTo(expectedStatus);
                    assertThat(page.path("total").asLong()).as("total of GET /api/v1/trades").isEqualTo(opened.size());
                });

        for (String symbol : Slices.SYMBOLS) {
            Set<String> onTopic = taps.candles.distinct().stream().filter(c -> c.symbol().value().equals(symbol))
                    .map(c -> c.eventId().value()).collect(Collectors.toSet());
            await("the gateway's " + symbol + " candles").atMost(within).pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> {
                        List<String> served = new ArrayList<>();
                        stack.http().getJson(api + "/market/candles?symbol=" + symbol + "&limit=1000")
                                .forEach(c -> served.add(c.path("eventId").asText()));
                        assertThat(served).as("GET /api/v1/market/candles?symbol=" + symbol + " (event ids; one that is"
                                        + " not on the topic: a candle the test injected that the gateway stored)")
                                .doesNotHaveDuplicates().hasSize(candlesPerSymbol.get(symbol))
                                .containsExactlyInAnyOrderElementsOf(onTopic);
                    });
        }
    }

    /** One line with the topics' counts, for the logs. */
    String topicSummary() {
        return String.format("candles %d (%d records), features %d (%d), predictions %d (%d), signals %d (%d), approved %d,"
                        + " entry OrderSubmitted %d, fills %d (%d)",
                taps.candles.distinct().size(), taps.candles.events().size(), taps.features.distinct().size(),
                taps.features.events().size(), taps.predictions.distinct().size(), taps.predictions.events().size(),
                taps.signals.distinct().size(), taps.signals.events().size(), taps.approved().size(),
                taps.entrySubmitted().size(), taps.fills.distinct().size(), taps.fills.events().size());
    }

    static List<String> column(Statement st, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    static <T> Set<String> ids(List<T> events, Function<T, String> id) {
        return events.stream().map(id).collect(Collectors.toSet());
    }

    static <T extends Event> Map<String, Set<String>> idsBy(List<T> events, Function<T, String> key) {
        return events.stream().collect(Collectors.groupingBy(key, LinkedHashMap::new,
                Collectors.mapping(e -> e.eventId().value(), Collectors.toSet())));
    }

    private static long count(PreparedStatement st, String clientOrderId) throws SQLException {
        st.setString(1, clientOrderId);
        try (ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static long single(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
