package dev.sextant.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.contracts.TestEvents;
import dev.sextant.contracts.event.Event;
import dev.sextant.contracts.json.EventCodec;
import dev.sextant.contracts.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The re-run's comparison on the real broker, without starting services: an "original" and two "re-run" sets of topics
 * under their own prefixes. Equal events (but for tsInit) count as equal; a changed field, a missing and an extra event
 * are found, and the first divergence is the earliest in event time, with the fields that differ.
 */
class RerunDiffTest {

    private static final String BOOTSTRAP = System.getenv().getOrDefault("SEXTANT_KAFKA_BOOTSTRAP", "127.0.0.1:19092");
    private static final String RUN = "rerundiff-" + UUID.randomUUID().toString().substring(0, 8);
    private static final String ORIGINAL = RUN + "-o.";
    private static final String SAME = RUN + "-s.";
    private static final String CHANGED = RUN + "-c.";

    @BeforeAll
    static void produce() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", BOOTSTRAP))) {
            List<NewTopic> topics = new ArrayList<>();
            for (String prefix : List.of(ORIGINAL, SAME, CHANGED)) {
                for (String t : RerunCommand.COMPARED) {
                    topics.add(new NewTopic(prefix + t, 3, (short) 1));
                }
            }
            admin.createTopics(topics).all().get(60, TimeUnit.SECONDS);
        }
        try (KafkaProducer<String, String> producer = producer()) {
            List<Map.Entry<String, Event>> chain = List.of(
                    Map.entry(Topics.FEATURES, TestEvents.features()),
                    Map.entry(Topics.PREDICTIONS, TestEvents.prediction()),
                    Map.entry(Topics.SIGNALS, TestEvents.riskDecisionApproved()),
                    Map.entry(Topics.ORDERS, TestEvents.orderSubmitted()),
                    Map.entry(Topics.ORDERS, TestEvents.orderFilled()),
                    Map.entry(Topics.FILLS, TestEvents.fillEntry()));
            for (Map.Entry<String, Event> e : chain) {
                String json = EventCodec.encode(e.getValue());
                send(producer, ORIGINAL + e.getKey(), e.getValue(), json);
                // The same event made later: only tsInit differs.
                send(producer, SAME + e.getKey(), e.getValue(), json.replaceFirst("\"tsInit\":\"[^\"]+\"", "\"tsInit\":\"2030-01-01T00:00:00Z\""));
                if (e.getValue().equals(TestEvents.fillEntry())) {
                    continue; // missing from the changed re-run
                }
                if (e.getValue().equals(TestEvents.riskDecisionApproved())) {
                    json = json.replace("\"approved\":true", "\"approved\":false");
                }
                send(producer, CHANGED + e.getKey(), e.getValue(), json);
            }
            // An event only the changed re-run has, later than the changed decision.
            send(producer, CHANGED + Topics.FILLS, TestEvents.fillExit(), EventCodec.encode(TestEvents.fillExit()));
        }
    }

    @AfterAll
    static void delete() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", BOOTSTRAP))) {
            admin.deleteTopics(admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                    .filter(n -> n.startsWith(RUN)).toList()).all().get(60, TimeUnit.SECONDS);
        }
    }

    private static KafkaProducer<String, String> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return new KafkaProducer<>(p);
    }

    private static void send(KafkaProducer<String, String> producer, String topic, Event event, String json) throws Exception {
        producer.send(new ProducerRecord<>(topic, event.key(), json)).get(30, TimeUnit.SECONDS);
    }

    private static RerunCommand.Result compare(String rerunPrefix) {
        RerunCommand command = new RerunCommand();
        new CommandLine(command).parseArgs("--bootstrap=" + BOOTSTRAP, "--prefix=" + ORIGINAL,
                "--from=2024-04-05", "--to=2024-04-30", "--db-password=unused");
        Properties client = command.kafka.clientProperties("rerun-diff-test");
        try (TopicScan scan = new TopicScan(client)) {
            return command.compare(scan, rerunPrefix, "test");
        }
    }

    @Test
    void eventsThatDifferOnlyInTsInitAreEqual() {
        RerunCommand.Result result = compare(SAME);
        assertThat(result.identical()).as("%s", result.first()).isTrue();
        assertThat(result.counts().get(Topics.SIGNALS)).isEqualTo(new RerunCommand.TopicCount(1, 1, 1));
        assertThat(result.counts().get(Topics.ORDERS)).isEqualTo(new RerunCommand.TopicCount(2, 2, 2));
        assertThat(result.counts().get(Topics.FILLS)).isEqualTo(new RerunCommand.TopicCount(1, 1, 1));
    }

    @Test
    void theFirstDivergenceIsTheEarliestWithTheFieldsThatDiffer() {
        RerunCommand.Result result = compare(CHANGED);
        assertThat(result.identical()).isFalse();
        RerunCommand.Divergence first = result.first();
        assertThat(first.topic()).isEqualTo(Topics.SIGNALS);
        assertThat(first.kind()).isEqualTo("different");
        assertThat(first.eventId()).isEqualTo(TestEvents.riskDecisionApproved().eventId().value());
        assertThat(first.fields()).containsExactly("approved");
        assertThat(first.tsEvent()).isEqualTo(TestEvents.riskDecisionApproved().tsEvent());
        assertThat(result.counts().get(Topics.SIGNALS)).isEqualTo(new RerunCommand.TopicCount(1, 1, 0));
        // The missing entry fill and the extra exit fill are counted, not equal.
        assertThat(result.counts().get(Topics.FILLS)).isEqualTo(new RerunCommand.TopicCount(1, 1, 0));
        assertThat(result.counts().get(Topics.FEATURES)).isEqualTo(new RerunCommand.TopicCount(1, 1, 1));
    }

    @Test
    void eventsOutsideTheSliceAreNotCompared() {
        RerunCommand command = new RerunCommand();
        new CommandLine(command).parseArgs("--bootstrap=" + BOOTSTRAP, "--prefix=" + ORIGINAL,
                "--from=2024-05-01", "--to=2024-06-01", "--db-password=unused");
        try (TopicScan scan = new TopicScan(command.kafka.clientProperties("rerun-diff-test"))) {
            RerunCommand.Result result = command.compare(scan, CHANGED, "test");
            assertThat(result.identical()).isTrue();
            assertThat(result.counts().values()).allMatch(c -> c.original() == 0 && c.rerun() == 0);
        }
        assertThat(Instant.parse("2024-05-01T00:00:00Z")).isAfter(TestEvents.fillExit().tsEvent());
    }
}
