package dev.sextant.kit;

import dev.sextant.contracts.topic.TopicSpec;
import dev.sextant.contracts.topic.Topics;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.common.MapBackedConfigSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Wires every SmallRye channel to its Kafka topic from the catalog in {@link Topics}, so no
 * properties file spells a topic name. For each topic {@code T} (with the optional
 * {@code sextant.topic-prefix}, which tests use to isolate a run):
 * <ul>
 *   <li>{@code mp.messaging.incoming.T.topic=T}, failure strategy dead-letter-queue to {@code T.dlq},
 *       keys and values as strings (the services decode JSON with {@code EventCodec}), manual commit after processing;</li>
 *   <li>{@code mp.messaging.outgoing.T-out.topic=T}, string key and value, idempotent producer, acks=all.</li>
 * </ul>
 * Its ordinal (150) is below application.properties (250), so a service can still override any key.
 */
public class TopicChannelsConfigSourceFactory implements ConfigSourceFactory {
    public static final String PREFIX_PROPERTY = "sextant.topic-prefix";
    static final int ORDINAL = 150;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue prefixValue = context.getValue(PREFIX_PROPERTY);
        String prefix = prefixValue == null || prefixValue.getValue() == null ? "" : prefixValue.getValue();
        return List.of(new MapBackedConfigSource("sextant-topic-catalog", properties(prefix), ORDINAL) {});
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(ORDINAL);
    }

    /** The channel properties for every catalog topic, with {@code prefix} before each topic name. */
    public static Map<String, String> properties(String prefix) {
        Map<String, String> props = new HashMap<>();
        for (TopicSpec spec : Topics.main()) {
            String topic = prefix + spec.name();
            String in = "mp.messaging.incoming." + spec.name() + ".";
            props.put(in + "topic", topic);
            props.put(in + "key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
            props.put(in + "value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
            props.put(in + "failure-strategy", "dead-letter-queue");
            props.put(in + "dead-letter-queue.topic", prefix + spec.dlqName());
            props.put(in + "dead-letter-queue.key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
            props.put(in + "dead-letter-queue.value.serializer", "org.apache.kafka.common.serialization.StringSerializer");
            props.put(in + "auto.offset.reset", "earliest");
            props.put(in + "enable.auto.commit", "false");
            props.put(in + "commit-strategy", "throttled");

            String out = "mp.messaging.outgoing." + spec.name() + Channels.OUT_SUFFIX + ".";
            props.put(out + "topic", topic);
            props.put(out + "key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
            props.put(out + "value.serializer", "org.apache.kafka.common.serialization.StringSerializer");
            props.put(out + "acks", "all");
            props.put(out + "enable.idempotence", "true");
        }
        return props;
    }
}
