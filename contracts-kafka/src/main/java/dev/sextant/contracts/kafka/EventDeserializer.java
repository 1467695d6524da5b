package dev.sextant.contracts.kafka;

import dev.sextant.contracts.event.Event;
import dev.sextant.contracts.json.EventCodec;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kafka deserializer of one event type. Kafka instantiates deserializers by class name, so each
 * topic's payload type has a subclass in {@link EventDeserializers}; this base reads any event.
 */
public class EventDeserializer<T extends Event> implements Deserializer<T> {
    private final Class<T> type;

    protected EventDeserializer(Class<T> type) {
        this.type = type;
    }

    @SuppressWarnings("unchecked")
    public EventDeserializer() {
        this((Class<T>) Event.class);
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        return data == null ? null : EventCodec.decode(data, type);
    }
}
