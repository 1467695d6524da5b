package dev.sextant.kit;

import dev.sextant.contracts.event.Event;
import dev.sextant.contracts.json.EventCodec;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Turns an event into the Kafka message the platform publishes: key = symbol, JSON value, type header. */
public final class EventMessages {
    /** Kafka header naming the event type, for tools that route without parsing the JSON. */
    public static final String TYPE_HEADER = "sextant-event-type";

    private EventMessages() {}

    public static Message<String> of(Event event) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(TYPE_HEADER, event.getClass().getSimpleName().getBytes(StandardCharsets.UTF_8));
        return Message.of(EventCodec.encode(event)).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(event.key())
                .withHeaders(headers)
                .build());
    }
}
