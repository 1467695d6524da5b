package dev.sextant.e2e.stack;

import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.event.FeaturesComputed;
import dev.sextant.contracts.event.RiskDecisionMade;
import dev.sextant.contracts.kafka.TopicAdmin;
import dev.sextant.contracts.topic.TopicSpec;
import dev.sextant.contracts.topic.Topics;
import dev.sextant.testing.TestInfra;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Ties the replay's pace to the pipeline's progress instead of the wall clock. A daemon thread asks its
 * {@link LagProbe probes} every 250 ms how far the pipeline is behind the collector and freezes the
 * collector ({@link Stack#freeze}, SIGSTOP) while one of them says it lags too much, thawing it once none
 * does (with hysteresis: a frozen replay thaws at half the limit). A service that is down (killed,
 * restarting, its partitions not yet reassigned) or slow (a loaded machine) thus stops the replay after
 * a bounded lead instead of letting it run to its end, and the replay runs at its configured pace
 * whenever the pipeline keeps up.
 *
 * <p>The probes: {@link #stageLag} (candles on the topic without their features, warm features without
 * their risk decision: feature-, prediction-, risk- and, through the settlements risk waits for,
 * execution-service), {@link #consumerLag} (records of the run's topics that a service's consumer
 * group has not committed yet: also the sinks, e.g. a killed api-gateway; commits are throttled, every
 * 5 s, so its limit is larger) and {@link #stepLimit} (a number of candles per symbol the test lets the
 * replay reach, and not one more until it raises the limit).
 *
 * <p>{@link #hold()} freezes the collector on request until {@link #release()}; {@link #awake} keeps it
 * running while the test talks to it (a frozen JVM answers no HTTP request), kills or restarts it.
 * {@link #close()} thaws it for good.
 */
public final class ReplayThrottle implements AutoCloseable {
    private static final Duration PERIOD = Duration.ofMillis(250);

    /** Says whether the pipeline lags too far behind the collector. Called on the throttle's thread only. */
    public interface LagProbe extends AutoCloseable {
        /**
         * A sentence naming what lags, or null when nothing does.
         *
         * @param frozen whether the replay is frozen for lag now (then only half the limit counts as caught up)
         */
        String lagging(boolean frozen) throws Exception;

        @Override
        default void close() {}
    }

    private final Stack stack;
    private final List<LagProbe> probes;
    private final Thread thread;
    private volatile boolean running = true;

    // Guarded by this.
    private boolean holding;
    private int awake;
    private boolean lagging;
    private int lagFreezes;
    private long frozenSince;
    private long frozenNanos;
    private String reason = "-";
    private final Map<String, Integer> reasons = new HashMap<>();

    private ReplayThrottle(Stack stack, List<LagProbe> probes) {
        this.stack = stack;
        this.probes = List.copyOf(probes);
        this.thread = new Thread(this::loop, "e2e-replay-throttle");
        thread.setDaemon(true);
    }

    /** Starts throttling {@code stack}'s replay with {@code probes} (closed by {@link #close()}). */
    public static ReplayThrottle start(Stack stack, LagProbe... probes) {
        ReplayThrottle throttle = new ReplayThrottle(stack, List.of(probes));
        throttle.thread.start();
        return throttle;
    }

    /**
     * Candles on the topic without their features, plus warm features without their risk decision, per
     * symbol: the replay freezes when a symbol has {@code maxSteps} or more. Records that {@code excluded}
     * matches (records a test injected) are not counted.
     */
    public static LagProbe stageLag(TestInfra infra, int maxSteps, Predicate<ConsumerRecord<String, String>> excluded) {
        return new StageLag(infra, maxSteps, excluded);
    }

    /**
     * Records of one of the run's topics that a service's consumer group (not the collector's: it has none)
     * has not committed yet: the replay freezes at {@code maxRecords} or more.
     */
    public static LagProbe consumerLag(Stack stack, int maxRecords) {
        return new ConsumerLag(stack, maxRecords);
    }

    /**
     * A limit the test sets on the replay: frozen once every symbol has {@link StepLimit#set(int) limit}
     * candles on the topic (not counting what {@code excluded} matches), until the limit is raised. No limit
     * at first.
     */
    public static StepLimit stepLimit(TestInfra infra, Predicate<ConsumerRecord<String, String>> excluded) {
        return new StepLimit(infra, excluded);
    }

    /** See {@link #stepLimit}. */
    public static final class StepLimit implements LagProbe {
        private final TopicTap<CandleClosed> candles;
        private volatile int limit = Integer.MAX_VALUE;

        StepLimit(TestInfra infra, Predicate<ConsumerRecord<String, String>> excluded) {
            this.candles = new TopicTap<>(infra, Topics.CANDLES, CandleClosed.class, excluded);
        }

        /** The replay may go on until every symbol has {@code candlesPerSymbol} candles on the topic. */
        public void set(int candlesPerSymbol) {
            limit = candlesPerSymbol;
        }

        public int get() {
            return limit;
        }

        @Override
        public String lagging(boolean frozen) {
            int max = limit;
            if (max == Integer.MAX_VALUE) {
                return null;
            }
            candles.refresh();
            Map<String, Set<String>> ids = new HashMap<>();
            candles.distinct().forEach(c -> ids.computeIfAbsent(c.symbol().value(), s -> new HashSet<>()).add(c.eventId().value()));
            int reached = ids.isEmpty() ? 0 : ids.values().stream().mapToInt(Set::size).min().orElse(0);
            return reached >= max ? "held at step " + max + " (the test's limit)" : null;
        }

        @Override
        public void close() {
            candles.close();
        }
    }

    /** Freezes the collector now and keeps it frozen until {@link #release()}. */
    public synchronized void hold() {
        holding = true;
        apply();
    }

    /** Ends a {@link #hold()}: the collector runs again unless the pipeline lags. */
    public synchronized void release() {
        holding = false;
        apply();
    }

    /** Runs {@code action} with the collector awake (thawed, and not frozen again until it returns). */
    public <T> T awake(Supplier<T> action) {
        synchronized (this) {
            awake++;
            apply();
        }
        try {
            return action.get();
        } finally {
            synchronized (this) {
                awake--;
                apply();
            }
        }
    }

    /** {@link #awake(Supplier)} for an action without result. */
    public void awake(Runnable action) {
        awake(() -> {
            action.run();
            return null;
        });
    }

    /** How often the pipeline's lag froze the replay, for how long in all, and the most frequent reasons. */
    public synchronized String summary() {
        long total = frozenNanos + (frozenSince == 0 ? 0 : System.nanoTime() - frozenSince);
        StringBuilder top = new StringBuilder();
        reasons.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(4)
                .forEach(e -> top.append(top.isEmpty() ? "" : "; ").append(e.getValue()).append("× ").append(e.getKey()));
        return lagFreezes + " freezes for lag, " + TimeUnit.NANOSECONDS.toSeconds(total) + " s frozen in all (lag, holds, limits)"
                + (top.isEmpty() ? "" : " (" + top + ")");
    }

    private void loop() {
        while (running) {
            boolean frozenForLag;
            synchronized (this) {
                frozenForLag = lagging;
            }
            String found = null;
            boolean measured = true;
            boolean limited = false;
            for (LagProbe probe : probes) {
                try {
                    found = probe.lagging(frozenForLag);
                } catch (Exception e) {
                    measured = false; // broker down or slow: keep the last decision until it answers again
                }
                if (found != null) {
                    limited = probe instanceof StepLimit;
                    break;
                }
            }
            synchronized (this) {
                if (found != null) {
                    if (!lagging && !limited) {
                        reasons.merge(found.replaceAll("[0-9]+", "N"), 1, Integer::sum);
                        lagFreezes++;
                    }
                    lagging = true;
                    reason = found;
                } else if (measured) {
                    lagging = false;
                }
                apply();
            }
            try {
                Thread.sleep(PERIOD.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Caller holds the lock. Freezes or thaws the collector as the state says. */
    private void apply() {
        boolean freeze = awake == 0 && (holding || lagging);
        boolean frozen = stack.isFrozen(Service.COLLECTOR);
        if (freeze && !frozen) {
            stack.freeze(Service.COLLECTOR);
            if (stack.isFrozen(Service.COLLECTOR)) {
                frozenSince = System.nanoTime();
            }
        } else if (!freeze && frozen) {
            stack.thaw(Service.COLLECTOR);
        }
        if (!stack.isFrozen(Service.COLLECTOR) && frozenSince != 0) {
            frozenNanos += System.nanoTime() - frozenSince;
            frozenSince = 0;
        }
    }

    /** The reason of the latest freeze for lag (for messages). */
    public synchronized String lastReason() {
        return reason;
    }

    /** Stops throttling, thaws the collector and closes the probes. */
    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            holding = false;
            lagging = false;
            awake++;
            apply();
        }
        for (LagProbe probe : probes) {
            try {
                probe.close();
            } catch (RuntimeException e) {
                // a probe that cannot close must not hide the test's result
            }
        }
    }

    /** See {@link #stageLag}. */
    private static final class StageLag implements LagProbe {
        private final int maxSteps;
        private final TopicTap<CandleClosed> candles;
        private final TopicTap<FeaturesComputed> features;
        private final TopicTap<RiskDecisionMade> signals;

        StageLag(TestInfra infra, int maxSteps, Predicate<ConsumerRecord<String, String>> excluded) {
            this.maxSteps = maxSteps;
            this.candles = new TopicTap<>(infra, Topics.CANDLES, CandleClosed.class, excluded);
            this.features = new TopicTap<>(infra, Topics.FEATURES, FeaturesComputed.class, excluded);
            this.signals = new TopicTap<>(infra, Topics.SIGNALS, RiskDecisionMade.class, excluded);
        }

        @Override
        public String lagging(boolean frozen) {
            candles.refresh();
            features.refresh();
            signals.refresh();
            Map<String, Set<String>> candleIds = new HashMap<>();
            Set<String> allCandleIds = new HashSet<>();
            for (CandleClosed c : candles.distinct()) {
                candleIds.computeIfAbsent(c.symbol().value(), s -> new HashSet<>()).add(c.eventId().value());
                allCandleIds.add(c.eventId().value());
            }
            Map<String, Integer> featured = new HashMap<>();
            Map<String, Integer> warm = new HashMap<>();
            for (FeaturesComputed f : features.distinct()) {
                if (allCandleIds.contains(f.causationId().value())) {
                    featured.merge(f.symbol().value(), 1, Integer::sum);
                    if (f.warm()) {
                        warm.merge(f.symbol().value(), 1, Integer::sum);
                    }
                }
            }
            Map<String, Integer> decided = new HashMap<>();
            for (RiskDecisionMade d : signals.distinct()) {
                decided.merge(d.symbol().value(), 1, Integer::sum);
            }
            int limit = frozen ? Math.max(1, maxSteps / 2) : maxSteps;
            for (Map.Entry<String, Set<String>> e : candleIds.entrySet()) {
                String symbol = e.getKey();
                int withoutFeatures = Math.max(0, e.getValue().size() - featured.getOrDefault(symbol, 0));
                int withoutDecision = Math.max(0, warm.getOrDefault(symbol, 0) - decided.getOrDefault(symbol, 0));
                if (withoutFeatures + withoutDecision >= limit) {
                    return symbol + ": " + withoutFeatures + " candles without features, " + withoutDecision
                            + " warm features without a decision";
                }
            }
            return null;
        }

        @Override
        public void close() {
            candles.close();
            features.close();
            signals.close();
        }
    }

    /** See {@link #consumerLag}. */
    private static final class ConsumerLag implements LagProbe {
        private final int maxRecords;
        private final Admin admin;
        private final List<TopicPartition> partitions = new ArrayList<>();
        private final Map<String, Service> groups = new HashMap<>();

        ConsumerLag(Stack stack, int maxRecords) {
            this.maxRecords = maxRecords;
            var props = TopicAdmin.adminProperties(TestInfra.kafkaBootstrap());
            props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
            props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
            this.admin = Admin.create(props);
            for (TopicSpec spec : Topics.main()) {
                if (spec.consumed()) {
                    for (int p = 0; p < spec.partitions(); p++) {
                        partitions.add(new TopicPartition(stack.infra().topic(spec.name()), p));
                    }
                }
            }
            for (Service service : Service.values()) {
                if (service != Service.COLLECTOR) {
                    groups.put(stack.runId() + "-" + service.schema(), service);
                }
            }
        }

        @Override
        public String lagging(boolean frozen) throws Exception {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
            ListOffsetsResult ends = admin.listOffsets(latest);
            Map<TopicPartition, Long> end = new HashMap<>();
            for (TopicPartition tp : partitions) {
                end.put(tp, ends.partitionResult(tp).get(5, TimeUnit.SECONDS).offset());
            }
            Map<String, ListConsumerGroupOffsetsSpec> wanted = new HashMap<>();
            groups.keySet().forEach(g -> wanted.put(g, new ListConsumerGroupOffsetsSpec()));
            var committed = admin.listConsumerGroupOffsets(wanted);
            int limit = frozen ? Math.max(1, maxRecords / 2) : maxRecords;
            for (Map.Entry<String, Service> group : groups.entrySet()) {
                Map<TopicPartition, OffsetAndMetadata> offsets =
                        committed.partitionsToOffsetAndMetadata(group.getKey()).get(5, TimeUnit.SECONDS);
                Map<String, Long> lagByTopic = new HashMap<>();
                offsets.forEach((tp, om) -> {
                    if (om != null && end.containsKey(tp)) {
                        lagByTopic.merge(tp.topic(), Math.max(0, end.get(tp) - om.offset()), Long::sum);
                    }
                });
                for (Map.Entry<String, Long> lag : lagByTopic.entrySet()) {
                    if (lag.getValue() >= limit) {
                        return group.getValue().module() + " has not committed " + lag.getValue() + " records of "
                                + lag.getKey();
                    }
                }
            }
            return null;
        }

        @Override
        public void close() {
            admin.close(Duration.ofSeconds(5));
        }
    }
}
