package dev.sextant.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sextant.contracts.account.AccountDefaults;
import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.event.Event;
import dev.sextant.contracts.event.FeaturesComputed;
import dev.sextant.contracts.event.FillExecuted;
import dev.sextant.contracts.event.OrderPurpose;
import dev.sextant.contracts.event.OrderSubmitted;
import dev.sextant.contracts.event.PositionChanged;
import dev.sextant.contracts.event.RiskDecisionMade;
import dev.sextant.contracts.event.Side;
import dev.sextant.contracts.id.Ids;
import dev.sextant.e2e.stack.PipelineTaps;
import dev.sextant.e2e.stack.Service;
import dev.sextant.e2e.stack.Stack;
import dev.sextant.testing.TestInfra;
import java.math.BigDecimal;
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
 * no order or fill duplicated, the positions equal to the sum of the fills, the account reconciled
 * between execution-service, risk-service and the gateway. Shared by {@link CrashRecoveryIT} (after one
 * replay with each service killed once) and {@link ChaosIT} (after each trial of the chaos campaign).
 *
 * <p>Each check throws an {@link AssertionError} naming what differs. The replay is described by the
 * number of candles replayed per symbol so far ({@code candlesPerSymbol}), always from {@link Slices#START}:
 * a check run while the replay is paused checks the prefix replayed so far.
 */
final class PipelineChecks {
    /** Quote-asset amounts are rounded to 8 places at every booking: allow one unit of that per fill. */
    private static final BigDecimal QUOTE_UNIT = new BigDecimal("0.00000001");

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
                        Set<String> extra = new TreeSet<>(served);
                        extra.removeAll(onTopic);
                        Set<String> missing = new TreeSet<>(onTopic);
                        missing.removeAll(served);
                        assertThat(extra).as("candles GET /api/v1/market/candles?symbol=" + symbol + " serves that are not"
                                + " on the topic (event ids: candles the test injected that the gateway stored)").isEmpty();
                        assertThat(missing).as("candles of the topic GET /api/v1/market/candles?symbol=" + symbol
                                + " does not serve (event ids)").isEmpty();
                        assertThat(served).as("GET /api/v1/market/candles?symbol=" + symbol + " (event ids)")
                                .doesNotHaveDuplicates().hasSize(candlesPerSymbol.get(symbol))
                                .containsExactlyInAnyOrderElementsOf(onTopic);
                    });
        }
    }

    /**
     * Positions = Σ fills. Per position of the fills topic: exit quantity ≤ entry quantity, at most one
     * entry fill; the open ones (entry − exits > 0) are exactly execution-service's open positions
     * ({@code GET /execution/positions}, same quantity), risk-service's ({@code GET /risk/state}) and the
     * gateway's ({@code GET /api/v1/positions}), and each symbol's latest {@code PositionChanged} on the
     * positions topic says the same (open with that id and quantity, or FLAT). Awaited up to {@code within}.
     */
    void positionsAreTheSumOfTheFills(Duration within) {
        Map<String, BigDecimal> open = openQuantities();
        Map<String, String> symbolOf = new HashMap<>();
        taps.fills.distinct().forEach(f -> symbolOf.put(f.positionId(), f.symbol().value()));

        Map<String, PositionChanged> latestBySymbol = new TreeMap<>();
        for (PositionChanged p : taps.positions.events()) {
            latestBySymbol.put(p.symbol().value(), p);
        }
        for (String symbol : Slices.SYMBOLS) {
            Map<String, BigDecimal> openOfSymbol = new TreeMap<>();
            open.forEach((id, q) -> {
                if (symbol.equals(symbolOf.get(id))) {
                    openOfSymbol.put(id, q);
                }
            });
            assertThat(openOfSymbol).as("open positions of " + symbol + " by the fills topic (one at most)").hasSizeLessThanOrEqualTo(1);
            PositionChanged latest = latestBySymbol.get(symbol);
            if (openOfSymbol.isEmpty()) {
                assertThat(latest == null || !latest.hasPosition()).as("latest PositionChanged of " + symbol
                        + " is FLAT (no open position by the fills), got " + latest).isTrue();
            } else {
                Map.Entry<String, BigDecimal> position = openOfSymbol.entrySet().iterator().next();
                assertThat(latest).as("latest PositionChanged of " + symbol).isNotNull();
                assertThat(latest.positionId()).as("positionId of the latest PositionChanged of " + symbol).isEqualTo(position.getKey());
                assertThat(latest.quantity()).as("quantity of the latest PositionChanged of " + symbol + " = Σ its fills")
                        .isEqualByComparingTo(position.getValue());
            }
        }

        await("every service's open positions = Σ fills").atMost(within).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            assertThat(quantities(stack.http().getJson(stack.url(Service.EXECUTION) + "/execution/positions"), "positionId", "quantity"))
                    .as("execution-service's open positions (GET /execution/positions: positionId → quantity) = Σ fills")
                    .isEqualTo(open);
            assertThat(quantities(stack.http().getJson(stack.url(Service.RISK) + "/risk/state").path("openPositions"),
                    "positionId", "quantity"))
                    .as("risk-service's open positions (GET /risk/state openPositions) = Σ fills (an extra one: a forged"
                            + " fill or position risk-service booked)")
                    .isEqualTo(open);
            assertThat(quantities(stack.http().getJson(stack.url(Service.GATEWAY) + "/api/v1/positions"), "positionId", "quantity"))
                    .as("the gateway's open positions (GET /api/v1/positions) = Σ fills").isEqualTo(open);
        });
    }

    /**
     * The account reconciles. From the fills topic alone: cash = capital − Σ (signed notional + fee), realized
     * P&amp;L = Σ the exits' {@code realizedPnl}, risk's equity = capital + realized − the entry fees of the
     * open positions. execution-service ({@code GET /execution/account}) must report that cash, that realized
     * P&amp;L, and trade counts matching the fills; risk-service ({@code GET /risk/state}) that equity; the
     * gateway ({@code GET /api/v1/status}) the same realized P&amp;L and counts, and its closed trades
     * ({@code GET /api/v1/trades}) must add up to it. Awaited up to {@code within}.
     */
    void equityReconcilesBetweenRiskExecutionAndTheGateway(Duration within) {
        BigDecimal capital = AccountDefaults.initialCapital();
        List<FillExecuted> fills = taps.fills.distinct();
        BigDecimal cash = capital;
        BigDecimal realized = BigDecimal.ZERO;
        for (FillExecuted f : fills) {
            BigDecimal signed = f.side() == Side.BUY ? f.notional() : f.notional().negate();
            cash = cash.subtract(signed).subtract(f.fee());
            if (f.purpose().isExit()) {
                realized = realized.add(f.realizedPnl());
            }
        }
        Map<String, BigDecimal> open = openQuantities();
        BigDecimal openEntryFees = fills.stream().filter(f -> !f.purpose().isExit() && open.containsKey(f.positionId()))
                .map(FillExecuted::fee).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal riskEquity = capital.add(realized).subtract(openEntryFees);
        long closedTrades = fills.stream().filter(f -> f.purpose().isExit()).map(FillExecuted::positionId).distinct().count();
        BigDecimal tolerance = QUOTE_UNIT.multiply(BigDecimal.valueOf(fills.size() + 1L));
        BigDecimal expectedCash = cash;
        BigDecimal expectedRealized = realized;

        await("the account to reconcile").atMost(within).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            JsonNode account = stack.http().getJson(stack.url(Service.EXECUTION) + "/execution/account");
            assertThat(account.path("capital").decimalValue()).as("execution capital").isEqualByComparingTo(capital);
            assertThat(account.path("cash").decimalValue()).as("execution cash = capital − Σ fills (signed notional + fee)")
                    .isCloseTo(expectedCash, org.assertj.core.data.Offset.offset(tolerance));
            assertThat(account.path("realizedPnl").decimalValue()).as("execution realizedPnl = Σ exit fills' realizedPnl")
                    .isCloseTo(expectedRealized, org.assertj.core.data.Offset.offset(tolerance));
            assertThat(account.path("tradesClosed").asLong()).as("execution tradesClosed = positions with an exit fill")
                    .isEqualTo(closedTrades);
            assertThat(account.path("openPositions").asLong()).as("execution openPositions = open positions by the fills")
                    .isEqualTo(open.size());

            JsonNode risk = stack.http().getJson(stack.url(Service.RISK) + "/risk/state");
            assertThat(risk.path("equity").decimalValue()).as("risk-service equity = capital + Σ realized − entry fees of the"
                            + " open positions (a difference: risk booked a fill or position execution-service never made)")
                    .isCloseTo(riskEquity, org.assertj.core.data.Offset.offset(tolerance));

            JsonNode status = stack.http().getJson(stack.url(Service.GATEWAY) + "/api/v1/status");
            assertThat(status.path("account").path("realizedPnl").decimalValue()).as("gateway account realizedPnl")
                    .isCloseTo(expectedRealized, org.assertj.core.data.Offset.offset(tolerance));
            assertThat(status.path("counts").path("closedTrades").asLong()).as("gateway closed trades").isEqualTo(closedTrades);
            assertThat(status.path("counts").path("openTrades").asLong()).as("gateway open trades").isEqualTo(open.size());
            BigDecimal gatewayRealized = BigDecimal.ZERO;
            for (JsonNode t : stack.http().getJson(stack.url(Service.GATEWAY) + "/api/v1/trades?size=500").path("items")) {
                if ("CLOSED".equals(t.path("status").asText())) {
                    gatewayRealized = gatewayRealized.add(t.path("realizedPnl").decimalValue());
                }
            }
            assertThat(gatewayRealized).as("Σ realizedPnl of the gateway's closed trades (GET /api/v1/trades)")
                    .isCloseTo(expectedRealized, org.assertj.core.data.Offset.offset(tolerance));
        });
    }

    /** Open quantity per position by the fills topic (entries − exits), for the positions still open. */
    private Map<String, BigDecimal> openQuantities() {
        Map<String, BigDecimal> net = new TreeMap<>();
        Map<String, Long> entries = new HashMap<>();
        for (FillExecuted f : taps.fills.distinct()) {
            BigDecimal q = f.purpose().isExit() ? f.quantity().negate() : f.quantity();
            net.merge(f.positionId(), q, BigDecimal::add);
            if (f.purpose() == OrderPurpose.ENTRY) {
                entries.merge(f.positionId(), 1L, Long::sum);
            }
        }
        assertThat(entries).as("entry fills per position (one: a second is a duplicate fill)")
                .allSatisfy((position, n) -> assertThat(n).as("entry fills of " + position).isEqualTo(1L));
        assertThat(net).as("open quantity per position (entry − exits) is never negative")
                .allSatisfy((position, q) -> assertThat(q.signum()).as("open quantity of " + position).isGreaterThanOrEqualTo(0));
        Map<String, BigDecimal> open = new TreeMap<>();
        net.forEach((id, q) -> {
            if (q.signum() > 0) {
                open.put(id, q.stripTrailingZeros());
            }
        });
        return open;
    }

    private static Map<String, BigDecimal> quantities(JsonNode list, String idField, String quantityField) {
        Map<String, BigDecimal> out = new TreeMap<>();
        list.forEach(p -> {
            BigDecimal q = p.path(quantityField).decimalValue();
            if (q.signum() != 0) {
                out.put(p.path(idField).asText(), q.stripTrailingZeros());
            }
        });
        return out;
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
