package dev.sextant.collector.adapter;

import dev.sextant.testing.TestInfra;
import java.util.List;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/** Exact record counts of this run's topics (end offsets; the producer is idempotent and not transactional). */
final class InfraProbe {
    private InfraProbe() {}

    static long recordCount(TestInfra infra, String catalogTopic) {
        try (KafkaConsumer<String, String> consumer = infra.consumer(catalogTopic)) {
            List<TopicPartition> partitions = consumer.partitionsFor(infra.topic(catalogTopic)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        }
    }
}
