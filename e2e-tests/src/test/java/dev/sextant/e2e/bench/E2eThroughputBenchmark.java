package dev.sextant.e2e.bench;

import dev.sextant.contracts.topic.Topics;
import dev.sextant.e2e.stack.ReplayThrottle;
import dev.sextant.e2e.stack.Service;
import dev.sextant.e2e.stack.Stack;
import dev.sextant.e2e.stack.StackOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * End-to-end throughput of the whole stack (see {@code benchmarks/e2e-throughput/README.md}): starts the six
 * services like the e2e tests do ({@link Stack}), replays the carried BTCUSDT + ETHUSDT 1h history
 * ({@code bench.history.candles} per symbol from {@code bench.start}) at {@code pace=max} on the real Kafka, PostgreSQL and
 * Redis, and reports, from the broker's own offsets sampled every {@value #SAMPLE_MS} ms:
 * <ul>
 *   <li>when each stage (candles, features, predictions, decisions) had its last record, and the candles per second
 *       end to end: candles replayed / time from the replay's start until the last decision;</li>
 *   <li>the sustained rate of decisions over the middle of the run (10 %–90 % of them);</li>
 *   <li>the consumer lag of every service's consumer group at the replay's end and the time it takes to return
 *       to 0 (committed offsets, so up to one commit interval of the throttled commit strategy is included).</li>
 * </ul>
 */
public final class E2eThroughputBenchmark {
    static final long SAMPLE_MS = 250;
    private static final List<String> STAGES = List.of(Topics.CANDLES, Topics.FEATURES, Topics.PREDICTIONS, Topics.SIGNALS);

    private E2eThroughputBenchmark() {}

    public static void main(String[] args) throws Exception {
        int candles = Integer.getInteger("bench.history.candles", 73_000);
        Instant start = Instant.parse(System.getProperty("bench.start", "2018-01-01T00:00:00Z"));
        String command = System.getProperty("bench.command", "./mvnw -B -pl e2e-tests verify -Pbench -Dbench.main=dev.sextant.e2e.bench.E2eThroughputBenchmark");
        String[] symbols = {"BTCUSDT", "ETHUSDT"};
        // risk-service's sequencing: kernel (the default, deterministic) or arrival (to see the rest of the pipeline alone)
        String sequencing = System.getProperty("bench.sequencing", "kernel");
        StackOptions options = StackOptions.replay(start, candles, "max", symbols)
                .with(Service.RISK, "sextant.risk.sequencing", sequencing);
        // any service property: -Dbench.set=<schema>:<property>=<value>[;...], e.g. -Dbench.set=execution:sextant.execution.candle-window=2000
        List<String> overrides = StackOptions.overrides(System.getProperty("bench.set", ""));
        options = options.withOverrides(overrides);
        int exit = 0;
        long t0 = System.nanoTime();
        try (Stack stack = Stack.start(options); Admin admin = admin(stack)) {
            double startupS = (System.nanoTime() - t0) / 1e9;
            Map<String, String> topics = new LinkedHashMap<>();
            STAGES.forEach(t -> topics.put(t, stack.infra().topic(t)));
            List<String> groups = new ArrayList<>();
            for (Service s : Service.values()) {
                if (s != Service.COLLECTOR) {
                    groups.add(stack.runId() + "-" + s.schema());
                }
            }

            // flow control: the replay (pace=max) may lead risk's decisions by at most bench.max-lead candles per symbol
            // (0: none). In kernel sequencing execution settles every candle it is shown and re-settles those after an
            // entry it learns of late, so an unbounded lead makes each approval cost the whole lead.
            int maxLead = Integer.getInteger("bench.max-lead", 200);
            ReplayThrottle throttle = maxLead > 0
                    ? ReplayThrottle.start(stack, ReplayThrottle.stageLag(stack.infra(), maxLead, r -> false)) : null;
            long replayStart = System.nanoTime();
            stack.startReplay();
            Map<String, Long> lastChange = new HashMap<>();
            Map<String, Long> counts = new HashMap<>();
            List<long[]> decisionsOverTime = new ArrayList<>(); // {nanos since start, decisions}
            Long replayEnd = null;
            int statusTicks = 0;
            long lagAtReplayEnd = -1;
            Long lagZero = null;
            int waitTicks = 0;
            long deadline = System.nanoTime() + Duration.ofMinutes(Long.getLong("bench.minutes", 90)).toNanos();
            while (System.nanoTime() < deadline) {
                long now = System.nanoTime() - replayStart;
                for (String stage : STAGES) {
                    long n = endOffsets(admin, topics.get(stage));
                    if (!Long.valueOf(n).equals(counts.get(stage))) {
                        counts.put(stage, n);
                        lastChange.put(stage, now);
                    }
                }
                decisionsOverTime.add(new long[] {now, counts.get(Topics.SIGNALS)});
                // a collector frozen by the throttle answers nothing: ask it (awake) every 2 s only
                if (replayEnd == null && (throttle == null || ++statusTicks % 8 == 0)
                        && (throttle == null ? stack.collectorStatus() : throttle.awake(stack::collectorStatus))
                                .path("state").asText().equals("FINISHED")) {
                    replayEnd = now;
                    lagAtReplayEnd = lag(admin, groups);
                }
                if (replayEnd != null) {
                    long lag = lag(admin, groups);
                    boolean quiet = now - lastChange.values().stream().mapToLong(Long::longValue).max().orElse(now)
                            > Duration.ofSeconds(3).toNanos();
                    // consumed is not decided: risk's kernel sequencer holds inputs (committed) until their step runs
                    boolean idle = riskIdle(stack);
                    if (lag == 0 && quiet && idle) {
                        lagZero = now;
                        break;
                    }
                    if (++waitTicks % 40 == 0) { // every 10 s: what the end of the run waits for
                        System.out.printf(Locale.ROOT, "waiting for the pipeline to drain: lag %d, stages quiet %s, risk idle %s%n",
                                lag, quiet, idle);
                    }
                }
                Thread.sleep(SAMPLE_MS);
            }
            String throttled = throttle == null ? null : throttle.summary();
            if (throttle != null) {
                throttle.close();
            }
            long total = counts.get(Topics.CANDLES);
            long decisions = counts.get(Topics.SIGNALS);
            double endToEndS = lastChange.get(Topics.SIGNALS) / 1e9;
            StringBuilder out = new StringBuilder();
            out.append("\n=== Sextant end-to-end throughput ===\n");
            out.append("command:   ").append(command).append('\n');
            out.append("when:      ").append(Instant.now()).append('\n');
            out.append("machine:   ").append(E2eLatencyBenchmark.machine()).append('\n');
            out.append(String.format(Locale.ROOT, "replay:    %d x 1h candles of %s from %s at pace=max; six services ready"
                    + " in %.1f s; risk sequencing %s; %s%n", total, String.join("+", symbols), start, startupS, sequencing,
                    maxLead > 0 ? "flow control: at most " + maxLead + " candles per symbol ahead of the decisions"
                            : "no flow control"));
            out.append("overrides: ").append(overrides.isEmpty() ? "none" : String.join(", ", overrides)).append('\n');
            out.append("jvm:       ").append(System.getProperty("e2e.jvm.flags", "default e2e flags (C1 only, -Xmx160m)"))
                    .append('\n');
            for (String stage : STAGES) {
                out.append(String.format(Locale.ROOT, "stage:     %-12s %7d records, last at %7.1f s%n", stage,
                        counts.get(stage), lastChange.get(stage) / 1e9));
            }
            out.append(String.format(Locale.ROOT, "result:    %.0f candles/s end to end (%d candles, last decision %.1f s after"
                    + " the replay's start)%n", total / endToEndS, total, endToEndS));
            out.append(String.format(Locale.ROOT, "decisions: %d for %d predictions%s%n", decisions,
                    counts.get(Topics.PREDICTIONS), decisions < counts.get(Topics.PREDICTIONS) ? " (INCOMPLETE: some"
                            + " predictions have no decision; see risk-service's log)" : ""));
            out.append(String.format(Locale.ROOT, "sustained: %.0f decisions/s between 10 %% and 90 %% of the decisions%n",
                    sustained(decisionsOverTime, decisions)));
            if (replayEnd != null) {
                out.append(String.format(Locale.ROOT, "collector: replay finished at %.1f s (%.0f candles/s published)%n",
                        replayEnd / 1e9, total / (replayEnd / 1e9)));
                out.append(String.format(Locale.ROOT, "lag:       %d records behind at the replay's end; %s%n", lagAtReplayEnd,
                        lagZero == null ? "did not return to 0" : String.format(Locale.ROOT,
                                "0 (committed) %.1f s after it", (lagZero - replayEnd) / 1e9)));
            }
            if (throttled != null) {
                out.append("throttle:  ").append(throttled).append('\n');
            }
            out.append("baseline:  45 candles/s end to end before batching (issue \"Hardening and throughput\")\n");
            System.out.println(out);
            Path file = Path.of(System.getProperty("e2e.logs", "target/bench-logs")).resolve("e2e-throughput-report.txt");
            Files.createDirectories(file.getParent());
            Files.writeString(file, out.toString());
            System.out.println("report written to " + file);
        } catch (RuntimeException | Error | IOException e) {
            e.printStackTrace();
            exit = 1;
        }
        System.exit(exit);
    }

    /** True when risk-service holds no input for a later step and no prediction waits for its features. */
    static boolean riskIdle(Stack stack) {
        String metrics = stack.http().getText(stack.url(Service.RISK) + "/q/metrics").body();
        return gauge(metrics, "sextant_risk_sequencer_held") == 0 && gauge(metrics, "sextant_risk_waiting_predictions") == 0;
    }

    /** A gauge's value in a Prometheus text exposition (NaN when absent). */
    static double gauge(String exposition, String name) {
        for (String line : exposition.split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return Double.NaN;
    }

    /** Decisions per second between the samples where 10 % and 90 % of them were out. */
    static double sustained(List<long[]> samples, long total) {
        long[] from = null;
        long[] to = null;
        for (long[] s : samples) {
            if (from == null && s[1] >= total / 10) {
                from = s;
            }
            if (to == null && s[1] >= total * 9 / 10) {
                to = s;
            }
        }
        if (from == null || to == null || to[0] == from[0]) {
            return Double.NaN;
        }
        return (to[1] - from[1]) / ((to[0] - from[0]) / 1e9);
    }

    private static Admin admin(Stack stack) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, dev.sextant.testing.TestInfra.kafkaBootstrap());
        return Admin.create(props);
    }

    private static long endOffsets(Admin admin, String topic) throws ExecutionException, InterruptedException {
        var partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions();
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(p -> request.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
        long sum = 0;
        for (ListOffsetsResult.ListOffsetsResultInfo info : admin.listOffsets(request).all().get().values()) {
            sum += info.offset();
        }
        return sum;
    }

    /** Records not yet committed by the groups, over every partition they consume. */
    private static long lag(Admin admin, List<String> groups) throws ExecutionException, InterruptedException {
        long lag = 0;
        for (String group : groups) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get();
            if (committed.isEmpty()) {
                continue;
            }
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            committed.keySet().forEach(tp -> request.put(tp, OffsetSpec.latest()));
            var ends = admin.listOffsets(request).all().get();
            for (var e : committed.entrySet()) {
                if (e.getValue() != null) {
                    lag += Math.max(0, ends.get(e.getKey()).offset() - e.getValue().offset());
                }
            }
        }
        return lag;
    }
}
