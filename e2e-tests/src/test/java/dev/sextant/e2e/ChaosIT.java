package dev.sextant.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.event.ControlEvent;
import dev.sextant.contracts.event.FeaturesComputed;
import dev.sextant.contracts.event.PauseRequested;
import dev.sextant.contracts.event.RiskDecisionMade;
import dev.sextant.contracts.event.TradingStateChanged;
import dev.sextant.contracts.kafka.TopicAdmin;
import dev.sextant.contracts.topic.Topics;
import dev.sextant.e2e.chaos.InfraControl;
import dev.sextant.e2e.chaos.Injector;
import dev.sextant.e2e.chaos.Malformed;
import dev.sextant.e2e.chaos.Refusals;
import dev.sextant.e2e.stack.Http;
import dev.sextant.e2e.stack.PipelineTaps;
import dev.sextant.e2e.stack.ReplayThrottle;
import dev.sextant.e2e.stack.Service;
import dev.sextant.e2e.stack.Stack;
import dev.sextant.e2e.stack.StackExtension;
import dev.sextant.e2e.stack.StackOptions;
import dev.sextant.e2e.stack.Watchdog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The chaos campaign: one long replay during which faults are injected at moments drawn from a seeded
 * {@link Random} ({@code -Dchaos.seed}, default {@value #DEFAULT_SEED}), each moment a point of the
 * pipeline's progress ("after n more candles per symbol went all the way to a risk decision", n in 1..4),
 * never of the wall clock. Each fault is one <b>trial</b>; after each the replay is held, the pipeline
 * drained, and every invariant checked ({@link PipelineChecks}): no candle, features vector, prediction or
 * decision lost or derived twice; no order or fill duplicated; positions = Σ fills; the account reconciled
 * between risk-service, execution-service and the gateway; every malformed record refused (dead-lettered
 * with a reason, or parked with its error) by every consumer of its topic; a replayed control command
 * without a second effect. {@value #DEFAULT_TRIALS} trials by default, {@code -Dchaos.trials=N} (the
 * {@code chaos} profile: 100).
 *
 * <p>The faults ({@link Fault}): kill -9 of a service (drawn from a seeded deck, so the six take turns;
 * restarted with the same configuration);
 * kill -9 of the Kafka broker and of nothing else (restarted with {@code ./sextant infra up}); a restart of
 * PostgreSQL (fast shutdown: every connection dropped, every open transaction aborted); Redis frozen with
 * SIGSTOP until the replay has tried to use it (then SIGCONT); malformed and forged records ({@link
 * Malformed}). It breaks only the infrastructure whose state folder it is given ({@code $SEXTANT_HOME},
 * which {@code ./sextant test} sets; skipped when there is none), after checking that its processes are the
 * ones at the test's addresses ({@link InfraControl}), and brings all of it back, healthy, whatever happens.
 *
 * <p>The replay is throttled by the pipeline's progress ({@link ReplayThrottle}): the collector is frozen
 * while a stage lags, so a restart of any length neither lets the replay run away nor changes when the
 * next fault comes. The figures (trials, faults by kind, time, records dead-lettered and parked,
 * violations) are printed and written to {@code target/chaos/chaos-report.txt}. Violations are collected
 * trial by trial; each {@code @Test} then asserts one invariant over the whole campaign, so a failure
 * names the invariant, the trials and the fault that broke it.
 */
@EnabledIf(value = "infrastructureGiven", disabledReason = "ChaosIT kills the broker, restarts PostgreSQL and freezes"
        + " Redis of the infrastructure in $SEXTANT_HOME: it runs only when SEXTANT_HOME (or -Dchaos.sextant-home) is"
        + " set, as ./sextant test does")
class ChaosIT {
    static final long DEFAULT_SEED = 20_261_130L;
    static final int DEFAULT_TRIALS = 20;
    static final long SEED = Long.getLong("chaos.seed", DEFAULT_SEED);
    static final int TRIALS = Integer.getInteger("chaos.trials", DEFAULT_TRIALS);
    static final Set<Fault> FAULTS = Fault.parse(System.getProperty("chaos.faults", "all"));
    /** Long enough for every trial (1..4 steps to the fault, 3 during it, 1 after it) with room to spare. */
    static final int CANDLES_PER_SYMBOL = Slices.COLD_BARS + 30 + TRIALS * 9;
    static final String PACE = "300ms";
    /** The campaign stops starting trials after this long (it then fails: fewer trials than asked). */
    static final Duration BUDGET = Duration.ofMinutes(Long.getLong("chaos.budget-minutes", Math.max(20, TRIALS * 40L / 60)));
    /** The pipeline must make progress within this long after a fault, and drain within it at a checkpoint. */
    static final Duration STALL_TIMEOUT = Duration.ofMinutes(3);
    /** Past the budget, this long more means the campaign hangs (a trial's bounded waits end well within it). */
    static final Duration HANG_MARGIN = Duration.ofMinutes(12);
    /** How long a projection (REST of risk, execution, gateway; dead letters) may take to catch up at a checkpoint. */
    static final Duration SETTLE = Duration.ofSeconds(30);
    /** ... once the same invariant already failed in an earlier trial (so a lasting failure does not slow every trial). */
    static final Duration SETTLE_AFTER_FAILURE = Duration.ofSeconds(3);
    static final int MAX_LEAD_STEPS = 6;
    /** Steps per symbol the replay may go on while a fault is injected and recovered from (candles flow during the fault). */
    static final int FAULT_LEAD_STEPS = 3;
    static final int MAX_UNCOMMITTED = 60;

    // Invariants, as reported.
    static final String CAMPAIGN = "the campaign ran every trial and the pipeline kept going after each fault";
    static final String CANDLES = "no candle lost or duplicated (topic, collector's table)";
    static final String CHAIN = "no features vector, prediction or decision lost or derived twice";
    static final String PREDICTIONS_STORED = "prediction-service stored every prediction once";
    static final String ORDERS = "no duplicate order or fill";
    static final String POSITIONS = "positions = Σ fills (execution, risk, gateway, positions topic)";
    static final String EQUITY = "equity reconciles between risk, execution and the gateway";
    static final String GATEWAY = "the gateway serves every trade and candle of the topics, nothing else";
    static final String REFUSED = "every malformed record dead-lettered (with a reason) or parked (with its error)";
    static final String CONTROL = "a replayed control command (same event id) has no second effect";

    /**
     * The faults of the campaign, with their weight in the draw (each enabled one is drawn at least once). A broker
     * restart costs the most time (~30 s on 2 loaded cores): it weighs least.
     */
    enum Fault {
        SERVICE_KILL(3), BROKER_KILL(1), POSTGRES_RESTART(2), REDIS_FREEZE(2), MALFORMED_RECORDS(4);

        final int weight;

        Fault(int weight) {
            this.weight = weight;
        }

        /** {@code all}, or a comma-separated list of fault names (e.g. {@code SERVICE_KILL,REDIS_FREEZE}). */
        static Set<Fault> parse(String spec) {
            if (spec == null || spec.isBlank() || spec.trim().equalsIgnoreCase("all")) {
                return EnumSet.allOf(Fault.class);
            }
            Set<Fault> faults = EnumSet.noneOf(Fault.class);
            for (String part : spec.split(",")) {
                faults.add(Fault.valueOf(part.trim().toUpperCase(Locale.ROOT)));
            }
            return faults;
        }
    }

    /** Enabled only when the test is given an infrastructure it may break (see the class comment). */
    static boolean infrastructureGiven() {
        return InfraControl.configuredHome().isPresent();
    }

    @RegisterExtension
    static final StackExtension STACK = new StackExtension(stackOptions());

    private static StackOptions stackOptions() {
        StackOptions options = StackOptions.replay(Slices.START, CANDLES_PER_SYMBOL, PACE, Slices.SYMBOLS)
                // A collector frozen by the throttle while it waited for acknowledgements must not count the frozen time.
                .with(Service.COLLECTOR, "sextant.collector.replay.ack-timeout", "10m");
        for (Service service : Service.values()) {
            // A SIGKILLed consumer keeps its partitions until its session expires (see CrashRecoveryIT).
            options = options.with(service, "kafka.session.timeout.ms", "10000")
                    .with(service, "kafka.heartbeat.interval.ms", "3000");
        }
        return options;
    }

    static Stack stack;
    static PipelineTaps taps;
    static PipelineChecks checks;
    static InfraControl infra;
    static Injector injector;
    static Refusals refusals;
    static ReplayThrottle throttle;
    static ReplayThrottle.StepLimit stepLimit;
    static Admin admin;
    static Random random;
    static Path reportDir;

    static final Map<String, List<String>> violations = new LinkedHashMap<>();
    static final List<String> trialLog = new ArrayList<>();
    static final Map<Fault, Integer> faultsInjected = new EnumMap<>(Fault.class);
    static final Map<String, Integer> faultDetails = new TreeMap<>();
    static final Map<Fault, Long> recoveryMillis = new EnumMap<>(Fault.class);
    /** The services still to be killed before each one has been killed as often as the others (a seeded deck). */
    static final Deque<Service> serviceDeck = new ArrayDeque<>();
    /** Malformed-record trials of the plan not run yet. */
    static int malformedTrialsLeft;
    static int trialsRun;
    static int entryFillsSeen;
    static long campaignMillis;
    static String report = "(no report)";

    @BeforeAll
    static void campaign() throws Exception {
        stack = STACK.stack();
        Path root = Path.of(System.getProperty("sextant.root", "..")).toAbsolutePath().normalize();
        reportDir = Path.of(System.getProperty("chaos.report-dir", root.resolve("e2e-tests/target/chaos").toString()));
        Files.createDirectories(reportDir);
        infra = InfraControl.of(root, InfraControl.configuredHome().orElseThrow(), reportDir.resolve("infra.log"));
        taps = new PipelineTaps(stack.infra(), Injector::isInjected);
        checks = new PipelineChecks(stack, taps);
        injector = new Injector(stack.infra());
        refusals = new Refusals(stack);
        var props = TopicAdmin.adminProperties(dev.sextant.testing.TestInfra.kafkaBootstrap());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        admin = Admin.create(props);
        random = new Random(SEED);
        List<Fault> plan = plan(random);
        Deque<Malformed> deck = new ArrayDeque<>();
        malformedTrialsLeft = (int) plan.stream().filter(f -> f == Fault.MALFORMED_RECORDS).count();
        long perMalformedTrial = Math.max(1, (Malformed.values().length
                + plan.stream().filter(f -> f == Fault.MALFORMED_RECORDS).count() - 1)
                / Math.max(1, plan.stream().filter(f -> f == Fault.MALFORMED_RECORDS).count()));
        System.out.printf("chaos: seed %d, %d trials (%s), %d candles per symbol at pace %s, budget %s%n", SEED, TRIALS,
                plan.stream().collect(Collectors.groupingBy(f -> f, TreeMap::new, Collectors.counting())), CANDLES_PER_SYMBOL,
                PACE, BUDGET);

        long t0 = System.nanoTime();
        stack.startReplay();
        stepLimit = ReplayThrottle.stepLimit(stack.infra(), Injector::isInjected);
        throttle = ReplayThrottle.start(stack, stepLimit,
                ReplayThrottle.stageLag(stack.infra(), MAX_LEAD_STEPS, Injector::isInjected),
                ReplayThrottle.consumerLag(stack, MAX_UNCOMMITTED));
        // A trial's every wait is bounded (a few minutes at most); a campaign far over its budget is stuck in a call
        // that never returns: the watchdog dumps every thread, thaws what the campaign froze (Redis, the collector) and
        // interrupts this thread, so the run fails with the cause.
        Watchdog watchdog = Watchdog.start("the chaos campaign", BUDGET.plus(HANG_MARGIN), reportDir.resolve("hang-threads.txt"),
                () -> {
                    infra.thawRedis();
                    throttle.close();
                });
        try {
            for (int i = 1; i <= plan.size(); i++) {
                if (System.nanoTime() - t0 > BUDGET.toNanos()) {
                    violation(CAMPAIGN, i, null, "the campaign's budget of " + BUDGET + " ran out before trial " + i);
                    break;
                }
                if (!trial(i, plan.get(i - 1), deck, (int) perMalformedTrial)) {
                    finalCheck(i);
                    break;
                }
                trialsRun = i;
            }
        } catch (Throwable e) {
            violation(CAMPAIGN, trialsRun + 1, null, "the campaign stopped: " + e);
            e.printStackTrace();
        } finally {
            watchdog.close();
            if (watchdog.fired()) {
                violation(CAMPAIGN, trialsRun + 1, null, "the campaign hung for " + BUDGET.plus(HANG_MARGIN)
                        + " (every thread's stack: " + reportDir.resolve("hang-threads.txt") + ")");
            }
            campaignMillis = (System.nanoTime() - t0) / 1_000_000;
            try {
                infra.restoreAll();
            } catch (RuntimeException e) {
                violation(CAMPAIGN, trialsRun, null, "the infrastructure could not be restored: " + e.getMessage());
            }
            throttle.close();
            writeReport();
        }
    }

    @AfterAll
    static void restoreAndClose() {
        if (infra != null) {
            infra.restoreAll();
        }
        for (AutoCloseable c : Arrays.asList(taps, injector, refusals, admin)) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    // closing a probe must not hide a test's result
                }
            }
        }
    }

    // ------------------------------------------------------------------ the invariants, over the whole campaign

    @Test
    void theCampaignRanEveryTrialWithEveryFault() {
        assertNone(CAMPAIGN);
        assertThat(trialsRun).as("trials run").isEqualTo(TRIALS);
        assertThat(faultsInjected.keySet()).as("kinds of fault injected").containsAll(TRIALS >= FAULTS.size() ? FAULTS : Set.of());
        // The invariants on orders, positions and equity were checked against real trades, not an empty book.
        if (CANDLES_PER_SYMBOL - 30 - Slices.COLD_BARS >= 100) {
            assertThat(entryFillsSeen).as("entry fills on the topic by the last trial").isPositive();
        }
        if (FAULTS.contains(Fault.MALFORMED_RECORDS) && TRIALS >= FAULTS.size()) {
            assertThat(injector.injections().stream().map(Injector.Injection::kind).collect(Collectors.toSet()))
                    .as("malformed and forged records injected").containsExactlyInAnyOrder(Malformed.values());
        }
    }

    @Test
    void noCandleIsLostOrDuplicated() {
        assertNone(CANDLES);
    }

    @Test
    void noFeaturesVectorPredictionOrDecisionIsLostOrDerivedTwice() {
        assertNone(CHAIN);
        assertNone(PREDICTIONS_STORED);
    }

    @Test
    void noOrderOrFillIsDuplicated() {
        assertNone(ORDERS);
    }

    @Test
    void positionsAreTheSumOfTheFills() {
        assertNone(POSITIONS);
    }

    @Test
    void equityReconcilesBetweenRiskExecutionAndTheGateway() {
        assertNone(EQUITY);
    }

    @Test
    void theGatewayServesWhatTheTopicsCarry() {
        assertNone(GATEWAY);
    }

    @Test
    void everyMalformedRecordIsDeadLetteredOrParkedWithAReason() {
        assertNone(REFUSED);
    }

    @Test
    void aReplayedControlCommandHasNoSecondEffect() {
        assertNone(CONTROL);
    }

    private static void assertNone(String invariant) {
        List<String> found = violations.getOrDefault(invariant, List.of());
        assertThat(found).as("violations of \"" + invariant + "\" (seed " + SEED + "; report in " + reportDir + ")")
                .isEmpty();
    }

    // ------------------------------------------------------------------ the campaign

    /** Each enabled fault once, then weighted draws up to {@link #TRIALS}, shuffled: all from the seeded random. */
    static List<Fault> plan(Random random) {
        List<Fault> enabled = new ArrayList<>(FAULTS);
        List<Fault> plan = new ArrayList<>(enabled.subList(0, Math.min(enabled.size(), TRIALS)));
        int total = enabled.stream().mapToInt(f -> f.weight).sum();
        while (plan.size() < TRIALS) {
            int r = random.nextInt(total);
            for (Fault f : enabled) {
                r -= f.weight;
                if (r < 0) {
                    plan.add(f);
                    break;
                }
            }
        }
        Collections.shuffle(plan, random);
        return plan;
    }

    /** One trial: wait for its moment, inject, recover, see the pipeline go on, check. False: stop the campaign. */
    private static boolean trial(int i, Fault fault, Deque<Malformed> deck, int malformedPerTrial) throws Exception {
        long t0 = System.nanoTime();
        int moment = 1 + random.nextInt(4);
        int target = currentStep() + moment;
        // The replay stops at the moment; the fault comes once the pipeline got there, as the replay goes on.
        stepLimit.set(target);
        if (!awaitPipelineStep(target, i, fault, "the moment of the fault (" + moment + " more steps)")) {
            return false;
        }
        int at = currentStep();
        stepLimit.set(at + FAULT_LEAD_STEPS);
        long f0 = System.nanoTime();
        String what = inject(i, fault, deck, malformedPerTrial);
        long recovery = (System.nanoTime() - f0) / 1_000_000;
        recoveryMillis.merge(fault, recovery, Long::sum);
        faultsInjected.merge(fault, 1, Integer::sum);
        int next = currentStep() + 1;
        stepLimit.set(Math.max(stepLimit.get(), next));
        boolean alive = awaitPipelineStep(next, i, fault, "the pipeline going on after " + what);
        boolean drained = alive && checkpoint(i, fault);
        String line = String.format("trial %d at step %d: %s (recovered in %d ms); checked after %d s: %s", i, at, what,
                recovery, (System.nanoTime() - t0) / 1_000_000_000L, violationsOf(i).isEmpty() ? "ok" : violationsOf(i));
        trialLog.add(line);
        System.out.println("chaos: " + line);
        return drained;
    }

    private static String inject(int i, Fault fault, Deque<Malformed> deck, int malformedPerTrial) throws Exception {
        switch (fault) {
            case SERVICE_KILL -> {
                if (serviceDeck.isEmpty()) {
                    List<Service> all = new ArrayList<>(Arrays.asList(Service.values()));
                    Collections.shuffle(all, random);
                    serviceDeck.addAll(all);
                }
                Service service = serviceDeck.poll();
                faultDetails.merge("kill -9 " + service.module(), 1, Integer::sum);
                long pid = stack.process(service).pid();
                if (service == Service.COLLECTOR) {
                    // Killed, restarted and its replay started again while awake (a frozen JVM answers nothing).
                    throttle.awake(() -> {
                        stack.kill(service);
                        stack.restart(service);
                        stack.startReplay();
                    });
                } else {
                    stack.kill(service);
                    stack.restart(service);
                }
                awaitServicesReady("after the restart of " + service.module());
                return "kill -9 " + service.module() + " (pid " + pid + "), restarted";
            }
            case BROKER_KILL -> {
                faultDetails.merge("kill -9 kafka", 1, Integer::sum);
                long pid = infra.killBroker();
                infra.startWhatIsDown();
                awaitServicesReady("after the broker's restart");
                return "kill -9 kafka (pid " + pid + "), restarted by ./sextant infra up";
            }
            case POSTGRES_RESTART -> {
                faultDetails.merge("restart postgres", 1, Integer::sum);
                long pid = infra.stopPostgres();
                infra.startWhatIsDown();
                awaitServicesReady("after PostgreSQL's restart");
                return "restart of postgres (pid " + pid + " stopped, fast shutdown), started by ./sextant infra up";
            }
            case REDIS_FREEZE -> {
                faultDetails.merge("freeze redis", 1, Integer::sum);
                int candles = candleSteps();
                long pid = infra.freezeRedis();
                long frozenAt = System.nanoTime();
                try {
                    // Frozen until the replay has used it: the collector publishes a step, then writes the latest
                    // candle to Redis. Bounded: a replay frozen by the throttle publishes nothing.
                    await("a replay step while redis is frozen").atMost(Duration.ofSeconds(20))
                            .pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> candleSteps() > candles);
                } catch (ConditionTimeoutException e) {
                    // the replay was frozen for lag all along: the services still met a silent Redis
                } finally {
                    infra.thawRedis();
                }
                awaitServicesReady("after Redis thawed");
                return "SIGSTOP redis (pid " + pid + ") for " + (System.nanoTime() - frozenAt) / 1_000_000 + " ms, then SIGCONT";
            }
            case MALFORMED_RECORDS -> {
                malformedTrialsLeft--;
                List<String> sent = new ArrayList<>();
                for (Malformed kind : drawMalformed(deck, malformedPerTrial)) {
                    faultDetails.merge("inject " + kind, 1, Integer::sum);
                    if (kind == Malformed.REPLAYED_CONTROL_COMMAND) {
                        sent.add(replayControlCommand(i));
                        continue;
                    }
                    ConsumerRecord<String, String> template = kind.forged() ? decidedCandle() : null;
                    if (template == null) {
                        template = latestCandle(Slices.SYMBOLS[random.nextInt(Slices.SYMBOLS.length)]);
                    }
                    Injector.Injection injection = injector.inject(i, kind,
                            dev.sextant.contracts.json.EventCodec.decode(template.value(), CandleClosed.class),
                            template.value(), random);
                    sent.add(kind + " at " + injection.where());
                }
                return "injected " + sent;
            }
        }
        throw new IllegalArgumentException(fault.name());
    }

    /**
     * The malformed records of one trial, from the seeded deck: at least {@code perTrial}, more when the kinds not
     * sent yet would not fit in the malformed trials left, so that a run that reaches its end has sent every kind.
     * A forged fill or position waits (it stays in the deck) until the pipeline has decided on a candle, unless this
     * is the last malformed trial.
     */
    private static List<Malformed> drawMalformed(Deque<Malformed> deck, int perTrial) {
        Set<Malformed> notSent = EnumSet.allOf(Malformed.class);
        injector.injections().forEach(j -> notSent.remove(j.kind()));
        faultDetails.keySet().stream().filter(k -> k.startsWith("inject ")).map(k -> Malformed.valueOf(k.substring(7)))
                .forEach(notSent::remove);
        int count = Math.max(perTrial, (notSent.size() + malformedTrialsLeft) / (malformedTrialsLeft + 1));
        boolean decided = !taps.signals.refresh().isEmpty();
        List<Malformed> drawn = new ArrayList<>();
        for (int tries = 0; drawn.size() < count && tries < 3 * Malformed.values().length; tries++) {
            if (deck.isEmpty()) {
                List<Malformed> all = new ArrayList<>(Arrays.asList(Malformed.values()));
                Collections.shuffle(all, random);
                deck.addAll(all);
            }
            Malformed kind = deck.poll();
            if (kind.forged() && !decided && malformedTrialsLeft > 0) {
                deck.addLast(kind);
            } else {
                drawn.add(kind);
            }
        }
        return drawn;
    }

    /**
     * The newest candle the pipeline has decided on, of a symbol drawn among those with a decision (the open of
     * that candle dates a forged fill or position: see {@link Malformed#forged()}); null before any decision.
     */
    private static ConsumerRecord<String, String> decidedCandle() {
        Map<String, java.time.Instant> decidedUpTo = new TreeMap<>();
        for (RiskDecisionMade d : taps.signals.refresh()) {
            decidedUpTo.merge(d.symbol().value(), d.candleOpenTime(), (a, b) -> a.isAfter(b) ? a : b);
        }
        if (decidedUpTo.isEmpty()) {
            return null;
        }
        List<String> symbols = new ArrayList<>(decidedUpTo.keySet());
        String symbol = symbols.get(random.nextInt(symbols.size()));
        taps.candles.refresh();
        List<CandleClosed> events = taps.candles.events();
        for (int k = events.size() - 1; k >= 0; k--) {
            if (events.get(k).symbol().value().equals(symbol) && events.get(k).openTime().equals(decidedUpTo.get(symbol))) {
                return taps.candles.records().get(k);
            }
        }
        return null;
    }

    /**
     * Pauses trading through the gateway, resumes it, then publishes the pause command again, byte for byte
     * (same event id). Once every consumer of {@code control} has committed past it, the trading state must
     * still be RUNNING at risk-service and at the gateway, and only one TradingStateChanged may be caused by
     * that command.
     */
    private static String replayControlCommand(int trial) {
        String gateway = stack.url(Service.GATEWAY) + "/api/v1/bot/";
        Set<String> before = taps.control.refresh().stream().map(e -> e.eventId().value()).collect(Collectors.toSet());
        Http.Response paused = stack.http().post(gateway + "pause");
        assertThat(paused.status()).as("POST /api/v1/bot/pause").isEqualTo(202);
        ConsumerRecord<String, String> pause = await("the PauseRequested on control").atMost(SETTLE)
                .pollInterval(Duration.ofMillis(200)).until(() -> newRecord(PauseRequested.class, before), r -> r != null);
        String pauseId = dev.sextant.contracts.json.EventCodec.decode(pause.value(), ControlEvent.class).eventId().value();
        awaitTradingState("PAUSED");
        assertThat(stack.http().post(gateway + "resume").status()).as("POST /api/v1/bot/resume").isEqualTo(202);
        awaitTradingState("RUNNING");

        Injector.Injection replayed = injector.replay(trial, Topics.CONTROL, pause.key(), pause.value());
        try {
            await("every consumer of control past the replayed command").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> Injector.CONSUMERS.get(Topics.CONTROL).stream().allMatch(s -> committedPast(s, replayed)));
            taps.control.refresh();
            long caused = taps.control.events().stream()
                    .filter(e -> e instanceof TradingStateChanged t && t.causationId() != null
                            && pauseId.equals(t.causationId().value()))
                    .count();
            assertThat(stack.http().getJson(stack.url(Service.RISK) + "/risk/state").path("tradingState").asText())
                    .as("risk-service's trading state after the pause command " + pauseId + " was replayed (resumed before)")
                    .isEqualTo("RUNNING");
            assertThat(stack.http().getJson(gateway + "status").path("state").asText())
                    .as("the gateway's bot status after the pause command " + pauseId + " was replayed").isEqualTo("RUNNING");
            assertThat(caused).as("TradingStateChanged records caused by pause command " + pauseId + " (sent twice)")
                    .isEqualTo(1);
        } catch (AssertionError | ConditionTimeoutException e) {
            violation(CONTROL, trial, Fault.MALFORMED_RECORDS, firstLines(e.getMessage()));
            // Trading goes on for the rest of the campaign.
            stack.http().post(gateway + "resume");
            awaitTradingState("RUNNING");
        }
        return "REPLAYED_CONTROL_COMMAND (pause " + pauseId + " again) at " + replayed.where();
    }

    private static ConsumerRecord<String, String> newRecord(Class<? extends ControlEvent> type, Set<String> before) {
        taps.control.refresh();
        List<ControlEvent> events = taps.control.events();
        List<ConsumerRecord<String, String>> records = taps.control.records();
        for (int k = 0; k < events.size(); k++) {
            if (type.isInstance(events.get(k)) && !before.contains(events.get(k).eventId().value())) {
                return records.get(k);
            }
        }
        return null;
    }

    private static void awaitTradingState(String state) {
        await("risk-service trading state " + state).atMost(SETTLE).pollInterval(Duration.ofMillis(300)).ignoreExceptions()
                .until(() -> stack.http().getJson(stack.url(Service.RISK) + "/risk/state").path("tradingState").asText(),
                        state::equals);
    }

    private static boolean committedPast(Service service, Injector.Injection injection) {
        try {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(stack.runId() + "-" + service.schema())
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            OffsetAndMetadata om = offsets.get(new TopicPartition(injection.topic(), injection.partition()));
            return om != null && om.offset() > injection.offset();
        } catch (Exception e) {
            return false;
        }
    }

    private static ConsumerRecord<String, String> latestCandle(String symbol) {
        taps.candles.refresh();
        List<CandleClosed> events = taps.candles.events();
        List<ConsumerRecord<String, String>> records = taps.candles.records();
        for (int k = events.size() - 1; k >= 0; k--) {
            if (events.get(k).symbol().value().equals(symbol)) {
                return records.get(k);
            }
        }
        throw new IllegalStateException("no " + symbol + " candle on the topic yet");
    }

    private static void awaitServicesReady(String when) {
        for (Service service : Service.values()) {
            if (!stack.process(service).isAlive()) {
                violation(CAMPAIGN, trialsRun + 1, null, service.module() + " exited " + when + " (exit "
                        + stack.process(service).exitValue() + "): restarted");
                stack.restart(service);
                if (service == Service.COLLECTOR) {
                    throttle.awake(stack::startReplay);
                }
            }
        }
        for (Service service : Service.values()) {
            String ready = stack.url(service) + "/q/health/ready";
            Runnable wait = () -> await(service.module() + " ready " + when).atMost(Stack.READY_TIMEOUT)
                    .pollInterval(Duration.ofMillis(500)).until(() -> stack.http().statusOf(ready) == 200);
            if (service == Service.COLLECTOR) {
                throttle.awake(wait);
            } else {
                wait.run();
            }
        }
        // One instance each: a restarted risk/execution is ready as a standby until the killed one's lease expires
        // (its ttl, 10 s); the campaign goes on once it took the lease over and answers for the account.
        for (Service service : Service.values()) {
            if (service.leased()) {
                await(service.module() + " active " + when).atMost(Stack.READY_TIMEOUT).pollInterval(Duration.ofMillis(500))
                        .until(() -> "active".equals(stack.role(service, 1)));
            }
        }
    }

    // ------------------------------------------------------------------ progress

    /** Candles per symbol that went all the way: features, and for a warm one its risk decision (min over symbols). */
    private static int pipelineStep() {
        return throughPerSymbol().values().stream().mapToInt(Integer::intValue).min().orElse(0);
    }

    /** {@link #pipelineStep()}, retried while the broker does not answer (e.g. just after its restart). */
    private static int currentStep() {
        return await("the topics readable").atMost(STALL_TIMEOUT).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(ChaosIT::pipelineStep, step -> step >= 0);
    }

    /** Per symbol, the candles on the topic that went all the way: features, and for a warm one its risk decision. */
    private static Map<String, Integer> throughPerSymbol() {
        taps.candles.refresh();
        taps.features.refresh();
        taps.signals.refresh();
        Map<String, FeaturesComputed> featuresByCandle = new HashMap<>();
        taps.features.distinct().forEach(f -> featuresByCandle.putIfAbsent(f.causationId().value(), f));
        Set<String> decided = new HashSet<>();
        for (RiskDecisionMade d : taps.signals.distinct()) {
            decided.add(d.symbol().value() + "@" + d.candleOpenTime());
        }
        Map<String, Integer> through = new TreeMap<>();
        for (String symbol : Slices.SYMBOLS) {
            through.put(symbol, 0);
        }
        for (CandleClosed c : taps.candles.distinct()) {
            FeaturesComputed f = featuresByCandle.get(c.eventId().value());
            if (f != null && (!f.warm() || decided.contains(c.symbol().value() + "@" + c.openTime()))) {
                through.merge(c.symbol().value(), 1, Integer::sum);
            }
        }
        return through;
    }

    /** Distinct candles per symbol on the topic (min over symbols). */
    private static int candleSteps() {
        taps.candles.refresh();
        return checks.candlesPerSymbol().values().stream().mapToInt(Integer::intValue).min().orElse(0);
    }

    /** Waits until {@link #pipelineStep()} reaches {@code target}; false (with a violation) when it stalls or the replay ended. */
    private static boolean awaitPipelineStep(int target, int trial, Fault fault, String what) {
        if (target > CANDLES_PER_SYMBOL) {
            violation(CAMPAIGN, trial, fault, "the replay (" + CANDLES_PER_SYMBOL + " candles per symbol) is too short for "
                    + what);
            return false;
        }
        try {
            await(what).atMost(STALL_TIMEOUT).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                    .until(() -> pipelineStep() >= target);
            return true;
        } catch (ConditionTimeoutException e) {
            violation(CAMPAIGN, trial, fault, "the pipeline stalled at step " + safeStep() + " waiting for step " + target
                    + " (" + what + ") for " + STALL_TIMEOUT + "; throttle: " + throttle.summary() + ", last lag: "
                    + throttle.lastReason());
            return false;
        }
    }

    private static int safeStep() {
        try {
            return pipelineStep();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private static String safeThrough() {
        try {
            return throughPerSymbol().toString();
        } catch (RuntimeException e) {
            return "(topics unreadable: " + e.getMessage() + ")";
        }
    }

    // ------------------------------------------------------------------ checkpoint

    /** Holds the replay, drains the pipeline and checks every invariant; false when it does not drain. */
    private static boolean checkpoint(int trial, Fault fault) {
        throttle.hold();
        try {
            try {
                await("the pipeline to drain at the checkpoint of trial " + trial).atMost(STALL_TIMEOUT)
                        .pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
                            taps.refreshAll();
                            Map<String, Integer> perSymbol = checks.candlesPerSymbol();
                            return throughPerSymbol().equals(perSymbol)
                                    && taps.entryFills().stream().map(f -> f.clientOrderId().value()).collect(Collectors.toSet())
                                    .containsAll(taps.expectedFilledEntries(PipelineChecks.lastOpenTimes(perSymbol)));
                        });
            } catch (ConditionTimeoutException e) {
                Map<String, Integer> perSymbol = checks.candlesPerSymbol();
                violation(CHAIN, trial, fault, "the pipeline did not drain within " + STALL_TIMEOUT + ": candles per symbol "
                        + perSymbol + ", through the whole pipeline " + safeThrough() + "; " + checks.topicSummary());
                check(CHAIN, trial, fault, () -> checks.everyCandleHasOneFeaturesIdEveryWarmVectorOnePredictionEveryPredictionOneDecision(
                        PipelineChecks.warmTotal(perSymbol)));
                return false;
            }
            checkEverything(trial, fault, true);
            return true;
        } finally {
            throttle.release();
        }
    }

    /** Every invariant, on what the topics and services hold now (the replay held). */
    private static void checkEverything(int trial, Fault fault, boolean drained) {
        await("the topics readable").atMost(STALL_TIMEOUT).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> {
                    taps.refreshAll();
                    return true;
                });
        Map<String, Integer> perSymbol = checks.candlesPerSymbol();
        check(CANDLES, trial, fault, () -> checks.everyCandleIsOnTheTopicOnceAndStoredOnce(perSymbol, true));
        if (drained) {
            check(CHAIN, trial, fault, () -> checks.everyCandleHasOneFeaturesIdEveryWarmVectorOnePredictionEveryPredictionOneDecision(
                    PipelineChecks.warmTotal(perSymbol)));
        }
        check(PREDICTIONS_STORED, trial, fault, checks::predictionServiceStoredEveryPredictionOnce);
        check(ORDERS, trial, fault, () -> checks.everyApprovedDecisionHasExactlyOneOrderAndTheFillsTableMatchesTheTopic(
                taps.expectedFilledEntries(PipelineChecks.lastOpenTimes(perSymbol))));
        check(POSITIONS, trial, fault, () -> checks.positionsAreTheSumOfTheFills(settle(POSITIONS)));
        check(EQUITY, trial, fault, () -> checks.equityReconcilesBetweenRiskExecutionAndTheGateway(settle(EQUITY)));
        check(GATEWAY, trial, fault, () -> checks.gatewayListsEveryTradeAndEveryCandle(perSymbol, settle(GATEWAY)));
        check(REFUSED, trial, fault, () -> checkRefusals(trial));
    }

    /**
     * After a campaign that stopped early (the pipeline stalled or did not drain, the budget ran out): the
     * invariants checked once more on what the services hold, so that the report says which of them the
     * stall hides (the chain of features, predictions and decisions is not: the stall already says it is broken),
     * and the records injected in the last trial are checked for their refusal.
     */
    private static void finalCheck(int trial) {
        throttle.hold();
        try {
            checkEverything(trial, null, false);
        } catch (RuntimeException | AssertionError e) {
            violation(CAMPAIGN, trial, null, "the final check failed: " + firstLines(String.valueOf(e.getMessage())));
        } finally {
            throttle.release();
        }
    }

    /** The records injected in this trial are refused by every consumer (awaited); earlier failures are not awaited again. */
    private static void checkRefusals(int trial) throws Exception {
        List<Injector.Injection> mine = injector.injections().stream()
                .filter(j -> j.trial() == trial && j.kind().mustBeRefused()).toList();
        if (mine.isEmpty()) {
            return;
        }
        Map<Integer, String> unrefused = new TreeMap<>();
        try {
            await("the injected records of trial " + trial + " refused").atMost(SETTLE).pollInterval(Duration.ofSeconds(1))
                    .ignoreExceptions().until(() -> {
                        refusals.refresh();
                        List<Refusals.Parked> parked = refusals.parked();
                        unrefused.clear();
                        for (Injector.Injection j : mine) {
                            String problem = refusals.refusal(j, parked);
                            if (problem != null) {
                                unrefused.put(j.seq(), problem);
                            }
                        }
                        return unrefused.isEmpty();
                    });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(String.join("\n", unrefused.values()));
        }
    }

    private static Duration settle(String invariant) {
        return violations.containsKey(invariant) ? SETTLE_AFTER_FAILURE : SETTLE;
    }

    private interface Check {
        void run() throws Exception;
    }

    private static void check(String invariant, int trial, Fault fault, Check check) {
        try {
            check.run();
        } catch (AssertionError | Exception e) {
            violation(invariant, trial, fault, firstLines(e.getMessage()));
            if (e instanceof java.sql.SQLException) {
                // The check's own query failed (CI once saw one block 120 s after a PostgreSQL restart): say who held
                // or waited for locks then, so the report names the session behind it.
                System.out.println("chaos: trial " + trial + ": " + invariant + " failed on the database; sessions now:\n"
                        + databaseSessions());
            }
        }
    }

    /** Every other session of the database with its state, transaction age, wait and the locks it holds or waits for. */
    static String databaseSessions() {
        String sql = """
                SELECT a.pid, a.application_name, a.state, now() - a.xact_start AS xact_age, a.wait_event_type,
                       a.wait_event, pg_blocking_pids(a.pid) AS blocked_by,
                       (SELECT string_agg(l.mode || (CASE WHEN l.granted THEN '' ELSE ' (waiting)' END) || ' on '
                               || coalesce(l.relation::regclass::text, l.locktype), ', ')
                          FROM pg_locks l WHERE l.pid = a.pid AND l.locktype = 'relation') AS locks,
                       left(a.query, 200) AS query
                FROM pg_stat_activity a WHERE a.pid <> pg_backend_pid() AND a.datname = current_database()""";
        StringBuilder out = new StringBuilder();
        try (java.sql.Connection c = dev.sextant.testing.TestInfra.jdbc(); java.sql.Statement st = c.createStatement()) {
            st.setQueryTimeout(30);
            try (java.sql.ResultSet rs = st.executeQuery(sql)) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    for (int i = 1; i <= n; i++) {
                        out.append(i == 1 ? "  " : " | ").append(rs.getMetaData().getColumnLabel(i)).append('=')
                                .append(rs.getString(i));
                    }
                    out.append('\n');
                }
            }
        } catch (java.sql.SQLException e) {
            out.append("  (cannot read pg_stat_activity: ").append(e.getMessage()).append(")\n");
        }
        return out.toString();
    }

    private static void violation(String invariant, int trial, Fault fault, String message) {
        violations.computeIfAbsent(invariant, k -> new ArrayList<>())
                .add("trial " + trial + (fault == null ? "" : " (" + fault + ")") + ": " + message);
    }

    private static List<String> violationsOf(int trial) {
        List<String> of = new ArrayList<>();
        violations.forEach((invariant, list) -> {
            if (list.stream().anyMatch(v -> v.startsWith("trial " + trial + " ") || v.startsWith("trial " + trial + ":"))) {
                of.add(invariant);
            }
        });
        return of;
    }

    private static String firstLines(String message) {
        if (message == null) {
            return "(no message)";
        }
        String trimmed = message.strip();
        return trimmed.length() > 1500 ? trimmed.substring(0, 1500) + " …" : trimmed;
    }

    // ------------------------------------------------------------------ figures

    private static void writeReport() {
        StringBuilder r = new StringBuilder();
        r.append("Sextant chaos campaign\n");
        r.append("seed: ").append(SEED).append('\n');
        r.append("trials: ").append(trialsRun).append(" of ").append(TRIALS).append('\n');
        r.append("faults enabled: ").append(FAULTS).append('\n');
        r.append("faults injected by kind: ").append(faultsInjected).append('\n');
        faultDetails.forEach((k, v) -> r.append("  ").append(k).append(": ").append(v).append('\n'));
        r.append("time: campaign ").append(campaignMillis / 1000).append(" s; recovery by kind (ms, total): ")
                .append(recoveryMillis).append('\n');
        r.append("replay: ").append(CANDLES_PER_SYMBOL).append(" candles per symbol at pace ").append(PACE)
                .append("; throttle: ").append(throttle == null ? "-" : throttle.summary()).append('\n');
        try {
            taps.refreshAll();
            entryFillsSeen = taps.entryFills().size();
            r.append("topics: ").append(checks.topicSummary()).append('\n');
        } catch (RuntimeException e) {
            r.append("topics: unreadable (").append(e.getMessage()).append(")\n");
        }
        try {
            refusals.refresh();
            List<Refusals.Parked> parked = refusals.parked();
            r.append("records injected: ").append(injector.injections().size()).append('\n');
            r.append("records dead-lettered: ").append(refusals.deadLetters().size()).append(' ')
                    .append(refusals.deadLettersByTopic()).append('\n');
            Map<String, Long> parkedBy = parked.stream()
                    .collect(Collectors.groupingBy(p -> p.service().module(), TreeMap::new, Collectors.counting()));
            r.append("records parked: ").append(parked.size()).append(' ').append(parkedBy).append('\n');
            for (Injector.Injection j : injector.injections()) {
                String refusal = j.kind().mustBeRefused() ? refusals.refusal(j, parked) : "(must have no second effect)";
                r.append("  ").append(j.describe()).append(": ").append(refusal == null ? "refused by every consumer"
                        : refusal.substring(refusal.indexOf(": ") + 2)).append('\n');
            }
        } catch (Exception e) {
            r.append("dead letters / parked records: unreadable (").append(e.getMessage()).append(")\n");
        }
        r.append("violations by invariant:\n");
        for (String invariant : List.of(CAMPAIGN, CANDLES, CHAIN, PREDICTIONS_STORED, ORDERS, POSITIONS, EQUITY, GATEWAY,
                REFUSED, CONTROL)) {
            List<String> list = violations.getOrDefault(invariant, List.of());
            r.append("  ").append(list.isEmpty() ? "ok    " : "FAILED").append(' ').append(invariant)
                    .append(list.isEmpty() ? "" : " (" + list.size() + " trials)").append('\n');
            list.stream().limit(3).forEach(v -> r.append("        ").append(v.replace("\n", "\n        ")).append('\n'));
        }
        r.append("trials:\n");
        trialLog.forEach(t -> r.append("  ").append(t).append('\n'));
        report = r.toString();
        System.out.println("chaos: figures\n" + report);
        try {
            Files.writeString(reportDir.resolve("chaos-report.txt"), report, StandardCharsets.UTF_8);
        } catch (IOException e) {
            System.err.println("chaos: cannot write the report: " + e.getMessage());
        }
    }
}
