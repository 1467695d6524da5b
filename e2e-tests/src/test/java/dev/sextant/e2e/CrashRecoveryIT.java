package dev.sextant.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sextant.contracts.event.Event;
import dev.sextant.contracts.event.FeaturesComputed;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * "Killing any one service (kill -9) and starting it again loses no event and duplicates no
 * order": during a paced replay of 144 real candles per symbol (one step every 500 ms, so the
 * replay takes about 72 s), execution-service is killed with SIGKILL right after risk-service
 * approved the first entry, restarted with the same configuration, then feature-service is killed
 * mid-replay and restarted. After the replay, every candle has exactly one features event id (a
 * redelivered candle may publish the same id again, with the same values), every approved decision
 * has exactly one order and one entry fill, and no client order id appears twice.
 */
class CrashRecoveryIT {
    static final int CANDLES_PER_SYMBOL = 144;
    static final String PACE = "500ms";
    static final Duration PIPELINE_TIMEOUT = Duration.ofMinutes(5);

    @RegisterExtension
    static final StackExtension STACK = new StackExtension(
            StackOptions.replay(Slices.START, CANDLES_PER_SYMBOL, PACE, Slices.SYMBOLS));

    static PipelineTaps taps;

    @BeforeAll
    static void openTaps() {
        taps = new PipelineTaps(STACK.stack().infra());
    }

    @AfterAll
    static void closeTaps() {
        if (taps != null) {
            taps.close();
        }
    }

    @Test
    void killingExecutionAndFeatureServiceMidReplayLosesAndDuplicatesNothing() throws SQLException {
        Stack stack = STACK.stack();
        int candlesTotal = CANDLES_PER_SYMBOL * Slices.SYMBOLS.length;
        int warmTotal = (CANDLES_PER_SYMBOL - Slices.COLD_BARS) * Slices.SYMBOLS.length;
        stack.startReplay();

        // 1. execution-service, right after the first approved entry reached the signals topic.
        await("a first approved decision").atMost(PIPELINE_TIMEOUT).pollInterval(Duration.ofMillis(200))
                .until(() -> !taps.signals.refresh().stream().filter(RiskDecisionMade::approved).toList().isEmpty());
        killAndRestart(stack, Service.EXECUTION);

        // 2. feature-service, later in the replay: at 3/4 of it, or a few candles after execution-service is
        //    back if its restart took longer, but before the end.
        int published = taps.candles.refresh().size();
        int featureKillAt = Math.min(candlesTotal - 20, Math.max(published + 10, candlesTotal * 3 / 4));
        await(featureKillAt + " candles published").atMost(PIPELINE_TIMEOUT).pollInterval(Duration.ofMillis(200))
                .until(() -> taps.candles.refresh().size() >= featureKillAt);
        killAndRestart(stack, Service.FEATURE);

        stack.awaitReplayFinished(PIPELINE_TIMEOUT);
        Instant lastOpen = Slices.START.plusSeconds(3600L * (CANDLES_PER_SYMBOL - 1));
        await("the pipeline to drain after the restarts").atMost(PIPELINE_TIMEOUT).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    taps.refreshAll();
                    assertThat(taps.candles.distinct()).hasSize(candlesTotal);
                    assertThat(taps.features.distinct()).hasSize(candlesTotal);
                    assertThat(taps.predictions.distinct()).hasSize(warmTotal);
                    assertThat(taps.signals.distinct()).hasSize(warmTotal);
                    assertThat(taps.entryFills()).extracting(f -> f.clientOrderId().value())
                            .containsExactlyInAnyOrderElementsOf(taps.expectedFilledEntries(lastOpen));
                });

        // No event lost, none duplicated under a new id: exactly one features id per candle ...
        Set<String> candleIds = ids(taps.candles.distinct(), c -> c.eventId().value());
        Map<String, Set<String>> featureIdsByCandle = idsBy(taps.features.events(), f -> f.causationId().value());
        assertThat(featureIdsByCandle.keySet()).containsExactlyInAnyOrderElementsOf(candleIds);
        assertThat(featureIdsByCandle).allSatisfy((candle, ids) -> assertThat(ids).as("features ids of candle " + candle).hasSize(1));
        // ... and a republished vector is the same vector.
        Map<String, List<Double>> valuesById = new HashMap<>();
        for (FeaturesComputed f : taps.features.events()) {
            List<Double> first = valuesById.putIfAbsent(f.eventId().value(), f.values());
            if (first != null) {
                assertThat(f.values()).as("republished features " + f.eventId().value()).isEqualTo(first);
            }
        }
        System.out.printf("e2e: features records %d for %d distinct ids (%d candles)%n", taps.features.events().size(),
                taps.features.distinct().size(), candleIds.size());
        // One prediction per warm vector, one decision per prediction.
        Set<String> warmIds = taps.features.distinct().stream().filter(FeaturesComputed::warm)
                .map(f -> f.eventId().value()).collect(Collectors.toSet());
        Map<String, Set<String>> predictionIdsByFeatures = idsBy(taps.predictions.events(), p -> p.causationId().value());
        assertThat(predictionIdsByFeatures.keySet()).containsExactlyInAnyOrderElementsOf(warmIds);
        assertThat(predictionIdsByFeatures).allSatisfy((features, ids) -> assertThat(ids).hasSize(1));
        Map<String, Set<String>> decisionIdsByPrediction = idsBy(taps.signals.events(), s -> s.causationId().value());
        assertThat(decisionIdsByPrediction.keySet()).containsExactlyInAnyOrderElementsOf(
                ids(taps.predictions.distinct(), p -> p.eventId().value()));
        assertThat(decisionIdsByPrediction).allSatisfy((prediction, ids) -> assertThat(ids).hasSize(1));

        // Every approved decision: exactly one entry order and (when it could fill) one entry fill.
        List<RiskDecisionMade> approved = taps.approved();
        assertThat(approved).isNotEmpty();
        Set<String> mustFill = taps.expectedFilledEntries(lastOpen);
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
                assertThat(count(orderRows, clientOrderId)).as("order rows of decision " + decision.eventId().value()).isEqualTo(1);
                assertThat(submittedIdsByOrder.get(clientOrderId)).as("OrderSubmitted ids of " + clientOrderId).hasSize(1);
                int fills = mustFill.contains(clientOrderId) ? 1 : 0;
                assertThat(count(entryFillRows, clientOrderId)).as("entry fill rows of " + clientOrderId).isEqualTo(fills);
                assertThat(fillIdsByOrder.getOrDefault(clientOrderId, Set.of())).as("entry fills of " + clientOrderId).hasSize(fills);
            }
            assertThat(single(st, "SELECT count(*) - count(DISTINCT client_order_id) FROM " + execution + ".orders"))
                    .as("client order ids appearing twice in the orders table").isZero();
            assertThat(single(st, "SELECT count(*) FROM " + execution + ".orders WHERE purpose = 'ENTRY'"))
                    .as("entry orders = approved decisions").isEqualTo(approved.size());
            Set<String> storedFills = new HashSet<>();
            try (ResultSet rs = st.executeQuery("SELECT event_id FROM " + execution + ".fills")) {
                while (rs.next()) {
                    storedFills.add(rs.getString(1));
                }
            }
            assertThat(storedFills).containsExactlyInAnyOrderElementsOf(ids(taps.fills.distinct(), f -> f.eventId().value()));
            assertThat(single(st, "SELECT count(*) FROM " + stack.schema(Service.COLLECTOR) + ".candles"))
                    .isEqualTo(candlesTotal);
        }
        System.out.printf("e2e: after the crashes: %d candles, %d approved decisions, %d entry orders, %d fills"
                        + " (%d fill records on the topic)%n", candleIds.size(), approved.size(), taps.entrySubmitted().size(),
                taps.fills.distinct().size(), taps.fills.events().size());
    }

    private static void killAndRestart(Stack stack, Service service) {
        String replayState = stack.collectorStatus().path("state").asText();
        assertThat(replayState).as("the replay is still running when " + service.module() + " is killed").isEqualTo("RUNNING");
        long pid = stack.process(service).pid();
        stack.kill(service);
        assertThat(stack.process(service).exitValue()).as(service.module() + " (pid " + pid + ") exit status after SIGKILL")
                .isEqualTo(128 + 9);
        long t0 = System.nanoTime();
        stack.restart(service);
        System.out.printf("e2e: %s killed (pid %d, SIGKILL) and ready again after %d ms%n", service.module(), pid,
                (System.nanoTime() - t0) / 1_000_000);
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
