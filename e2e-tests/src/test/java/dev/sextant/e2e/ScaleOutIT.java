package dev.sextant.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sextant.contracts.event.Event;
import dev.sextant.contracts.event.FeaturesComputed;
import dev.sextant.contracts.event.PredictionMade;
import dev.sextant.contracts.kafka.TopicAdmin;
import dev.sextant.contracts.topic.Topics;
import dev.sextant.e2e.stack.TopicTap;
import java.util.ArrayList;
import java.util.List;
import dev.sextant.e2e.stack.Service;
import dev.sextant.e2e.stack.Stack;
import dev.sextant.testing.TestInfra;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Scaling out (docs/architecture.md, "Scaling out"), in one run of the parity replay of {@link KernelParityIT} (500 real
 * candles per symbol through the whole stack, as fast as the pipeline takes them; the backtester's events are the
 * single-instance reference). Waits follow the pipeline's progress (decisions on the topic), never a pace.
 *
 * <p><b>Scale-out of feature-service and prediction-service.</b> A second instance of each joins the consumer groups
 * before the replay. A quarter of the way through the decisions feature-service #1 is killed with SIGKILL (its
 * partitions move to #2 once its session expires) and started again; half-way #2 is killed and started again, so
 * the partition that carries the slice's symbols changes hands at least once while its engines in the other instance
 * are behind the store, and the state must follow from {@code candle_window}. prediction-service #1 is killed and
 * restarted likewise. Every features and prediction event must be the backtester's (same derived ids, same fields
 * but {@code tsInit}), and every copy of an id on the topics must be identical: nothing processed twice into a
 * different result.
 *
 * <p><b>Active/standby of risk-service and execution-service.</b> A second instance of each is started beside the
 * first: it must report ready as a standby ({@code instance} check, {@code sextant_instance_active 0}) and must not
 * join its service's consumer groups (the active one keeps every partition). A third of the way the active risk-service
 * is killed with SIGKILL: the standby must become active within 30 s; the killed one, started again, must come back as
 * the standby. Two thirds of the way, the same for execution-service. The run's decisions, order events and fills must
 * be exactly the backtester's: nothing lost, nothing duplicated under another id, nothing decided differently.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScaleOutIT {
    /** The issue's bound: a standby takes over within 30 s of the active one's death. */
    static final Duration TAKEOVER = Duration.ofSeconds(30);

    /** Per service: how long after the SIGKILL the standby reported itself active. */
    static final Map<Service, Duration> takeovers = new LinkedHashMap<>();
    static TopicTap<FeaturesComputed> features;
    static TopicTap<PredictionMade> predictions;
    static List<FeaturesComputed> featureEvents = List.of();
    static List<PredictionMade> predictionEvents = List.of();
    static int rebuilds;

    @BeforeAll
    static void runTheBacktester() {
        KernelParityIT.runTheBacktester();
    }

    @Test
    @Order(1)
    void twoFeatureAndPredictionInstancesAndFailOversOfRiskAndExecutionGiveTheBacktestersEvents() throws Exception {
        int decisions = KernelParityIT.backtest.decisions().size();
        int candles = KernelParityIT.CANDLES_PER_SYMBOL * Slices.SYMBOLS.length;
        // The collector runs at most MIN_LEAD candles ahead of risk's decisions, so every stage is mid-stream at the kills.
        Stack stack = Stack.start(KernelParityIT.options().with(Service.COLLECTOR, "sextant.collector.replay.max-lead", "100"));
        KernelParityIT.Replay replay = null;
        try {
            replay = new KernelParityIT.Replay(stack);
            features = new TopicTap<>(stack.infra(), Topics.FEATURES, FeaturesComputed.class);
            predictions = new TopicTap<>(stack.infra(), Topics.PREDICTIONS, PredictionMade.class);
            stack.startInstance(Service.FEATURE, 2);
            stack.startInstance(Service.PREDICTION, 2);
            for (Service service : new Service[] {Service.RISK, Service.EXECUTION}) {
                assertThat(stack.role(service, 1)).as(service.module() + " #1").isEqualTo("active");
                int members = groupMembers(stack, service);
                stack.startInstance(service, 2);
                assertThat(stack.role(service, 2)).as(service.module() + " #2 beside an active one").isEqualTo("standby");
                assertThat(activeGauge(stack, service, 2)).as(service.module() + " #2 sextant_instance_active").isEqualTo(0);
                assertThat(activeGauge(stack, service, 1)).as(service.module() + " #1 sextant_instance_active").isEqualTo(1);
                assertThat(groupMembers(stack, service)).as(service.module() + "'s consumer group members with a standby"
                        + " running (the standby must not join)").isEqualTo(members);
            }
            stack.startReplay();
            awaitFeatures(stack, candles / 4);
            killOwner(replay, Service.FEATURE, Topics.CANDLES);
            replay.awaitDecisions(decisions / 3);
            failOver(replay, Service.RISK);
            // Execution fails over right after risk, with most of the replay still to come: the collector waits (frozen)
            // until the standby is active and the killed one is back, so the new active instance takes the rest.
            stack.freeze(Service.COLLECTOR);
            failOver(replay, Service.EXECUTION);
            replay.awaitDecisions(decisions / 2);
            killOwner(replay, Service.PREDICTION, Topics.FEATURES);
            awaitFeatures(stack, candles * 7 / 10);
            killOwner(replay, Service.FEATURE, Topics.CANDLES);
            replay.awaitDone(decisions);
            KernelParityIT.Outcome outcome = replay.outcome();
            featureEvents = List.copyOf(features.refresh());
            predictionEvents = List.copyOf(predictions.refresh());
            System.out.printf("e2e: takeovers after SIGKILL of the active instance: %s%n", takeovers);
            KernelParityIT.assertSame("stack replay with active/standby fail-overs of risk and execution", outcome,
                    "backtest", KernelParityIT.backtest);
            rebuilds = 0;
            for (String log : new String[] {"feature-service.log", "feature-service-2.log"}) {
                rebuilds += (int) java.nio.file.Files.readAllLines(stack.logFile(Service.FEATURE).resolveSibling(log)).stream()
                        .filter(l -> l.contains("another instance stored it up to")).count();
            }
        } catch (RuntimeException | AssertionError e) {
            System.err.println("e2e: " + e + "\n" + stack.logTails(60));
            throw e;
        } finally {
            if (replay != null) {
                replay.close();
            }
            if (features != null) {
                features.close();
                predictions.close();
            }
            stack.close();
        }
        assertThat(takeovers).containsOnlyKeys(Service.RISK, Service.EXECUTION)
                .allSatisfy((service, took) -> assertThat(took).isLessThanOrEqualTo(TAKEOVER));

        List<FeaturesComputed> expectedFeatures = KernelParityIT.of(KernelParityIT.backtestEvents, FeaturesComputed.class);
        List<PredictionMade> expectedPredictions = KernelParityIT.of(KernelParityIT.backtestEvents, PredictionMade.class);
        System.out.printf("e2e: features %d records / %d ids (backtest %d), predictions %d / %d (backtest %d);"
                        + " feature engines rebuilt from the store after a partition moved: %d%n",
                featureEvents.size(), KernelParityIT.distinct(featureEvents).size(), expectedFeatures.size(),
                predictionEvents.size(), KernelParityIT.distinct(predictionEvents).size(), expectedPredictions.size(), rebuilds);
        assertThat(rebuilds).as("a feature instance took over the symbols' partition behind the store (twice)")
                .isGreaterThanOrEqualTo(2);
        everyCopyIsTheSame("features", featureEvents);
        everyCopyIsTheSame("predictions", predictionEvents);
        KernelParityIT.compare("features of 2 feature-service instances vs backtest",
                KernelParityIT.distinct(featureEvents), expectedFeatures);
        KernelParityIT.compare("predictions of 2 prediction-service instances vs backtest",
                KernelParityIT.distinct(predictionEvents), expectedPredictions);
    }

    static void awaitFeatures(Stack stack, int atLeast) {
        await(atLeast + " features on the topic").atMost(KernelParityIT.RUN_TIMEOUT).pollInterval(Duration.ofMillis(250))
                .until(() -> KernelParityIT.distinct(features.refresh()).size() >= atLeast);
    }

    /** Records on a topic with the same event id are the same event (but {@code tsInit}). */
    static void everyCopyIsTheSame(String topic, List<? extends Event> events) {
        Map<String, JsonNode> first = new LinkedHashMap<>();
        List<String> conflicts = new ArrayList<>();
        for (Event event : events) {
            JsonNode node = KernelParityIT.byId(List.of(event)).values().iterator().next();
            JsonNode seen = first.putIfAbsent(event.eventId().value(), node);
            if (seen != null && !seen.equals(node)) {
                conflicts.add(seen + " vs " + node);
            }
        }
        assertThat(conflicts).as("%s: copies of one id that differ", topic).isEmpty();
    }

    /**
     * SIGKILL of the instance of a scaled-out service that owns the partition of {@code topic} carrying the slice's
     * symbols, then its restart (it joins the group again). Its partitions move to the other instance, whose engines
     * are behind the store by then.
     */
    static void killOwner(KernelParityIT.Replay replay, Service service, String topic) {
        Stack stack = replay.stack;
        // The collector is frozen (SIGSTOP) while an instance is down or restarting, so the replay cannot run away meanwhile.
        stack.freeze(Service.COLLECTOR);
        int owner = ownerOfTheSymbols(stack, service, topic);
        int other = 3 - owner;
        int at = KernelParityIT.distinct(features.refresh()).size();
        if (owner == 1) {
            stack.kill(service);
        } else {
            Process process = stack.instance(service, owner);
            process.destroyForcibly();
            try {
                assertThat(process.waitFor(30, TimeUnit.SECONDS)).as(service.module() + " #" + owner + " dead").isTrue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        // the dead member leaves the group when its session expires; the partition goes to the other instance
        await("the symbols' " + topic + " partition at " + service.module() + " #" + other).atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(500)).until(() -> ownerOfTheSymbols(stack, service, topic) == other);
        // the new owner takes the next candles (feature-service: with its engines behind the store)
        stack.thaw(Service.COLLECTOR);
        int before = service == Service.FEATURE ? KernelParityIT.distinct(features.refresh()).size()
                : KernelParityIT.distinct(predictions.refresh()).size();
        int goal = Math.min(before + 10, service == Service.FEATURE ? KernelParityIT.CANDLES_PER_SYMBOL * Slices.SYMBOLS.length
                : KernelParityIT.backtest.decisions().size());
        await(service.module() + " #" + other + " going on").atMost(KernelParityIT.RUN_TIMEOUT).pollInterval(Duration.ofMillis(250))
                .until(() -> (service == Service.FEATURE ? KernelParityIT.distinct(features.refresh()).size()
                        : KernelParityIT.distinct(predictions.refresh()).size()) >= goal);
        stack.freeze(Service.COLLECTOR);
        if (owner == 1) {
            stack.restart(service);
        } else {
            stack.startInstance(service, owner);
        }
        stack.thaw(Service.COLLECTOR);
        System.out.printf("e2e: %s #%d (owner of the symbols' %s partition) killed at %d features and started again%n",
                service.module(), owner, topic, at);
    }

    /** Which instance (1 or 2) of {@code service} holds the partition of {@code topic} that the slice's symbols hash to. */
    static int ownerOfTheSymbols(Stack stack, Service service, String topic) {
        String group = stack.runId() + "-" + service.schema();
        String fullTopic = stack.infra().topicPrefix() + topic;
        int partition = org.apache.kafka.common.utils.Utils.toPositive(org.apache.kafka.common.utils.Utils.murmur2(
                Slices.SYMBOLS[0].getBytes(java.nio.charset.StandardCharsets.UTF_8))) % Topics.main().stream()
                .filter(t -> t.name().equals(topic)).findFirst().orElseThrow().partitions();
        try (Admin admin = Admin.create(TopicAdmin.adminProperties(TestInfra.kafkaBootstrap()))) {
            return await("the owner of " + fullTopic + "-" + partition + " in " + group).atMost(Duration.ofMinutes(1))
                    .pollInterval(Duration.ofMillis(500)).until(() -> {
                        ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).all()
                                .get(30, TimeUnit.SECONDS).get(group);
                        if (d.groupState() != org.apache.kafka.common.GroupState.STABLE) {
                            return 0;
                        }
                        return d.members().stream().filter(m -> m.assignment().topicPartitions().stream()
                                        .anyMatch(tp -> tp.topic().equals(fullTopic) && tp.partition() == partition))
                                .map(m -> m.clientId().startsWith(service.module() + "-2-") ? 2 : 1).findFirst().orElse(0);
                    }, n -> n > 0);
        }
    }

    /**
     * Kills the active instance (#1) of {@code service} with SIGKILL while #2 waits as standby; #2 must report itself
     * active within {@link #TAKEOVER}, and #1, started again, must come back as the standby.
     */
    static void failOver(KernelParityIT.Replay replay, Service service) {
        Stack stack = replay.stack;
        assertThat(stack.role(service, 2)).as(service.module() + " #2 until #1 dies").isEqualTo("standby");
        int at = KernelParityIT.distinct(replay.signals.refresh()).size();
        assertThat(at).as(service.module() + " is killed mid-stream: decisions still to come after the take-over")
                .isLessThan(KernelParityIT.backtest.decisions().size());
        stack.kill(service);
        long killed = System.nanoTime();
        await(service.module() + " #2 active after the SIGKILL of #1").atMost(TAKEOVER).pollInterval(Duration.ofMillis(250))
                .until(() -> "active".equals(stack.role(service, 2)));
        Duration took = Duration.ofNanos(System.nanoTime() - killed);
        takeovers.put(service, took);
        System.out.printf("e2e: %s #1 killed at %d decisions; #2 active after %d ms%n", service.module(), at, took.toMillis());
        assertThat(activeGauge(stack, service, 2)).as(service.module() + " #2 sextant_instance_active").isEqualTo(1);
        stack.freeze(Service.COLLECTOR); // the replay waits while #1 restarts
        stack.restart(service);
        stack.thaw(Service.COLLECTOR);
        assertThat(stack.role(service, 1)).as(service.module() + " #1 restarted beside the active #2").isEqualTo("standby");
        assertThat(stack.instance(service, 2).isAlive()).isTrue();
    }

    /** {@code sextant_instance_active} of instance {@code n}. */
    static int activeGauge(Stack stack, Service service, int n) {
        String metrics = stack.http().getText(stack.instanceUrl(service, n) + "/q/metrics").body();
        return metrics.lines().filter(l -> l.startsWith("sextant_instance_active")).findFirst()
                .map(l -> (int) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .orElseThrow(() -> new AssertionError("no sextant_instance_active in the metrics of " + service.module() + " #" + n));
    }

    /** Members of the service's consumer group (one per incoming channel of each instance that joined). */
    static int groupMembers(Stack stack, Service service) {
        String group = stack.runId() + "-" + service.schema();
        try (Admin admin = Admin.create(TopicAdmin.adminProperties(TestInfra.kafkaBootstrap()))) {
            return await("a stable consumer group " + group).atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> {
                        ConsumerGroupDescription d = admin.describeConsumerGroups(java.util.List.of(group)).all()
                                .get(30, TimeUnit.SECONDS).get(group);
                        return d.groupState() == org.apache.kafka.common.GroupState.STABLE
                                && d.members().stream().allMatch(m -> !m.assignment().topicPartitions().isEmpty())
                                ? d.members().size() : -1;
                    }, n -> n > 0);
        }
    }
}
