package dev.sextant.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sextant.contracts.event.FillExecuted;
import dev.sextant.contracts.event.RiskDecisionMade;
import dev.sextant.e2e.stack.PipelineTaps;
import dev.sextant.e2e.stack.ReplayThrottle;
import dev.sextant.e2e.stack.Service;
import dev.sextant.e2e.stack.Stack;
import dev.sextant.e2e.stack.StackExtension;
import dev.sextant.e2e.stack.StackOptions;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * "Killing any one service (kill -9) and starting it again loses no event and duplicates no
 * order", for each of the six services. During one paced replay of 240 real candles per symbol (one
 * step every 450 ms at most, about two minutes), the services are killed with SIGKILL one at a time, each at
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
 * <p>The kill points are points of the pipeline's progress, not of the wall clock: a {@link ReplayThrottle}
 * freezes the collector (SIGSTOP) while the pipeline lags {@value #MAX_LEAD_STEPS} steps or more behind it
 * (candles without features, warm features without a decision) or a consumer group has
 * {@value #MAX_UNCOMMITTED} records or more it has not committed (a sink such as the gateway), and thaws it
 * once they caught up. A killed service's stage therefore stops the replay after a bounded lead however
 * long its restart takes (85 s on a loaded 2-core machine was seen), and the kill schedule below always
 * leaves room for the replay; the replay runs at its 450 ms pace whenever the pipeline keeps up.
 *
 * <p>{@link #killEachServiceOnceDuringOneReplay()} runs that scenario once for the class and waits for
 * the pipeline to drain; each {@code @Test} then checks one concern ({@link PipelineChecks}). Every check
 * compares what the services stored or served with what the topics carry (the topics are read from the
 * beginning by the test's own consumers), so a restarted service that skipped events, re-derived an id
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
    /** The replay freezes while a symbol has this many candles without features or warm features without a decision. */
    static final int MAX_LEAD_STEPS = 6;
    /** ... or while a service's consumer group has this many records of a topic it has not committed (commits every 5 s). */
    static final int MAX_UNCOMMITTED = 60;

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
    /**
     * The collector waits this long for the broker's acknowledgements (default 30 s): a collector frozen by
     * the throttle while it waited would otherwise count the frozen time against it, fail the step and retry.
     */
    static final String ACK_TIMEOUT = "10m";

    @RegisterExtension
    static final StackExtension STACK = new StackExtension(stackOptions());

    private static StackOptions stackOptions() {
        StackOptions options = StackOptions.replay(Slices.START, CANDLES_PER_SYMBOL, PACE, Slices.SYMBOLS)
                .with(Service.COLLECTOR, "sextant.collector.replay.ack-timeout", ACK_TIMEOUT);
        for (Service service : Service.values()) {
            options = options.with(service, "kafka.session.timeout.ms", SESSION_TIMEOUT_MS)
                    .with(service, "kafka.heartbeat.interval.ms", HEARTBEAT_MS);
        }
        return options;
    }

    static PipelineTaps taps;
    static PipelineChecks checks;
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
        checks = new PipelineChecks(stack, taps);
        long t0 = System.nanoTime();
        stack.startReplay();
        String throttled;
        try (ReplayThrottle throttle = ReplayThrottle.start(stack,
                ReplayThrottle.stageLag(stack.infra(), MAX_LEAD_STEPS, r -> false),
                ReplayThrottle.consumerLag(stack, MAX_UNCOMMITTED))) {
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
                killAndRestart(stack, throttle, kill.service(), at);
                killedAtStep.put(kill.service(), at);
                earliest = step() + STEPS_BETWEEN_KILLS;
            }
            throttled = throttle.summary();
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
        System.out.printf("e2e: kills at steps %s; replay done after %d s (throttle: %s), drained after %d s more%n",
                killedAtStep, (replayed - t0) / 1_000_000_000L, throttled, (System.nanoTime() - replayed) / 1_000_000_000L);
        System.out.println("e2e: topics after the crashes: " + checks.topicSummary());
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
        checks.everyCandleIsOnTheTopicOnceAndStoredOnce(fullReplay(), false);
    }

    @Test
    void everyCandleHasOneFeaturesIdEveryWarmVectorOnePredictionEveryPredictionOneDecision() {
        checks.everyCandleHasOneFeaturesIdEveryWarmVectorOnePredictionEveryPredictionOneDecision(WARM_TOTAL);
        System.out.printf("e2e: features %d records / %d ids, predictions %d / %d, signals %d / %d%n",
                taps.features.events().size(), taps.features.distinct().size(), taps.predictions.events().size(),
                taps.predictions.distinct().size(), taps.signals.events().size(), taps.signals.distinct().size());
    }

    @Test
    void predictionServiceStoredEveryPredictionOnce() throws SQLException {
        checks.predictionServiceStoredEveryPredictionOnce();
    }

    @Test
    void everyApprovedDecisionHasExactlyOneOrderAndTheFillsTableMatchesTheTopic() throws SQLException {
        assertThat(taps.approved()).as("approved decisions").isNotEmpty();
        Set<String> mustFill = taps.expectedFilledEntries(LAST_OPEN);
        checks.everyApprovedDecisionHasExactlyOneOrderAndTheFillsTableMatchesTheTopic(mustFill);
        System.out.printf("e2e: %d approved decisions, %d entry OrderSubmitted, %d must fill, %d fills (%d records)%n",
                taps.approved().size(), taps.entrySubmitted().size(), mustFill.size(), taps.fills.distinct().size(),
                taps.fills.events().size());
    }

    @Test
    void theRestartedGatewayListsEveryTradeAndEveryCandle() {
        List<FillExecuted> fills = taps.fills.distinct();
        Set<String> opened = fills.stream().filter(f -> !f.purpose().isExit()).map(FillExecuted::positionId)
                .collect(Collectors.toSet());
        assertThat(opened).as("positions opened (entry fills on the topic)").isNotEmpty();
        checks.gatewayListsEveryTradeAndEveryCandle(fullReplay(), Duration.ofSeconds(60));
        System.out.printf("e2e: gateway: %d trades (%d closed), %d candles per symbol%n", opened.size(),
                fills.stream().filter(f -> f.purpose().isExit()).map(FillExecuted::positionId).distinct().count(),
                CANDLES_PER_SYMBOL);
    }

    private static Map<String, Integer> fullReplay() {
        Map<String, Integer> perSymbol = new LinkedHashMap<>();
        for (String symbol : Slices.SYMBOLS) {
            perSymbol.put(symbol, CANDLES_PER_SYMBOL);
        }
        return perSymbol;
    }

    /** Candles per symbol on the topic so far (the replay's step). */
    private static int step() {
        taps.candles.refresh();
        return taps.candles.distinct().size() / SYMBOLS;
    }

    private static void killAndRestart(Stack stack, ReplayThrottle throttle, Service service, int atStep) {
        // The collector is awake while the test talks to it; it is killed and restarted awake too.
        if (service == Service.COLLECTOR) {
            throttle.awake(() -> killAndRestartAwake(stack, service, atStep));
        } else {
            throttle.awake(() -> assertReplayRunning(stack, service));
            killAndRestartAwake(stack, service, atStep);
        }
    }

    /**
     * The replay is still running when {@code service} is killed. A freeze by the throttle while the collector
     * talked to Redis or PostgreSQL may make its step fail and retry (RETRYING for the 1 s retry delay): that
     * is awaited, and then the state must be RUNNING (not FINISHED).
     */
    private static void assertReplayRunning(Stack stack, Service service) {
        String replayState = await("the replay not retrying").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> stack.collectorStatus().path("state").asText(), state -> !"RETRYING".equals(state));
        assertThat(replayState).as("the replay is still running when " + service.module() + " is killed").isEqualTo("RUNNING");
    }

    private static void killAndRestartAwake(Stack stack, Service service, int atStep) {
        if (service == Service.COLLECTOR) {
            assertReplayRunning(stack, service);
        }
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
}
