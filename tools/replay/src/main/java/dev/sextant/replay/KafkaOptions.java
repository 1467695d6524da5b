package dev.sextant.replay;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import picocli.CommandLine.Option;

/** How to reach the broker, shared by every subcommand. */
public final class KafkaOptions {

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT",
            defaultValue = "${env:SEXTANT_KAFKA_BOOTSTRAP:-127.0.0.1:19092}",
            description = "Kafka bootstrap servers (default: $SEXTANT_KAFKA_BOOTSTRAP, else ${DEFAULT-VALUE}).")
    String bootstrap;

    @Option(names = "--prefix", paramLabel = "P", defaultValue = "${env:SEXTANT_TOPIC_PREFIX:-}",
            description = "Topic prefix of the deployment (sextant.topic-prefix; default none).")
    String prefix = "";

    @Option(names = "--kafka-config", paramLabel = "FILE",
            description = "Extra Kafka client properties (e.g. security.protocol, sasl.mechanism, sasl.jaas.config).")
    Path kafkaConfig;

    /** The client properties: bootstrap, then the file's, which may override anything. */
    public Properties clientProperties(String clientId) {
        Properties props = new Properties();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
        if (kafkaConfig != null) {
            try (Reader r = Files.newBufferedReader(kafkaConfig)) {
                props.load(r);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read --kafka-config " + kafkaConfig + ": " + e.getMessage(), e);
            }
        }
        return props;
    }

    /** The deployment's name of a catalog topic (or of any topic name given as is). */
    public String topic(String name) {
        return prefix == null ? name : prefix + name;
    }

    public String prefix() {
        return prefix == null ? "" : prefix;
    }
}
