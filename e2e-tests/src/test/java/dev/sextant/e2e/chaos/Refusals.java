package dev.sextant.e2e.chaos;

import dev.sextant.contracts.topic.TopicSpec;
import dev.sextant.contracts.topic.Topics;
import dev.sextant.e2e.stack.Service;
import dev.sextant.e2e.stack.Stack;
import dev.sextant.testing.TestInfra;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * What the services refused: the run's dead-letter topics ({@code <topic>.dlq}, read from the beginning,
 * headers {@code dead-letter-reason}, {@code dead-letter-topic}, {@code -partition}, {@code -offset}) and
 * every service's {@code parked_records} table. Not thread-safe.
 */
public final class Refusals implements AutoCloseable {
    public static final String REASON = Topics.DLQ_REASON_HEADER;
    public static final String SOURCE_TOPIC = Topics.DLQ_SOURCE_TOPIC_HEADER;
    public static final String SOURCE_PARTITION = "dead-letter-partition";
    public static final String SOURCE_OFFSET = "dead-letter-offset";

    /** One dead letter. */
    public record DeadLetter(String dlqTopic, String sourceTopic, int sourcePartition, long sourceOffset, String reason) {}

    /** One parked record of one service. */
    public record Parked(Service service, String consumer, String topic, int partition, long offset, String error,
                         boolean resolved) {}

    private final Stack stack;
    private final KafkaConsumer<String, String> consumer;
    private final List<DeadLetter> deadLetters = new ArrayList<>();

    public Refusals(Stack stack) {
        this.stack = stack;
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.kafkaBootstrap());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (TopicSpec spec : Topics.all()) {
            if (spec.name().endsWith(Topics.DLQ_SUFFIX)) {
                for (int p = 0; p < spec.partitions(); p++) {
                    partitions.add(new TopicPartition(stack.infra().topic(spec.name()), p));
                }
            }
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Reads the dead letters published since the last call; returns all so far. */
    public List<DeadLetter> refresh() {
        Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment(), Duration.ofSeconds(30));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey(), Duration.ofSeconds(30)) < e.getValue())
                && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                deadLetters.add(new DeadLetter(r.topic(), TestInfra.header(r, SOURCE_TOPIC),
                        parseInt(TestInfra.header(r, SOURCE_PARTITION)), parseLong(TestInfra.header(r, SOURCE_OFFSET)),
                        TestInfra.header(r, REASON)));
            }
        }
        return List.copyOf(deadLetters);
    }

    public List<DeadLetter> deadLetters() {
        return List.copyOf(deadLetters);
    }

    /** Dead letters per dead-letter topic (without the run's prefix). */
    public Map<String, Integer> deadLettersByTopic() {
        Map<String, Integer> counts = new TreeMap<>();
        deadLetters.forEach(d -> counts.merge(d.dlqTopic().substring(stack.infra().topicPrefix().length()), 1, Integer::sum));
        return counts;
    }

    /** Every parked record of every service (its schema's {@code parked_records}; a service without the table has none). */
    public List<Parked> parked() throws SQLException {
        List<Parked> parked = new ArrayList<>();
        try (Connection c = TestInfra.jdbc()) {
            for (Service service : Service.values()) {
                String schema = stack.schema(service);
                try (Statement st = c.createStatement();
                     ResultSet exists = st.executeQuery("SELECT to_regclass('" + schema + ".parked_records') IS NOT NULL")) {
                    exists.next();
                    if (!exists.getBoolean(1)) {
                        continue;
                    }
                }
                try (PreparedStatement st = c.prepareStatement("SELECT consumer, topic, kafka_partition, kafka_offset, error,"
                        + " resolved_at IS NOT NULL FROM " + schema + ".parked_records ORDER BY id");
                     ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        parked.add(new Parked(service, rs.getString(1), rs.getString(2), rs.getInt(3), rs.getLong(4),
                                rs.getString(5), rs.getBoolean(6)));
                    }
                }
            }
        }
        return parked;
    }

    /**
     * How the consumers of {@code injection}'s topic dealt with it: the dead letters of that record (with a
     * reason) and the services that parked it (with an error). It is refused when every consumer did one
     * or the other: dead letters carry no consumer's name, so the count of dead letters plus parking
     * services must reach the number of consumers (a redelivery after a crash may dead-letter a record twice).
     */
    public String refusal(Injector.Injection injection, List<Parked> parked) {
        Set<Service> consumers = Injector.CONSUMERS.get(injection.catalogTopic());
        List<DeadLetter> letters = deadLetters.stream()
                .filter(d -> injection.topic().equals(d.sourceTopic()) && d.sourcePartition() == injection.partition()
                        && d.sourceOffset() == injection.offset())
                .toList();
        List<Service> parkedBy = parked.stream()
                .filter(p -> injection.topic().equals(p.topic()) && p.partition() == injection.partition()
                        && p.offset() == injection.offset() && p.error() != null && !p.error().isBlank())
                .map(Parked::service).distinct().toList();
        long withReason = letters.stream().filter(d -> d.reason() != null && !d.reason().isBlank()).count();
        if (withReason + parkedBy.size() >= consumers.size() && withReason == letters.size()) {
            return null;
        }
        return injection.describe() + ": refused by " + (withReason + parkedBy.size()) + " of its " + consumers.size()
                + " consumers " + consumers + " (dead letters: " + letters.size() + (withReason < letters.size()
                ? ", " + (letters.size() - withReason) + " without a dead-letter-reason" : "") + "; parked by " + parkedBy
                + "); the others accepted it";
    }

    private static int parseInt(String s) {
        try {
            return s == null ? -1 : Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static long parseLong(String s) {
        try {
            return s == null ? -1 : Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
