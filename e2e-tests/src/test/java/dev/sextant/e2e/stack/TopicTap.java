package dev.sextant.e2e.stack;

import dev.sextant.contracts.event.Event;
import dev.sextant.contracts.json.EventCodec;
import dev.sextant.testing.TestInfra;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Everything published on one of the run's topics, read from the beginning without a consumer
 * group (partitions assigned), accumulated across {@link #refresh()} calls. Every record must decode as
 * {@code T} (a record that does not fails the refresh), except those the optional {@code excluded}
 * predicate matches (records a test injected on purpose, e.g. malformed ones): those are kept apart,
 * undecoded, in {@link #excludedRecords()}. Not thread-safe.
 */
public final class TopicTap<T extends Event> implements AutoCloseable {
    private final String topic;
    private final Class<T> type;
    private final KafkaConsumer<String, String> consumer;
    private final List<ConsumerRecord<String, String>> records = new ArrayList<>();
    private final List<T> events = new ArrayList<>();
    private final Predicate<ConsumerRecord<String, String>> excluded;
    private final List<ConsumerRecord<String, String>> excludedRecords = new ArrayList<>();

    public TopicTap(TestInfra infra, String catalogTopic, Class<T> type) {
        this(infra, catalogTopic, type, r -> false);
    }

    public TopicTap(TestInfra infra, String catalogTopic, Class<T> type, Predicate<ConsumerRecord<String, String>> excluded) {
        this.topic = infra.topic(catalogTopic);
        this.type = type;
        this.excluded = excluded;
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.kafkaBootstrap());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Reads whatever was published since the last call (up to the current end offsets); returns every event so far. */
    public List<T> refresh() {
        Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment(), Duration.ofSeconds(30));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!caughtUp(end) && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                if (excluded.test(record)) {
                    excludedRecords.add(record);
                    continue;
                }
                records.add(record);
                events.add(EventCodec.decode(record.value(), type));
            }
        }
        return List.copyOf(events);
    }

    private boolean caughtUp(Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey(), Duration.ofSeconds(30)) >= e.getValue());
    }

    /** The records read so far that the {@code excluded} predicate matched (not decoded, not in {@link #records()}). */
    public List<ConsumerRecord<String, String>> excludedRecords() {
        return List.copyOf(excludedRecords);
    }

    /** Every record read so far (with its Kafka timestamp), in read order. */
    public List<ConsumerRecord<String, String>> records() {
        return List.copyOf(records);
    }

    /** The events read so far. */
    public List<T> events() {
        return List.copyOf(events);
    }

    /** The events read so far of one subtype that match {@code filter}, first copy per event id (redeliveries dropped). */
    public <S extends T> List<S> distinct(Class<S> subtype, Predicate<? super S> filter) {
        Map<String, S> byId = new LinkedHashMap<>();
        for (T event : events) {
            if (subtype.isInstance(event) && filter.test(subtype.cast(event))) {
                byId.putIfAbsent(event.eventId().value(), subtype.cast(event));
            }
        }
        return List.copyOf(byId.values());
    }

    public List<T> distinct() {
        return distinct(type, e -> true);
    }

    public String topic() {
        return topic;
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
