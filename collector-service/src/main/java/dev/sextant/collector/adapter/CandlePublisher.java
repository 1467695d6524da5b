package dev.sextant.collector.adapter;

import dev.sextant.collector.domain.Rejection;
import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.topic.Topics;
import dev.sextant.kit.Channels;
import dev.sextant.kit.EventMessages;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Publishes candles to {@code candles} and rejected rows to {@code candles.dlq}. The replay is not
 * an {@code @Incoming}, so SmallRye's dead-letter strategy does not apply: dead letters go through
 * the same outgoing channel with the topic set per message, the headers SmallRye would write and
 * the raw row as value. Each send returns a future completed when the broker acknowledged it.
 */
@ApplicationScoped
public class CandlePublisher {
    /** The outgoing channel of the candles (wired to the catalog topic by service-kit). */
    public static final String CANDLES_CHANNEL = Channels.CANDLES_OUT;
    /** Room in the emitter for a full batch of in-flight messages (the replay caps a batch below this). */
    static final int EMITTER_BUFFER = 4096;

    private final Emitter<String> emitter;
    private final String topicPrefix;

    public CandlePublisher(
            @Channel(CANDLES_CHANNEL) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = EMITTER_BUFFER)
                    Emitter<String> emitter,
            @ConfigProperty(name = "sextant.topic-prefix") Optional<String> topicPrefix) {
        this.emitter = emitter;
        this.topicPrefix = topicPrefix.orElse("");
    }

    /** Publishes {@code candle} (key = symbol); completes on the broker's acknowledgement. */
    public CompletableFuture<Void> publish(CandleClosed candle) {
        return send(EventMessages.of(candle));
    }

    /** Sends a rejected row to the dead-letter topic with its reason; completes on acknowledgement. */
    public CompletableFuture<Void> deadLetter(Rejection rejection) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(Topics.DLQ_REASON_HEADER, rejection.message().getBytes(StandardCharsets.UTF_8));
        headers.add(Topics.DLQ_SOURCE_TOPIC_HEADER, (topicPrefix + Topics.CANDLES).getBytes(StandardCharsets.UTF_8));
        Message<String> message = Message.of(rejection.raw()).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(dlqTopic())
                .withKey(rejection.symbol().value())
                .withHeaders(headers)
                .build());
        return send(message);
    }

    /** This deployment's dead-letter topic of the candles. */
    public String dlqTopic() {
        return topicPrefix + Topics.dlq(Topics.CANDLES);
    }

    private CompletableFuture<Void> send(Message<String> message) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        emitter.send(message
                .withAck(() -> {
                    acked.complete(null);
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(failure -> {
                    acked.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                }));
        return acked;
    }
}
