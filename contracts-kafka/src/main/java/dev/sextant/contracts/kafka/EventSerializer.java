package dev.sextant.contracts.kafka;

import dev.sextant.contracts.event.Event;
import dev.sextant.contracts.json.EventCodec;
import org.apache.kafka.common.serialization.Serializer;

/** Kafka serializer of any event, in the platform's JSON form. */
public class EventSerializer implements Serializer<Event> {
    @Override
    public byte[] serialize(String topic, Event event) {
        return event == null ? null : EventCodec.encodeBytes(event);
    }
}
