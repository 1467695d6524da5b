package dev.sextant.contracts.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sextant.contracts.EventTypes;
import dev.sextant.contracts.TestEvents;
import dev.sextant.contracts.event.ControlEvent;
import dev.sextant.contracts.event.Event;
import dev.sextant.contracts.event.OrderEvent;
import dev.sextant.contracts.json.EventCodec;
import dev.sextant.contracts.json.EventDecodingException;
import dev.sextant.contracts.topic.TopicSpec;
import dev.sextant.contracts.topic.Topics;
import java.lang.reflect.ParameterizedType;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every event (every {@link TestEvents#variants() variant}) travels through the Kafka serdes of its
 * topic unchanged; a topic's deserializer refuses another topic's event and anything that is not
 * a JSON object.
 */
class KafkaSerdesTest {
    private static final EventSerializer SERIALIZER = new EventSerializer();

    static Stream<Event> events() {
        return TestEvents.variants().stream();
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("events")
    void travelsThroughTheKafkaSerdesOfItsTopic(Event event) throws ReflectiveOperationException {
        TopicSpec topic = EventTypes.topicOf(event.getClass());
        byte[] bytes = SERIALIZER.serialize(topic.name(), event);
        assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(EventCodec.encode(event));

        EventDeserializer<?> deserializer = deserializersByPayload().get(topic.payload());
        assertThat(deserializer).as("EventDeserializers has no class for %s", topic.payload().getSimpleName()).isNotNull();
        assertThat(deserializer.deserialize(topic.name(), bytes)).isEqualTo(event);
        assertThat(new EventDeserializer<Event>().deserialize(topic.name(), bytes)).isEqualTo(event);
    }

    @Test
    void everyMainTopicHasADeserializerForItsPayloadType() throws ReflectiveOperationException {
        Map<Class<?>, EventDeserializer<?>> deserializers = deserializersByPayload();
        for (TopicSpec topic : Topics.main()) {
            assertThat(deserializers).as(topic.name()).containsKey(topic.payload());
        }
    }

    @Test
    void aTopicsDeserializerRefusesAnotherTopicsEvent() throws ReflectiveOperationException {
        byte[] candle = SERIALIZER.serialize(Topics.CANDLES, TestEvents.candle());
        EventDeserializer<?> orders = deserializersByPayload().get(OrderEvent.class);
        assertThat(catchThrowableOfType(EventDecodingException.class,
                () -> orders.deserialize(Topics.ORDERS, candle)).field()).isEqualTo("type");
        EventDeserializer<?> control = deserializersByPayload().get(ControlEvent.class);
        assertThat(control.deserialize(Topics.CONTROL,
                SERIALIZER.serialize(Topics.CONTROL, TestEvents.pauseRequested()))).isEqualTo(TestEvents.pauseRequested());
    }

    @Test
    void kafkaNullsStayNull() {
        assertThat(SERIALIZER.serialize(Topics.CANDLES, null)).isNull();
        assertThat(new EventDeserializers.Candles().deserialize(Topics.CANDLES, null)).isNull();
    }

    /** One deserializer per payload type, as declared in {@link EventDeserializers}. */
    static Map<Class<?>, EventDeserializer<?>> deserializersByPayload() throws ReflectiveOperationException {
        Map<Class<?>, EventDeserializer<?>> byPayload = new HashMap<>();
        for (Class<?> nested : EventDeserializers.class.getDeclaredClasses()) {
            ParameterizedType parent = (ParameterizedType) nested.getGenericSuperclass();
            Class<?> payload = (Class<?>) parent.getActualTypeArguments()[0];
            EventDeserializer<?> previous = byPayload.put(payload,
                    (EventDeserializer<?>) nested.getConstructor().newInstance());
            assertThat(previous).as("two deserializers for %s", payload.getSimpleName()).isNull();
        }
        return byPayload;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"hello", "null", "42", "\"CandleClosed\"", "true", "[]", "[{\"type\":\"CandleClosed\"}]"})
    void refusesWhatIsNotAJsonObject(String payload) {
        assertThat(catchThrowableOfType(EventDecodingException.class,
                () -> new EventDeserializers.Candles().deserialize("candles", payload.getBytes(StandardCharsets.UTF_8))))
                .isNotNull();
    }
}
