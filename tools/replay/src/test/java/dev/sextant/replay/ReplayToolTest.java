package dev.sextant.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sextant.contracts.TestEvents;
import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.event.Event;
import dev.sextant.contracts.id.Ids;
import dev.sextant.contracts.id.Symbol;
import dev.sextant.contracts.json.EventCodec;
import dev.sextant.contracts.topic.TopicSpec;
import dev.sextant.contracts.topic.Topics;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The replay debugger against the real broker started by {@code ./sextant infra up} (topics under a fresh prefix):
 * a dump gives back exactly the records produced, filtered as asked; explain walks the stored chain of the worked
 * example from candle to position; rewind moves a stopped group's offsets back to a time, and only then.
 */
class ReplayToolTest {

    private static final String BOOTSTRAP = System.getenv().getOrDefault("SEXTANT_KAFKA_BOOTSTRAP", "127.0.0.1:19092");
    private static final String PREFIX = "replaytool-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    /** Numbers as exact decimals, so that an event read back from a dump equals the one produced. */
    private static final ObjectMapper JSON = com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .nodeFactory(com.fasterxml.jackson.databind.node.JsonNodeFactory.withExactBigDecimals(true)).build();
    /** Record time of the first record: recent, so that the broker's retention keeps them for the test. */
    private static final Instant T0 = Instant.now().minus(Duration.ofHours(1)).truncatedTo(java.time.temporal.ChronoUnit.MINUTES);

    private static final CandleClosed ETH_CANDLE = ethCandle();

    /** An ETHUSDT candle a day after the worked example's (a record of another symbol and time). */
    private static CandleClosed ethCandle() {
        CandleClosed btc = TestEvents.candle(Instant.parse("2024-04-06T00:00:00Z"), "3300.10", "3310.00", "3290.00", "3305.55");
        Symbol eth = Symbol.of("ETHUSDT");
        return new CandleClosed(Ids.candleId(TestEvents.EXCHANGE, eth, btc.interval(), btc.openTime()), btc.tsEvent(),
                btc.tsInit(), null, CandleClosed.SCHEMA_VERSION, btc.exchange(), eth, btc.interval(), btc.openTime(),
                btc.closeTime(), btc.open(), btc.high(), btc.low(), btc.close(), btc.volume(), btc.quoteVolume(),
                btc.tradeCount());
    }

    /** Every event produced, in order, with the topic it went to. */
    private static final List<Map.Entry<String, Event>> PRODUCED = new ArrayList<>();

    @BeforeAll
    static void produce() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", BOOTSTRAP))) {
            List<NewTopic> topics = new ArrayList<>();
            for (TopicSpec s : Topics.main()) {
                topics.add(new NewTopic(PREFIX + s.name(), s.partitions(), (short) 1));
            }
            topics.add(new NewTopic(PREFIX + "signals" + Topics.DLQ_SUFFIX, 1, (short) 1));
            admin.createTopics(topics).all().get(60, TimeUnit.SECONDS);
        }
        add(Topics.CANDLES, TestEvents.candle());
        add(Topics.CANDLES, ETH_CANDLE);
        add(Topics.FEATURES, TestEvents.features());
        add(Topics.PREDICTIONS, TestEvents.prediction());
        add(Topics.SIGNALS, TestEvents.riskDecisionApproved());
        add(Topics.ORDERS, TestEvents.orderSubmitted());
        add(Topics.ORDERS, TestEvents.orderAccepted());
        add(Topics.ORDERS, TestEvents.orderFilled());
        add(Topics.FILLS, TestEvents.fillEntry());
        add(Topics.POSITIONS, TestEvents.positionOpened());
        add(Topics.ORDERS, TestEvents.takeProfitSubmitted());
        try (KafkaProducer<String, byte[]> producer = producer()) {
            long ts = T0.toEpochMilli();
            for (Map.Entry<String, Event> e : PRODUCED) {
                ProducerRecord<String, byte[]> rec = new ProducerRecord<>(PREFIX + e.getKey(), null, ts,
                        e.getValue().key(), EventCodec.encodeBytes(e.getValue()));
                rec.headers().add("sextant-test", "yes".getBytes(StandardCharsets.UTF_8));
                producer.send(rec).get(30, TimeUnit.SECONDS);
                ts += 60_000; // one minute of record time per event: rewind targets a time between them
            }
            ProducerRecord<String, byte[]> bad = new ProducerRecord<>(PREFIX + "signals" + Topics.DLQ_SUFFIX, "BTCUSDT",
                    "{\"type\":\"RiskDecisionMade\"} trailing".getBytes(StandardCharsets.UTF_8));
            bad.headers().add(Topics.DLQ_REASON_HEADER, "trailing content".getBytes(StandardCharsets.UTF_8));
            producer.send(bad).get(30, TimeUnit.SECONDS);
        }
    }

    @AfterAll
    static void deleteTopics() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", BOOTSTRAP))) {
            List<String> names = new ArrayList<>(admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                    .filter(n -> n.startsWith(PREFIX)).toList());
            admin.deleteTopics(names).all().get(60, TimeUnit.SECONDS);
        }
    }

    private static void add(String topic, Event event) {
        PRODUCED.add(Map.entry(topic, event));
    }

    private static KafkaProducer<String, byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return new KafkaProducer<>(p);
    }

    /** Runs the tool in-process: exit code, standard output and standard error. */
    record Run(int exit, String out, String err) {}

    private static Run run(String input, String... args) {
        CommandLine cl = ReplayCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        RewindCommand.input = new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8));
        List<String> all = new ArrayList<>(List.of(args));
        all.add(1, "--bootstrap=" + BOOTSTRAP);
        all.add(2, "--prefix=" + PREFIX);
        int exit = cl.execute(all.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    private static List<JsonNode> jsonLines(Path file) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            out.add(JSON.readTree(line));
        }
        return out;
    }

    @Test
    void dumpWritesEveryRecordWithItsCoordinatesAndTheEventAsStored(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("dump.jsonl");
        Run run = run("", "dump", "--topic", "candles,orders,signals.dlq", "--out", file.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        List<JsonNode> lines = jsonLines(file);
        List<Event> expected = PRODUCED.stream()
                .filter(e -> e.getKey().equals(Topics.CANDLES) || e.getKey().equals(Topics.ORDERS))
                .map(Map.Entry::getValue).toList();
        assertThat(lines).hasSize(expected.size() + 1);
        List<Event> dumped = new ArrayList<>();
        for (JsonNode line : lines) {
            assertThat(line.get("topic").asText()).startsWith(PREFIX);
            assertThat(line.has("partition") && line.has("offset") && line.has("timestamp")).isTrue();
            if (line.has("event")) {
                assertThat(line.get("headers").get("sextant-test").asText()).isEqualTo("yes");
                dumped.add(EventCodec.decode(line.get("event").toString(), Event.class));
            }
        }
        assertThat(dumped).containsExactlyInAnyOrderElementsOf(expected);
        JsonNode bad = lines.stream().filter(l -> l.has("raw")).findFirst().orElseThrow();
        assertThat(bad.get("raw").asText()).isEqualTo("{\"type\":\"RiskDecisionMade\"} trailing");
        assertThat(bad.get("headers").get(Topics.DLQ_REASON_HEADER).asText()).isEqualTo("trailing content");
        assertThat(run.err()).contains("dumped " + lines.size() + " of " + lines.size() + " records");
    }

    @Test
    void dumpFiltersBySymbolEventTimeTypeOffsetAndLimit(@TempDir Path dir) throws Exception {
        Path eth = dir.resolve("eth.jsonl");
        assertThat(run("", "dump", "-t", "candles", "--symbol", "ETHUSDT", "-o", eth.toString()).exit()).isZero();
        assertThat(jsonLines(eth)).singleElement()
                .satisfies(l -> assertThat(l.get("event").get("eventId").asText()).isEqualTo(ETH_CANDLE.eventId().value()));

        Path window = dir.resolve("window.jsonl");
        assertThat(run("", "dump", "-t", "candles", "--from", "2024-04-06", "--to", "2024-04-07", "-o", window.toString())
                .exit()).isZero();
        assertThat(jsonLines(window)).extracting(l -> l.get("key").asText()).containsExactly("ETHUSDT");

        Path types = dir.resolve("types.jsonl");
        assertThat(run("", "dump", "-t", "orders", "--type", "OrderFilled", "-o", types.toString()).exit()).isZero();
        assertThat(jsonLines(types)).singleElement()
                .satisfies(l -> assertThat(l.get("event").get("eventId").asText())
                        .isEqualTo(TestEvents.orderFilled().eventId().value()));

        // All four orders share the BTCUSDT key, hence one partition, in produced order: offsets 1 and 2 are the 2nd and 3rd.
        Path offsets = dir.resolve("offsets.jsonl");
        assertThat(run("", "dump", "-t", "orders", "--from-offset", "1", "--to-offset", "3", "-o", offsets.toString())
                .exit()).isZero();
        assertThat(jsonLines(offsets)).extracting(l -> l.get("event").get("type").asText())
                .containsExactly("OrderAccepted", "OrderFilled");

        Path limited = dir.resolve("limited.jsonl");
        assertThat(run("", "dump", "-t", "orders", "--limit", "2", "-o", limited.toString()).exit()).isZero();
        assertThat(jsonLines(limited)).hasSize(2);
    }

    @Test
    void dumpAsCsvQuotesTheEventAndKeepsItsFields(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("signals.csv");
        assertThat(run("", "dump", "-t", "signals", "-f", "csv", "-o", file.toString()).exit()).isZero();
        List<String> rows = Files.readAllLines(file);
        assertThat(rows.getFirst()).isEqualTo("topic,partition,offset,timestamp,key,type,eventId,tsEvent,causationId,headers,value");
        assertThat(rows).hasSize(2);
        String row = rows.get(1);
        Event decision = TestEvents.riskDecisionApproved();
        assertThat(row).startsWith(PREFIX + "signals,")
                .contains(",BTCUSDT,RiskDecisionMade," + decision.eventId().value() + "," + decision.tsEvent() + ","
                        + decision.causationId().value() + ",");
        // The value column is the JSON with its quotes doubled (RFC 4180).
        String value = row.substring(row.lastIndexOf(",\"{") + 2, row.length() - 1).replace("\"\"", "\"");
        assertThat(EventCodec.decode(value, Event.class)).isEqualTo(decision);
    }

    @Test
    void explainWalksFromTheCandleThroughTheDecisionToItsFillsAndPosition() {
        Run run = run("", "explain", "--id", TestEvents.riskDecisionApproved().eventId().value());
        assertThat(run.exit()).as(run.err()).isZero();
        List<String> headers = run.out().lines().filter(l -> l.trim().startsWith("- ") || l.trim().startsWith("▶ "))
                .map(String::trim).toList();
        assertThat(headers).extracting(h -> h.split(" ")[1]).containsExactly(
                "CandleClosed", "FeaturesComputed", "PredictionMade", "RiskDecisionMade", "OrderSubmitted",
                "OrderAccepted", "OrderFilled", "FillExecuted", "PositionChanged", "OrderSubmitted");
        assertThat(headers.get(3)).startsWith("▶ RiskDecisionMade " + TestEvents.riskDecisionApproved().eventId().value());
        assertThat(headers).noneMatch(h -> h.contains(ETH_CANDLE.eventId().value()));
        // The decision's checks are listed one per line.
        assertThat(run.out()).contains("checks:").contains("\"name\":");
    }

    @Test
    void explainSaysWhenTheEventIsNotStored() {
        Run run = run("", "explain", "--id", "no-such-event");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("no event no-such-event is stored");
    }

    @Test
    void rewindMovesAStoppedGroupBackToATimeAfterConfirmationOnly() throws Exception {
        String group = "replaytool-group-" + UUID.randomUUID();
        String orders = PREFIX + Topics.ORDERS;
        // The group has read everything and is gone (the service is stopped).
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        Map<TopicPartition, OffsetAndMetadata> end = new HashMap<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p)) {
            List<TopicPartition> parts = c.partitionsFor(orders).stream()
                    .map(i -> new TopicPartition(orders, i.partition())).toList();
            c.endOffsets(parts).forEach((tp, o) -> end.put(tp, new OffsetAndMetadata(o)));
            c.assign(parts);
            c.commitSync(end);
        }
        TopicPartition btc = end.entrySet().stream().filter(e -> e.getValue().offset() == 4).findFirst().orElseThrow().getKey();
        // Orders went out at T0+5, +6, +7 and +10 minutes: rewinding to T0+6m30s re-reads OrderFilled and the take-profit.
        String to = T0.plus(Duration.ofSeconds(6 * 60 + 30)).toString();

        Run dry = run("", "rewind", "--group", group, "--to", to, "--dry-run");
        assertThat(dry.exit()).as(dry.err()).isZero();
        assertThat(dry.out()).contains("dry run: nothing changed").containsPattern(orders + "\\s+" + btc.partition() + "\\s+4\\s+2\\s+2");
        assertThat(committed(group).get(btc)).isEqualTo(4);

        Run declined = run("no\n", "rewind", "--group", group, "--to", to);
        assertThat(declined.exit()).isEqualTo(1);
        assertThat(committed(group).get(btc)).isEqualTo(4);

        Run applied = run("rewind\n", "rewind", "--group", group, "--to", to);
        assertThat(applied.exit()).as(applied.err()).isZero();
        assertThat(applied.out()).contains("2 record(s) will be read again");
        assertThat(committed(group).get(btc)).isEqualTo(2);

        // Never forward: rewinding to a later time changes nothing.
        Run later = run("", "rewind", "--group", group, "--to", T0.plus(Duration.ofHours(1)).toString(), "--yes");
        assertThat(later.exit()).isZero();
        assertThat(later.out()).contains("nothing to do");
        assertThat(committed(group).get(btc)).isEqualTo(2);
    }

    @Test
    void rewindRefusesWhileTheServiceIsRunning() throws Exception {
        String group = "replaytool-live-" + UUID.randomUUID();
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p)) {
            c.subscribe(List.of(PREFIX + Topics.ORDERS));
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
                c.poll(Duration.ofMillis(200));
                if (!c.assignment().isEmpty()) {
                    c.commitSync();
                    return true;
                }
                return false;
            });
            Run run = run("", "rewind", "--group", group, "--to", T0.toString(), "--yes");
            assertThat(run.exit()).isEqualTo(2);
            assertThat(run.err()).contains("active member(s): stop the service first");
        }
    }

    private static Map<TopicPartition, Long> committed(String group) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", BOOTSTRAP))) {
            Map<TopicPartition, Long> out = new HashMap<>();
            admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS)
                    .forEach((tp, o) -> out.put(tp, o.offset()));
            return out;
        }
    }
}
