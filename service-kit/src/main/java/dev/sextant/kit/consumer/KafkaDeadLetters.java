package dev.sextant.kit.consumer;

import dev.sextant.contracts.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends refused records to {@code <topic>.dlq} with the headers SmallRye's dead-letter strategy writes
 * ({@code dead-letter-reason}, {@code dead-letter-cause}, {@code dead-letter-topic}, {@code dead-letter-partition},
 * {@code dead-letter-offset}) and {@code dead-letter-consumer} (the refusing service), plus the original headers, the
 * same key and the same value.
 */
public final class KafkaDeadLetters implements DeadLetterSink, AutoCloseable {
    public static final String REASON = "dead-letter-reason";
    public static final String CAUSE = "dead-letter-cause";
    public static final String TOPIC = "dead-letter-topic";
    public static final String PARTITION = "dead-letter-partition";
    public static final String OFFSET = "dead-letter-offset";
    private static final int MAX_REASON = 2000;

    /** The service whose consumer refused the record (see {@link Topics#DLQ_CONSUMER_HEADER}). */
    public static final String CONSUMER = Topics.DLQ_CONSUMER_HEADER;

    private final KafkaProducer<String, String> producer;
    private final byte[] service;

    /**
     * @param kafkaConfig the application's {@code kafka.*} configuration (bootstrap servers, security)
     * @param service     the refusing service's name, written in the {@value #CONSUMER} header
     */
    public KafkaDeadLetters(Map<String, Object> kafkaConfig, String service) {
        this.service = service.getBytes(StandardCharsets.UTF_8);
        Map<String, Object> config = new HashMap<>();
        kafkaConfig.forEach((k, v) -> {
            if (ProducerConfig.configNames().contains(k) || k.startsWith("sasl.") || k.startsWith("ssl.")
                    || k.equals("security.protocol")) {
                config.put(k, v);
            }
        });
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "sextant-dead-letters-" + ProcessHandle.current().pid());
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    @Override
    public CompletableFuture<Void> send(InboundRecord record, String reason, Throwable failure) {
        RecordHeaders headers = new RecordHeaders();
        record.headers().forEach((k, v) -> headers.add(k, v == null ? null : v.getBytes(StandardCharsets.UTF_8)));
        String text = reason == null ? "" : reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) + "…" : reason;
        headers.add(REASON, text.getBytes(StandardCharsets.UTF_8));
        headers.add(CAUSE, failure.getClass().getName().getBytes(StandardCharsets.UTF_8));
        headers.add(TOPIC, record.topic().getBytes(StandardCharsets.UTF_8));
        headers.add(PARTITION, Integer.toString(record.partition()).getBytes(StandardCharsets.UTF_8));
        headers.add(OFFSET, Long.toString(record.offset()).getBytes(StandardCharsets.UTF_8));
        headers.add(CONSUMER, service);
        CompletableFuture<Void> sent = new CompletableFuture<>();
        producer.send(new ProducerRecord<>(Topics.dlq(record.topic()), null, record.key(), record.value(), headers),
                (metadata, error) -> {
                    if (error == null) {
                        sent.complete(null);
                    } else {
                        sent.completeExceptionally(error);
                    }
                });
        return sent;
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
