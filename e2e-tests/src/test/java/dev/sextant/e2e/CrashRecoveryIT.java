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
import dev.sextant.e2e.stack.StackExtension;
import dev.sextant.e2e.stack.StackOptions;
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
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * "Killing any one service (kill -9) and starting it again loses no event and duplicates no
 * order", for each of the six services. During one paced replay of 240 real candles per symbol (one
 * step every 450 ms, about two minutes), the services are killed with SIGKILL one at a time, each at
 * a different point of the pipeline's life, and restarted with the same configuration (same port,
 * schema, consumer group) before the next one is killed:
 *
 * <ol>
 *   <li>collector-service at step 30 (the replay stops with it; the test starts it again, it resumes
 *       after its last stored candle);</li>
 *   <li>feature-service at step 45, inside the 49-bar warm-up (the engines' windows must be rebuilt);</li>
 *   <li>prediction-service at step 65, once predictions flow;</li>
 *   <li>execution-service at step 80 or later, once risk-service approved an entry;</li>
 *   <li>risk-service at step 110 or later;</li>
 *   <li>api-gateway at step 140 or later, once an entry filled (its trade projection holds a position).</li>
 * </ol>
 *
 * <p>{@link #killEachServiceOnceDuringOneReplay()} runs that scenario once for the class and waits for
 * the pipeline to drain; each {@code @Test} then checks one concern. Every check compares what the
 * services stored or served with what the topics carry (the topics are read from the beginning by
 * the test's own consumers), so a restarted service that skipped events, re-derived an id
 * differently, or processed an event twice under a new id fails it.
 */
class CrashRecoveryIT {
    static final int CANDLES_PER_SYMBOL = 240;
    static final String PACE = "450ms";
    static final Duration PIPELINE_TIMEOUT = Duration.ofMinutes(5);
    static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(2);
    /** Steps (candles per symbol) a restarted service gets before the next kill. */
    static final int STEPS_BETWEEN_KILLS = 8;
    /** The last kill must leave this many steps of the replay to run against the restarted service. */
    static final int STEPS_AFTER_LAST_KILL = 20;

    static final int SYMBOLS = Slices.SYMBOLS.length;
    static final int CANDLES_TOTAL = CANDLES_PER_SYMBOL * SYMBOLS;
    static final int WARM_TOTAL = (CANDLES_PER_SYMBOL - Slices.COLD_BARS) * SYMBOLS;
    static final Instant LAST_OPEN = Slices.START.plusSeconds(3600L * (CANDLES_PER_SYMBOL - 1));

    /**
     * Kafka consumer session timeout of every service (default 45 s). A SIGKILLed consumer leaves its
     * group only when its session expires: until then the restarted process gets no partition, and its
     * stage of the pipeline stalls (nothing is lost: it resumes from the group's committed offsets).
     * With the default, each of the five kills of a consumer would stall the pipeline for ~45 s; 12 s
     * keeps the scenario within about two minutes. Same value for the first start and the restart.
     */
    static final String SESSION_TIMEOUT_MS = "12000";
    static final String HEARTBEAT_MS = "3000";

    @RegisterExtension
    static final StackExtension STACK = new StackExtension(stackOptions());

    private static StackOptions stackOptions() {
        StackOptions options = StackOptions.replay(Slices.START, CANDLES_PER_SYMBOL, PACE, Slices.SYMBOLS);
        for (Service service : Service.values()) {
            options = options.with(service, "kafka.session.timeout.ms", SESSION_TIMEOUT_MS)
                    .with(service, "kafka.heartbeat.interval.ms", HEARTBEAT_MS);
        }
        return options;
    }

    static PipelineTaps taps;
    /** Per killed service: the step (candles per symbol on the topic) at which it was killed. */
    static final Map<Service, Integer> killedAtStep = new LinkedHashMap<>();
    /** The collector's per-symbol {@code resumedAfter} after its restart. */
    static final Map<String, String> collectorResumedAfter = new LinkedHashMap<>();

    /** One kill of the scenario: a service, the earliest step, and an extra condition on the pipeline. */
    private record Kill(Service service, int atStep, String condition, Callable<Boolean> ready) {}

    @BeforeAll
    static void killEachServiceOnceDuringOneReplay() throws Exception {
        taps = new PipelineTaps(STACK.stack().infra());
        Stack stack = STACK.stack();
        long t0 = System.nanoTime();
        stack.startReplay();

        List<Kill> plan = List.of(
                new Kill(Service.COLLECTOR, 30, "-", () -> true),
                new Kill(Service.FEATURE, 45, "-", () -> true),
                new Kill(Service.PREDICTION, 65, "predictions published",
                        () -> !taps.predictions.refresh().isEmpty()),
                new Kill(Service.EXECUTION, 80, "an approved decision",
                        () -> !taps.signals.refresh().stream().filter(RiskDecisionMade::approved).toList().isEmpty()),
                new Kill(Service.RISK, 110, "-", () -> true),
                new Kill(Service.GATEWAY, 140, "an entry fill",
                        () -> {
                            taps.fills.refresh();
                            return !taps.entryFills().isEmpty();
                        }));
        int earliest = 0;
        for (Kill kill : plan) {
            int target = Math.max(kill.atStep(), earliest);
            assertThat(target).as("kill point of " + kill.service().module() + " leaves room for the replay")
                    .isLessThanOrEqualTo(CANDLES_PER_SYMBOL - STEPS_AFTER_LAST_KILL);
            await("step " + target + " of the replay and " + kill.condition() + " before killing " + kill.service().module())
                    .atMost(PIPELINE_TIMEOUT).pollInterval(Duration.ofMillis(200))
                    .until(() -> step() >= target && kill.ready().call());
            int at = step();
            killAndRestart(stack, kill.service(), at);
            killedAtStep.put(kill.service(), at);
            earliest = step() + STEPS_BETWEEN_KILLS;
        }

        stack.awaitReplayFinished(PIPELINE_TIMEOUT);
        long replayed = System.nanoTime();
        // Drain: wait until every stage has caught up; a stage that never does is reported by the tests below.
        try {
            await("the pipeline to drain after the restarts").atMost(DRAIN_TIMEOUT).pollInterval(Duration.ofSeconds(1))
                    .until(() -> {
                        taps.refreshAll();
                        return taps.candles.distinct().size() >= CANDLES_TOTAL
                                && taps.features.distinct().size() >= CANDLES_TOTAL
                                && taps.predictions.distinct().size() >= WARM_TOTAL
                                && taps.signals.distinct().size() >= WARM_TOTAL
                                && taps.entryFills().stream().map(f -> f.clientOrderId().value()).collect(Collectors.toSet())
                                .containsAll(taps.expectedFilledEntries(LAST_OPEN));
                    });
        } catch (ConditionTimeoutException e) {
            System.out.println("e2e: the pipeline did not drain within " + DRAIN_TIMEOUT + ": " + e.getMessage());
        }
        taps.refreshAll();
        System.out.printf("e2e: kills at steps %s; replay done after %d s, drained after %d s more%n", killedAtStep,
                (replayed - t0) / 1_000_000_000L, (System.nanoTime() - replayed) / 1_000_000_000L);
        System.out.printf("e2e: topics after the crashes: candles %d (%d records), features %d (%d), predictions %d (%d),"
                        + " signals %d (%d), approved %d, entry OrderSubmitted %d, fills %d (%d)%n",
                taps.candles.distinct().size(), taps.candles.events().size(), taps.features.distinct().size(),
                taps.features.events().size(), taps.predictions.distinct().size(), taps.predictions.events().size(),
                taps.signals.distinct().size(), taps.signals.events().size(), taps.approved().size(),
                taps.entrySubmitted().size(), taps.fills.distinct().size(), taps.fills.events().size());
    }

    @AfterAll
    static void closeTaps() {
        if (taps != null) {
            taps.close();
        }
    }

    @Test
    void everyServiceWasKilledOnceWhileTheReplayRan() {
        assertThat(killedAtStep.keySet()).containsExactly(Service.COLLECTOR, Service.FEATURE, Service.PREDICTION,
                Service.EXECUTION, Service.RISK, Service.GATEWAY);
        assertThat(List.copyOf(killedAtStep.values())).as("kill steps, strictly increasing").isSorted().doesNotHaveDuplicates();
        // It resumed after its last stored candle: at most a step or two before what the topic had when it was killed.
        Instant storedBeforeKill = Slices.START.plusSeconds(3600L * (killedAtStep.get(Service.COLLECTOR) - 3));
        assertThat(collectorResumedAfter).as("collector's resumedAfter per symbol after its restart")
                .containsOnlyKeys(Slices.SYMBOLS).allSatisfy((symbol, after) -> assertThat(after)
                        .as("resumedAfter of " + symbol + " (the last stored candle before the kill)")
                        .isNotEqualTo("null").satisfies(a -> assertThat(Instant.parse(a)).isBetween(storedBeforeKill, LAST_OPEN)));
    }

    @Test
    void everyCandleIsOnTheTopicOnceAndStoredOnce() throws SQLException {
        Stack stack = STACK.stack();
        List<CandleClosed> candles = taps.candles.distinct();
        // The restarted collector derives the same ids (a different id for a republished candle would be a duplicate).
        assertThat(candles).as("candle ids = Ids.candleId(exchange, symbol, interval, openTime)")
                .allSatisfy(c -> assertThat(c.eventId()).isEqualTo(Ids.candleId(c.exchange(), c.symbol(), c.interval(), c.openTime())));
        Map<String, List<Instant>> openTimes = candles.stream().collect(Collectors.groupingBy(c -> c.symbol().value(),
                Collectors.mapping(CandleClosed::openTime, Collectors.toList())));
        Set<Instant> expected = new TreeSet<>();
        for (int i = 0; i < CANDLES_PER_SYMBOL; i++) {
            expected.add(Slices.START.plusSeconds(3600L * i));
        }
        assertThat(openTimes).as("symbols on the candles topic").containsOnlyKeys(Slices.SYMBOLS);
        openTimes.forEach((symbol, times) -> assertThat(times).as("open times of the distinct " + symbol + " candles")
                .doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected));
        assertThat(candles).as("distinct CandleClosed ids").hasSize(CANDLES_TOTAL);

        String collector = stack.schema(Service.COLLECTOR);
        try (Connection c = TestInfra.jdbc(); Statement st = c.createStatement()) {
            assertThat(column(st, "SELECT event_id FROM " + collector + ".candles"))
                    .as("rows of " + collector + ".candles (event ids)").doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(ids(candles, e -> e.eventId().value()));
        }
    }

    @Test
    void everyCandleHasOneFeaturesIdEveryWarmVectorOnePredictionEveryPredictionOneDecision() {
        Set<String> candleIds = ids(taps.candles.distinct(), c -> c.eventId().value());
        Map<String, Set<String>> featureIdsByCandle = idsBy(taps.features.events(), f -> f.causationId().value());
        assertThat(featureIdsByCandle.keySet()).as("candles with features").containsExactlyInAnyOrderElementsOf(candleIds);
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
                .hasSize(WARM_TOTAL);

        Map<String, Set<String>> predictionIdsByFeatures = idsBy(taps.predictions.events(), p -> p.causationId().value());
        assertThat(predictionIdsByFeatures.keySet()).as("warm features ids with a prediction").containsExactlyInAnyOrderElementsOf(warmIds);
        assertThat(predictionIdsByFeatures).allSatisfy((features, ids) ->
                assertThat(ids).as("prediction ids of features " + features).hasSize(1));

        Map<String, Set<String>> decisionIdsByPrediction = idsBy(taps.signals.events(), s -> s.causationId().value());
        assertThat(decisionIdsByPrediction.keySet()).as("predictions with a risk decision").containsExactlyInAnyOrderElementsOf(
                ids(taps.predictions.distinct(), p -> p.eventId().value()));
        assertThat(decisionIdsByPrediction).allSatisfy((prediction, ids) ->
                assertThat(ids).as("decision ids of prediction " + prediction).hasSize(1));
        System.out.printf("e2e: features %d records / %d ids, predictions %d / %d, signals %d / %d%n",
                taps.features.events().size(), taps.features.distinct().size(), taps.predictions.events().size(),
                taps.predictions.distinct().size(), taps.signals.events().size(), taps.signals.distinct().size());
    }

    @Test
    void predictionServiceStoredEveryPredictionOnce() throws SQLException {
        String prediction = STACK.stack().schema(Service.PREDICTION);
        try (Connection c = TestInfra.jdbc(); Statement st = c.createStatement()) {
            assertThat(column(st, "SELECT event_id FROM " + prediction + ".predictions"))
                    .as("rows of " + prediction + ".predictions (event ids)").doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(ids(taps.predictions.distinct(), p -> p.eventId().value()));
        }
    }

    @Test
    void everyApprovedDecisionHasExactlyOneOrderAndTheFillsTableMatchesTheTopic() throws SQLException {
        Stack stack = STACK.stack();
        List<RiskDecisionMade> approved = taps.approved();
        assertThat(approved).as("approved decisions").isNotEmpty();
        Set<String> mustFill = taps.expectedFilledEntries(LAST_OPEN);
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
        System.out.printf("e2e: %d approved decisions, %d entry OrderSubmitted, %d must fill, %d fills (%d records)%n",
                approved.size(), taps.entrySubmitted().size(), mustFill.size(), taps.fills.distinct().size(),
                taps.fills.events().size());
    }

    @Test
    void theRestartedGatewayListsEveryTradeAndEveryCandle() {
        Stack stack = STACK.stack();
        String api = stack.url(Service.GATEWAY) + "/api/v1";
        List<FillExecuted> fills = taps.fills.distinct();
        Set<String> opened = fills.stream().filter(f -> !f.purpose().isExit()).map(FillExecuted::positionId)
                .collect(Collectors.toSet());
        Set<String> closed = fills.stream().filter(f -> f.purpose().isExit()).map(FillExecuted::positionId)
                .collect(Collectors.toSet());
        assertThat(opened).as("positions opened (entry fills on the topic)").isNotEmpty();
        Map<String, String> expectedStatus = new HashMap<>();
        opened.forEach(p -> expectedStatus.put(p, closed.contains(p) ? "CLOSED" : "OPEN"));

        await("the gateway's trades = the positions of the fills topic").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                    JsonNode page = stack.http().getJson(api + "/trades?size=500");
                    List<String> positionIds = new ArrayList<>();
                    Map<String, String> status = new HashMap<>();
                    page.path("items").forEach(t -> {
                        positionIds.add(t.path("positionId").asText());
                        status.put(t.path("positionId").asText(), t.path("status").asText());
                    });
                    assertThat(positionIds).as("positionIds of GET /api/v1/trades").doesNotHaveDuplicates()
                            .containsExactlyInAnyOrderElementsOf(opened);
                    assertThat(status).as("status of each trade (CLOSED iff the fills topic has its exit)")
                            .isEqualTo(expectedStatus);
                    assertThat(page.path("total").asLong()).as("total of GET /api/v1/trades").isEqualTo(opened.size());
                });

        for (String symbol : Slices.SYMBOLS) {
            Set<String> onTopic = taps.candles.distinct().stream().filter(c -> c.symbol().value().equals(symbol))
                    .map(c -> c.eventId().value()).collect(Collectors.toSet());
            await("the gateway's " + symbol + " candles").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> {
                        List<String> served = new ArrayList<>();
                        stack.http().getJson(api + "/market/candles?symbol=" + symbol + "&limit=1000")
                                .forEach(c -> served.add(c.path("eventId").asText()));
                        assertThat(served).as("GET /api/v1/market/candles?symbol=" + symbol + " (event ids)")
                                .doesNotHaveDuplicates().hasSize(CANDLES_PER_SYMBOL).containsExactlyInAnyOrderElementsOf(onTopic);
                    });
        }
        System.out.printf("e2e: gateway: %d trades (%d closed), %d candles per symbol%n", opened.size(),
                expectedStatus.values().stream().filter("CLOSED"::equals).count(), CANDLES_PER_SYMBOL);
    }

    /** Candles per symbol on the topic so far (the replay's step). */
    private static int step() {
        taps.candles.refresh();
        return taps.candles.distinct().size() / SYMBOLS;
    }

    private static void killAndRestart(Stack stack, Service service, int atStep) {
        String replayState = stack.collectorStatus().path("state").asText();
        assertThat(replayState).as("the replay is still running when " + service.module() + " is killed").isEqualTo("RUNNING");
        long pid = stack.process(service).pid();
        stack.kill(service);
        assertThat(stack.process(service).exitValue()).as(service.module() + " (pid " + pid + ") exit status after SIGKILL")
                .isEqualTo(128 + 9);
        long t0 = System.nanoTime();
        stack.restart(service);
        if (service == Service.COLLECTOR) {
            // Same configuration (autostart=false): the replay starts again on request and resumes from the store.
            stack.startReplay();
            await("the restarted collector's replay").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> stack.collectorStatus().path("symbols").size() == SYMBOLS);
            for (JsonNode symbol : stack.collectorStatus().path("symbols")) {
                collectorResumedAfter.put(symbol.path("symbol").asText(), symbol.path("resumedAfter").asText());
            }
        }
        System.out.printf("e2e: %s killed at step %d (pid %d, SIGKILL), ready again after %d ms at step %d%s%n",
                service.module(), atStep, pid, (System.nanoTime() - t0) / 1_000_000, step(),
                service == Service.COLLECTOR ? ", resumed after " + collectorResumedAfter : "");
    }

    private static List<String> column(Statement st, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    private static <T> Set<String> ids(List<T> events, Function<T, String> id) {
        return events.stream().map(id).collect(Collectors.toSet());
    }

    private static <T extends Event> Map<String, Set<String>> idsBy(List<T> events, Function<T, String> key) {
        return events.stream().collect(Collectors.groupingBy(key,
                Collectors.mapping(e -> e.eventId().value(), Collectors.toSet())));
    }

    private static long count(PreparedStatement st, String clientOrderId) throws SQLException {
        st.setString(1, clientOrderId);
        try (ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long single(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
