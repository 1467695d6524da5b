package dev.sextant.replay;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sextant.contracts.kafka.TopicAdmin;
import dev.sextant.contracts.topic.Topics;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code replay rerun}: feeds the candles of a recorded slice (plus optional warm-up candles before it) into isolated
 * copies of feature-, prediction-, risk- and execution-service (own topic prefix, schemas, consumer groups, Redis keys),
 * waits until they have processed everything, and compares what they published with what the deployment published for
 * the same slice, event by event: by derived event id, then field by field (all but {@code tsInit}, the wall-clock
 * time an event object was made). Prints a count per topic and the first divergence in event-time order; exit code 0
 * when the slice reproduces exactly, 1 when it diverges. The copies start from empty state: a slice reproduces exactly
 * when the deployment's state at its start was the same (e.g. the start of a replay), and otherwise the first
 * divergence shows where the state made the difference.
 */
@Command(name = "rerun", mixinStandardHelpOptions = true,
        description = "Re-run a slice of candles through isolated copies of the downstream services and diff their outputs.")
public final class RerunCommand implements Callable<Integer> {

    /** Topics compared, in causal order (a tie in event time is reported in this order). */
    static final List<String> COMPARED = List.of(Topics.FEATURES, Topics.PREDICTIONS, Topics.SIGNALS, Topics.ORDERS,
            Topics.FILLS, Topics.POSITIONS);

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true)).build();

    @Mixin KafkaOptions kafka;

    @Spec CommandSpec spec;

    @Option(names = "--from", required = true, converter = Times.class, paramLabel = "TIME",
            description = "First candle of the slice (event time, inclusive).")
    Instant from;

    @Option(names = "--to", required = true, converter = Times.class, paramLabel = "TIME",
            description = "End of the slice (event time, exclusive).")
    Instant to;

    @Option(names = {"-s", "--symbol"}, split = ",", paramLabel = "SYMBOL", description = "Only these symbols (default: all).")
    Set<String> symbols = Set.of();

    @Option(names = "--warmup", defaultValue = "0", paramLabel = "N",
            description = "Feed the N candles per symbol before --from too (not compared), so indicators are warm.")
    int warmup;

    @Option(names = "--set", paramLabel = "SERVICE:PROPERTY=VALUE",
            description = "A configuration property of one copy (as the deployment ran it), e.g. risk-service:sextant.risk.max-open-positions=3.")
    List<String> sets = List.of();

    @Option(names = "--root", paramLabel = "DIR", defaultValue = "${env:SEXTANT_ROOT:-.}",
            description = "The Sextant checkout whose <service>/target/quarkus-app jars are started (default $SEXTANT_ROOT or .).")
    Path root;

    @Option(names = "--db-url", defaultValue = "${env:SEXTANT_DB_URL:-jdbc:postgresql://127.0.0.1:15432/sextant}", paramLabel = "URL")
    String dbUrl;

    @Option(names = "--db-user", defaultValue = "${env:SEXTANT_DB_USER:-sextant}", paramLabel = "USER",
            description = "A role that may create schemas (the copies' own schemas are created and dropped).")
    String dbUser;

    @Option(names = "--db-password", defaultValue = "${env:SEXTANT_DB_PASSWORD}", paramLabel = "PASSWORD")
    String dbPassword;

    @Option(names = "--redis-url", defaultValue = "${env:SEXTANT_REDIS_URL:-redis://127.0.0.1:16379}", paramLabel = "URL")
    String redisUrl;

    @Option(names = "--timeout", defaultValue = "PT15M", paramLabel = "DURATION",
            description = "Give up when the copies have not finished within this (ISO-8601, default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--keep", description = "Keep the copies' topics and schemas (their names are printed).")
    boolean keep;

    /** What a re-run found: per topic counts and the first divergence (null when identical). */
    public record Result(Map<String, TopicCount> counts, Divergence first, String runId) {
        public boolean identical() {
            return first == null;
        }
    }

    /** Per topic: events in the original, in the re-run, and how many are equal. */
    public record TopicCount(int original, int rerun, int equal) {}

    /** The first event (in event-time order) that is missing, extra or different, with the fields that differ. */
    public record Divergence(String topic, String eventId, Instant tsEvent, String kind, List<String> fields,
            JsonNode original, JsonNode rerun) {}

    @Override
    public Integer call() throws Exception {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("--from " + from + " is not before --to " + to);
        }
        if (dbPassword == null || dbPassword.isBlank()) {
            throw new IllegalArgumentException("no database password: set SEXTANT_DB_PASSWORD (eval \"$(./sextant env)\") or --db-password");
        }
        Result result = run();
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%-14s %9s %9s %9s%n", "topic", "original", "re-run", "equal");
        result.counts().forEach((t, c) -> out.printf("%-14s %9d %9d %9d%n", t, c.original(), c.rerun(), c.equal()));
        if (result.identical()) {
            out.printf("identical: the slice %s – %s reproduces every original event exactly%n", from, to);
        } else {
            Divergence d = result.first();
            out.printf("first divergence: %s %s on %s at %s%n", d.kind(), d.eventId(), d.topic(), d.tsEvent());
            if (!d.fields().isEmpty()) {
                out.println("  fields that differ: " + String.join(", ", d.fields()));
            }
            out.println("  original: " + (d.original() == null ? "(none)" : d.original()));
            out.println("  re-run:   " + (d.rerun() == null ? "(none)" : d.rerun()));
        }
        out.flush();
        return result.identical() ? 0 : 1;
    }

    Result run() throws Exception {
        String runId = "rr" + Long.toHexString(Double.doubleToLongBits(Math.random())).substring(0, 8);
        String copyPrefix = kafka.prefix() + runId + ".";
        PrintWriter err = spec.commandLine().getErr();
        Properties client = kafka.clientProperties("sextant-replay-rerun");
        Map<String, Map<String, String>> overrides = overrides();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SEXTANT_KAFKA_BOOTSTRAP", kafka.bootstrap);
        env.put("SEXTANT_DB_URL", dbUrl);
        env.put("SEXTANT_DB_USER", dbUser);
        env.put("SEXTANT_DB_PASSWORD", dbPassword);
        env.put("SEXTANT_REDIS_URL", redisUrl);
        ServiceCopies copies = new ServiceCopies(runId, copyPrefix, root.toAbsolutePath().normalize(),
                Path.of(System.getProperty("java.io.tmpdir"), "sextant-rerun-" + runId), env, overrides);
        try (Admin admin = Admin.create(client); TopicScan scan = new TopicScan(client)) {
            List<ConsumerRecord<byte[], byte[]>> slice = slice(scan);
            if (slice.isEmpty()) {
                throw new IllegalArgumentException("no candle of " + (symbols.isEmpty() ? "any symbol" : symbols)
                        + " between " + from + " and " + to + " on " + kafka.topic(Topics.CANDLES));
            }
            err.printf("re-run %s: %d candles (%d warm-up) into copies on prefix %s (logs in %s)%n", runId, slice.size(),
                    slice.stream().filter(r -> EventHead.read(r.value()).tsEvent().isBefore(from)).count(), copyPrefix,
                    copies.log(ServiceCopies.DOWNSTREAM.getFirst()).getParent());
            widenCandleWindow(overrides, slice, err);
            long t0 = System.nanoTime();
            TopicAdmin.ensureTopics(admin, TopicAdmin.catalog(copyPrefix));
            try {
                copies.start(Duration.ofMinutes(5));
                long ready = System.nanoTime();
                err.printf("re-run %s: copies ready in %.1f s%n", runId, (ready - t0) / 1e9);
                publish(client, copyPrefix, slice);
                awaitDone(admin, scan, copies, copyPrefix, slice.size());
                long done = System.nanoTime();
                err.printf("re-run %s: candles fed and every copy done in %.1f s%n", runId, (done - ready) / 1e9);
                // The comparison reads only the topics: the copies stop meanwhile.
                Thread stopping = Thread.ofPlatform().name("replay-rerun-stop").start(copies::close);
                Result result = compare(scan, copyPrefix, runId);
                stopping.join();
                err.printf("re-run %s: compared in %.1f s%n", runId, (System.nanoTime() - done) / 1e9);
                return result;
            } finally {
                long closing = System.nanoTime();
                copies.close();
                if (keep) {
                    err.printf("kept: topics %s*, schemas *_%s%n", copyPrefix, runId);
                } else {
                    cleanUp(admin, copies, copyPrefix);
                }
                err.printf("re-run %s: copies stopped and cleaned up in %.1f s%n", runId, (System.nanoTime() - closing) / 1e9);
            }
        }
    }

    /**
     * The copies get the whole slice at once, so execution-service's copy can run ahead of risk-service's by up to the
     * slice, while the deployment ran under the collector's flow control. A decision must still find the candle it fills
     * on: unless {@code --set} gives it, the copy keeps {@code sextant.execution.candle-window} candles per symbol of at
     * least the slice's longest series (and never fewer than its default), which changes no fill the deployment made.
     */
    static void widenCandleWindow(Map<String, Map<String, String>> overrides, List<ConsumerRecord<byte[], byte[]>> slice,
                                  PrintWriter err) {
        Map<String, String> execution = overrides.computeIfAbsent("execution-service", k -> new LinkedHashMap<>());
        if (execution.containsKey(CANDLE_WINDOW)) {
            return;
        }
        Map<String, Integer> perSymbol = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> rec : slice) {
            String symbol = rec.key() == null ? EventHead.read(rec.value()).symbol()
                    : new String(rec.key(), java.nio.charset.StandardCharsets.UTF_8);
            perSymbol.merge(symbol, 1, Integer::sum);
        }
        int longest = perSymbol.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        if (longest + 1 > DEFAULT_CANDLE_WINDOW) {
            execution.put(CANDLE_WINDOW, String.valueOf(longest + 1));
            err.printf("re-run: execution-service's copy keeps %d candles per symbol (%s; the slice is fed at once)%n",
                    longest + 1, CANDLE_WINDOW);
        }
    }

    static final String CANDLE_WINDOW = "sextant.execution.candle-window";
    /** execution-service's default {@value #CANDLE_WINDOW} (execution-core's {@code ExecutionDefaults.CANDLE_WINDOW}). */
    static final int DEFAULT_CANDLE_WINDOW = 1000;

    private Map<String, Map<String, String>> overrides() {
        Map<String, Map<String, String>> out = new HashMap<>();
        for (String s : sets) {
            int colon = s.indexOf(':');
            int eq = s.indexOf('=', colon + 1);
            if (colon <= 0 || eq <= colon + 1) {
                throw new IllegalArgumentException("--set " + s + ": write SERVICE:PROPERTY=VALUE, e.g. risk-service:sextant.risk.max-open-positions=3");
            }
            String service = s.substring(0, colon);
            if (ServiceCopies.DOWNSTREAM.stream().noneMatch(c -> c.module().equals(service))) {
                throw new IllegalArgumentException("--set " + s + ": " + service + " is not re-run (feature-service, "
                        + "prediction-service, risk-service, execution-service)");
            }
            out.computeIfAbsent(service, k -> new LinkedHashMap<>()).put(s.substring(colon + 1, eq), s.substring(eq + 1));
        }
        return out;
    }

    /** The slice's candles and the warm-up candles before them, per partition in offset order. */
    private List<ConsumerRecord<byte[], byte[]>> slice(TopicScan scan) {
        String topic = kafka.topic(Topics.CANDLES);
        List<TopicPartition> partitions = scan.partitions(topic);
        Map<TopicPartition, Long> begin = scan.beginningOffsets(partitions);
        Map<TopicPartition, Long> end = scan.endOffsets(partitions);
        Map<String, List<ConsumerRecord<byte[], byte[]>>> before = new HashMap<>();
        List<ConsumerRecord<byte[], byte[]>> inside = new ArrayList<>();
        scan.read(partitions.stream().map(p -> new TopicScan.Range(p, begin.get(p), end.get(p))).toList(), rec -> {
            EventHead head = EventHead.read(rec.value());
            if (!head.valid() || head.tsEvent() == null || !"CandleClosed".equals(head.type())) {
                return true;
            }
            String symbol = rec.key() == null ? head.symbol() : new String(rec.key(), java.nio.charset.StandardCharsets.UTF_8);
            if (!symbols.isEmpty() && !symbols.contains(symbol)) {
                return true;
            }
            if (head.tsEvent().isBefore(from)) {
                if (warmup > 0) {
                    List<ConsumerRecord<byte[], byte[]>> w = before.computeIfAbsent(symbol, k -> new ArrayList<>());
                    w.add(rec);
                    if (w.size() > warmup) {
                        w.removeFirst();
                    }
                }
            } else if (head.tsEvent().isBefore(to)) {
                inside.add(rec);
            }
            return true;
        });
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        before.values().forEach(out::addAll);
        out.addAll(inside);
        // Per partition in the original order (warm-up first): each symbol's candles in the order they were published.
        out.sort(Comparator.comparingInt((ConsumerRecord<byte[], byte[]> r) -> r.partition()).thenComparingLong(ConsumerRecord::offset));
        return out;
    }

    private static void publish(Properties client, String copyPrefix, List<ConsumerRecord<byte[], byte[]>> slice)
            throws Exception {
        Properties p = new Properties();
        p.putAll(client);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            String topic = copyPrefix + Topics.CANDLES;
            for (ConsumerRecord<byte[], byte[]> rec : slice) {
                producer.send(new ProducerRecord<>(topic, rec.partition(), rec.key(), rec.value(), rec.headers()));
            }
            producer.flush();
        }
    }

    /**
     * Waits until the copies are done: feature-service has a features event for every candle fed, risk-service a decision
     * for every prediction, every copy's consumer group has read every topic it reads to the end, and no topic of the
     * copies grew for two consecutive checks.
     */
    private void awaitDone(Admin admin, TopicScan scan, ServiceCopies copies, String copyPrefix, int fed) throws Exception {
        Map<String, List<String>> inputs = new LinkedHashMap<>();
        for (ServiceCopies.Copy c : ServiceCopies.DOWNSTREAM) {
            inputs.put(copies.group(c), incomingTopics(copies.jar(c)).stream().map(t -> copyPrefix + t).toList());
        }
        List<String> all = TopicAdmin.catalog(copyPrefix).stream().map(t -> t.name()).toList();
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<TopicPartition, Long> previous = Map.of();
        int stable = 0;
        while (true) {
            copies.requireAlive();
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the re-run copies did not finish within " + timeout + ": see their logs");
            }
            Map<TopicPartition, Long> ends = new HashMap<>();
            for (String t : all) {
                ends.putAll(scan.endOffsets(scan.partitions(t)));
            }
            long features = total(ends, copyPrefix + Topics.FEATURES);
            long predictions = total(ends, copyPrefix + Topics.PREDICTIONS);
            long decisions = total(ends, copyPrefix + Topics.SIGNALS);
            boolean caughtUp = features >= fed && decisions >= predictions;
            for (Map.Entry<String, List<String>> e : inputs.entrySet()) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(e.getKey())
                        .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
                for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
                    if (!e.getValue().contains(end.getKey().topic())) {
                        continue;
                    }
                    OffsetAndMetadata c = committed.get(end.getKey());
                    long position = c == null ? 0 : c.offset();
                    if (position < end.getValue()) {
                        caughtUp = false;
                    }
                }
            }
            stable = caughtUp && ends.equals(previous) ? stable + 1 : 0;
            if (stable >= 2) {
                return;
            }
            previous = ends;
            ServiceCopies.pause(1000);
        }
    }

    private static long total(Map<TopicPartition, Long> ends, String topic) {
        return ends.entrySet().stream().filter(e -> e.getKey().topic().equals(topic)).mapToLong(Map.Entry::getValue).sum();
    }

    /** The catalog topics a service reads, from the application.properties inside its jar (sextant.messaging.incoming). */
    static List<String> incomingTopics(Path quarkusRunJar) throws IOException {
        Path appDir = quarkusRunJar.getParent().resolve("app");
        try (Stream<Path> jars = Files.list(appDir)) {
            for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).toList()) {
                try (ZipFile zip = new ZipFile(jar.toFile())) {
                    var entry = zip.getEntry("application.properties");
                    if (entry == null) {
                        continue;
                    }
                    Properties props = new Properties();
                    try (InputStream in = zip.getInputStream(entry)) {
                        props.load(in);
                    }
                    String incoming = props.getProperty("sextant.messaging.incoming", "");
                    return List.of(incoming.split("\\s*,\\s*")).stream().filter(s -> !s.isBlank()).toList();
                }
            }
        }
        throw new IllegalStateException("no application.properties in " + appDir);
    }

    /** Compares the copies' outputs with the deployment's, for events of the slice's symbols and time range. */
    Result compare(TopicScan scan, String copyPrefix, String runId) {
        Map<String, TopicCount> counts = new LinkedHashMap<>();
        List<Divergence> divergences = new ArrayList<>();
        for (String topic : COMPARED) {
            Map<String, Stored> original = events(scan, kafka.topic(topic));
            Map<String, Stored> rerun = events(scan, copyPrefix + topic);
            int equal = 0;
            Set<String> ids = new HashSet<>(original.keySet());
            ids.addAll(rerun.keySet());
            for (String id : ids) {
                Stored o = original.get(id);
                Stored r = rerun.get(id);
                if (o == null) {
                    divergences.add(new Divergence(topic, id, r.tsEvent(), "extra in the re-run", List.of(), null, r.event()));
                } else if (r == null) {
                    divergences.add(new Divergence(topic, id, o.tsEvent(), "missing from the re-run", List.of(), o.event(), null));
                } else {
                    List<String> fields = differingFields(o.event(), r.event());
                    if (fields.isEmpty()) {
                        equal++;
                    } else {
                        divergences.add(new Divergence(topic, id, o.tsEvent(), "different", fields, o.event(), r.event()));
                    }
                }
            }
            counts.put(topic, new TopicCount(original.size(), rerun.size(), equal));
        }
        Divergence first = divergences.stream()
                .min(Comparator.comparing(Divergence::tsEvent).thenComparingInt(d -> COMPARED.indexOf(d.topic())))
                .orElse(null);
        return new Result(counts, first, runId);
    }

    private record Stored(Instant tsEvent, JsonNode event) {}

    /** The events of a topic in the slice (time range, symbols), by event id, without tsInit. */
    private Map<String, Stored> events(TopicScan scan, String topic) {
        List<TopicPartition> partitions = scan.partitions(topic);
        Map<TopicPartition, Long> begin = scan.beginningOffsets(partitions);
        Map<TopicPartition, Long> end = scan.endOffsets(partitions);
        Map<String, Stored> out = new TreeMap<>();
        scan.read(partitions.stream().map(p -> new TopicScan.Range(p, begin.get(p), end.get(p))).toList(), rec -> {
            EventHead head = EventHead.read(rec.value());
            if (!head.valid() || head.eventId() == null || head.tsEvent() == null
                    || head.tsEvent().isBefore(from) || !head.tsEvent().isBefore(to)) {
                return true;
            }
            String symbol = rec.key() == null ? head.symbol() : new String(rec.key(), java.nio.charset.StandardCharsets.UTF_8);
            if (!symbols.isEmpty() && !symbols.contains(symbol)) {
                return true;
            }
            try {
                ObjectNode event = (ObjectNode) JSON.readTree(rec.value());
                event.remove("tsInit");
                out.put(head.eventId(), new Stored(head.tsEvent(), event));
            } catch (IOException e) {
                // not an event: the consumers dead-letter such records; nothing to compare
            }
            return true;
        });
        return out;
    }

    static List<String> differingFields(JsonNode a, JsonNode b) {
        List<String> out = new ArrayList<>();
        Set<String> names = new java.util.TreeSet<>();
        a.fieldNames().forEachRemaining(names::add);
        b.fieldNames().forEachRemaining(names::add);
        for (String n : names) {
            JsonNode x = a.get(n);
            JsonNode y = b.get(n);
            if (x == null || y == null || !x.equals(y)) {
                out.add(n);
            }
        }
        return out;
    }

    private void cleanUp(Admin admin, ServiceCopies copies, String copyPrefix) {
        try {
            admin.deleteTopics(TopicAdmin.catalog(copyPrefix).stream().map(t -> t.name()).toList())
                    .all().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            spec.commandLine().getErr().println("could not delete the copies' topics " + copyPrefix + "*: " + e.getMessage());
        }
        try (Connection c = DriverManager.getConnection(dbUrl, dbUser, dbPassword); Statement st = c.createStatement()) {
            for (ServiceCopies.Copy copy : ServiceCopies.DOWNSTREAM) {
                st.execute("DROP SCHEMA IF EXISTS " + copies.schema(copy) + " CASCADE");
            }
        } catch (Exception e) {
            spec.commandLine().getErr().println("could not drop the copies' schemas: " + e.getMessage());
        }
    }
}
