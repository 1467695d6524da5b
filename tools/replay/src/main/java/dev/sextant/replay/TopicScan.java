package dev.sextant.replay;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a bounded slice of topics: from a start position per partition up to the end offsets taken when the scan
 * starts (records produced later are not read, so a scan of a live topic ends). It belongs to no consumer group and
 * commits nothing: scanning never moves a service's position.
 */
public final class TopicScan implements AutoCloseable {

    /** Where a partition's scan starts and ends (end exclusive). */
    public record Range(TopicPartition partition, long from, long to) {}

    private final KafkaConsumer<byte[], byte[]> consumer;

    public TopicScan(Properties clientProperties) {
        Properties props = new Properties();
        props.putAll(clientProperties);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        props.putIfAbsent(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, "1");
        props.putIfAbsent(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(8 << 20));
        props.putIfAbsent(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, String.valueOf(64 << 20));
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.consumer = new KafkaConsumer<>(props);
    }

    /** The partitions of {@code topic}; fails with a sentence naming the topic if it does not exist. */
    public List<TopicPartition> partitions(String topic) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
        if (infos == null || infos.isEmpty()) {
            throw new IllegalArgumentException("topic " + topic + " does not exist on the broker");
        }
        List<TopicPartition> out = new ArrayList<>();
        for (PartitionInfo info : infos) {
            out.add(new TopicPartition(topic, info.partition()));
        }
        out.sort((a, b) -> Integer.compare(a.partition(), b.partition()));
        return out;
    }

    public Map<TopicPartition, Long> beginningOffsets(List<TopicPartition> partitions) {
        return consumer.beginningOffsets(partitions, Duration.ofSeconds(30));
    }

    public Map<TopicPartition, Long> endOffsets(List<TopicPartition> partitions) {
        return consumer.endOffsets(partitions, Duration.ofSeconds(30));
    }

    /** The first offset per partition whose record timestamp is at or after {@code time} (the end offset if none). */
    public Map<TopicPartition, Long> offsetsAt(List<TopicPartition> partitions, Instant time) {
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(p -> query.put(p, time.toEpochMilli()));
        Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query, Duration.ofSeconds(30));
        Map<TopicPartition, Long> ends = endOffsets(partitions);
        Map<TopicPartition, Long> out = new HashMap<>();
        for (TopicPartition p : partitions) {
            OffsetAndTimestamp o = found.get(p);
            out.put(p, o == null ? ends.get(p) : o.offset());
        }
        return out;
    }

    /**
     * Reads every record of the ranges, partition by partition in offset order (records of different partitions
     * interleave as the broker returns them) until {@code sink} answers false. Returns the number of records read.
     */
    public long read(List<Range> ranges, Predicate<ConsumerRecord<byte[], byte[]>> sink) {
        Map<TopicPartition, Long> ends = new HashMap<>();
        List<TopicPartition> assigned = new ArrayList<>();
        for (Range r : ranges) {
            if (r.from() < r.to()) {
                ends.put(r.partition(), r.to());
                assigned.add(r.partition());
            }
        }
        if (assigned.isEmpty()) {
            return 0;
        }
        consumer.assign(assigned);
        for (Range r : ranges) {
            if (r.from() < r.to()) {
                consumer.seek(r.partition(), r.from());
            }
        }
        long read = 0;
        int idlePolls = 0;
        boolean more = true;
        while (more && !ends.isEmpty()) {
            ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(500));
            if (records.isEmpty()) {
                // Offsets below the end may be gone (retention) or be transaction markers: the position tells.
                for (TopicPartition p : List.copyOf(ends.keySet())) {
                    if (consumer.position(p, Duration.ofSeconds(30)) >= ends.get(p)) {
                        ends.remove(p);
                        consumer.pause(List.of(p));
                    }
                }
                if (++idlePolls > 120 && !ends.isEmpty()) {
                    throw new IllegalStateException("no record arrived for 60 s before the end of " + ends.keySet());
                }
                continue;
            }
            idlePolls = 0;
            for (TopicPartition p : records.partitions()) {
                Long end = ends.get(p);
                if (end == null) {
                    continue;
                }
                for (ConsumerRecord<byte[], byte[]> rec : records.records(p)) {
                    if (rec.offset() >= end || !more) {
                        break;
                    }
                    read++;
                    more = sink.test(rec);
                }
                if (consumer.position(p) >= end) {
                    ends.remove(p);
                    consumer.pause(List.of(p));
                }
            }
        }
        consumer.unsubscribe();
        return read;
    }

    /** The record at {@code offset} of {@code partition}, or null if it is no longer on the broker. */
    public ConsumerRecord<byte[], byte[]> fetch(TopicPartition partition, long offset) {
        ConsumerRecord<byte[], byte[]>[] found = new ConsumerRecord[1];
        read(List.of(new Range(partition, offset, offset + 1)), rec -> {
            if (rec.offset() == offset) {
                found[0] = rec;
            }
            return false;
        });
        return found[0];
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
