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
 * Wires a service's SmallRye channels to their Kafka topics from the catalog in {@link Topics}, so
 * no properties file spells a topic name. A service lists the catalog topics it reads and writes:
 * <pre>
 * sextant.messaging.incoming=candles,control
 * sextant.messaging.outgoing=features
 * </pre>
 * and gets, for each (with the optional {@code sextant.topic-prefix}, which tests use to isolate a run):
 * <ul>
 *   <li>incoming {@code T}: {@code mp.messaging.incoming.T.topic=T}, consumed in batches of up to 500 records that
 *       the consumer policy ({@link dev.sextant.kit.consumer.ConsumerPolicy}) processes, dead-letters to
 *       {@code T.dlq} or parks, keys and values as strings (the services decode JSON with {@code EventCodec}),
 *       commits after processing;</li>
 *   <li>outgoing {@code T}: channel {@code T-out} ({@link Channels}) to topic {@code T}, string key and
 *       value, idempotent producer, acks=all.</li>
 * </ul>
 * Only listed channels are configured (SmallRye refuses configured channels that the application does
 * not use). An unknown name stops start-up with a message. Its ordinal (150) is below
 * application.properties (250), so a service can still override any key.
 */
public class TopicChannelsConfigSourceFactory implements ConfigSourceFactory {
    public static final String PREFIX_PROPERTY = "sextant.topic-prefix";
    /** The connector's poll timeout (ms) for every incoming channel (see {@link #properties}); default 20. */
    public static final String POLL_TIMEOUT_PROPERTY = "sextant.messaging.poll-timeout-ms";
    public static final int POLL_TIMEOUT_MS = 20;
    public static final String INCOMING_PROPERTY = "sextant.messaging.incoming";
    public static final String OUTGOING_PROPERTY = "sextant.messaging.outgoing";
    static final int ORDINAL = 150;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        String prefix = value(context, PREFIX_PROPERTY);
        String timeout = value(context, POLL_TIMEOUT_PROPERTY);
        int pollTimeout;
        try {
            pollTimeout = timeout.isEmpty() ? POLL_TIMEOUT_MS : Integer.parseInt(timeout);
        } catch (NumberFormatException e) {
            pollTimeout = -1;
        }
        if (pollTimeout < 1) {
            throw new IllegalArgumentException(POLL_TIMEOUT_PROPERTY + " must be a positive number of milliseconds, got '"
                    + timeout + "'");
        }
        Map<String, String> props = properties(prefix, names(value(context, INCOMING_PROPERTY), INCOMING_PROPERTY),
                names(value(context, OUTGOING_PROPERTY), OUTGOING_PROPERTY), pollTimeout);
        return List.of(new MapBackedConfigSource("sextant-topic-catalog", props, ORDINAL) {});
    }

    private static String value(ConfigSourceContext context, String name) {
        ConfigValue value = context.getValue(name);
        return value == null || value.getValue() == null ? "" : value.getValue().trim();
    }

    /** The catalog topics named in a comma-separated list; an unknown name is a configuration error. */
    static List<TopicSpec> names(String list, String property) {
        List<TopicSpec> specs = new java.util.ArrayList<>();
        for (String raw : list.split(",")) {
            String name = raw.trim();
            if (name.isEmpty()) {
                continue;
            }
            TopicSpec spec = Topics.main().stream().filter(t -> t.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(property + " names '" + name
                            + "', which is not a topic of the catalog; use some of: "
                            + Topics.main().stream().map(TopicSpec::name).toList()));
            specs.add(spec);
        }
        return specs;
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(ORDINAL);
    }

    /** The channel properties of the given incoming and outgoing topics, with {@code prefix} before each topic name. */
    public static Map<String, String> properties(String prefix, List<TopicSpec> incoming, List<TopicSpec> outgoing) {
        return properties(prefix, incoming, outgoing, POLL_TIMEOUT_MS);
    }

    /** The same, with the incoming channels' poll timeout in milliseconds. */
    public static Map<String, String> properties(String prefix, List<TopicSpec> incoming, List<TopicSpec> outgoing,
                                                 int pollTimeoutMs) {
        Map<String, String> props = new HashMap<>();
        for (TopicSpec spec : incoming) {
            String topic = prefix + spec.name();
            String in = "mp.messaging.incoming." + spec.name() + ".";
            props.put(in + "topic", topic);
            props.put(in + "key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
            props.put(in + "value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
            // Batches: the consumer policy (dev.sextant.kit.consumer.ConsumerPolicy) dead-letters, parks and retries
            // record by record itself and acknowledges a batch once it is durable. A failure escaping it is a defect of
            // the policy: the channel stops (health DOWN) rather than dead-lettering a whole batch.
            props.put(in + "batch", "true");
            props.put(in + "max.poll.records", "500");
            props.put(in + "failure-strategy", "fail");
            props.put(in + "auto.offset.reset", "earliest");
            props.put(in + "enable.auto.commit", "false");
            props.put(in + "commit-strategy", "throttled");
            // The policy holds a batch for as long as our infrastructure fails (retried with back-off), and on a loaded
            // machine a polled batch waits behind slower ones: the connector's own limit (a record unacknowledged for
            // 60 s fails the channel for good, health DOWN) would stop a healthy consumer. The policy reports a retrying
            // or stalled consumer itself (consumer-policy health, sextant_consumer_* metrics).
            props.put(in + "throttled.unprocessed-record-max-age.ms", "0");
            // While a batch is processed the connector pauses the consumer, and a paused poll blocks for the whole poll
            // timeout (1 s by default) before the resumed consumer fetches again: up to a second added at every hop
            // (candle -> decision latency, execution's answers to risk's approvals). 20 ms (sextant.messaging.poll-timeout-ms)
            // bounds that, at the cost of more polls while idle or paused.
            props.put(in + "poll-timeout", String.valueOf(pollTimeoutMs));
        }
        for (TopicSpec spec : outgoing) {
            String topic = prefix + spec.name();

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
