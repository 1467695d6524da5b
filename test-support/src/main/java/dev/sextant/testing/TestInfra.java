package dev.sextant.testing;

import dev.sextant.contracts.event.Event;
import dev.sextant.contracts.json.EventCodec;
import dev.sextant.contracts.kafka.TopicAdmin;
import dev.sextant.contracts.topic.Topics;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The real Kafka, PostgreSQL and Redis that {@code ./sextant infra up} starts, seen by one test run.
 * Each instance has its own {@link #runId()}: its topics are prefixed with it and its database
 * schemas and Redis keys carry it, so a rerun never sees an earlier run's data.
 *
 * <p>Addresses come from the environment ({@code SEXTANT_KAFKA_BOOTSTRAP}, {@code SEXTANT_DB_URL},
 * {@code SEXTANT_DB_USER}, {@code SEXTANT_DB_PASSWORD}, {@code SEXTANT_REDIS_URL}), defaulting to the
 * launcher's ports. The passwords have no default: {@code ./sextant infra up} generates them, and
 * {@code eval "$(./sextant env)"} (or {@code ./sextant test}) puts them in the environment, the Redis
 * one inside {@code SEXTANT_REDIS_URL} ({@code redis://:password@host:port}).
 */
public final class TestInfra implements AutoCloseable {
    private final String runId;
    private KafkaProducer<String, String> producer;

    private TestInfra(String runId) {
        this.runId = runId;
    }

    /** A new isolated run; fails with a clear message when the infrastructure is not up. */
    public static TestInfra start() {
        String runId = "t" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        TestInfra infra = new TestInfra(runId);
        infra.requireReachable();
        return infra;
    }

    public String runId() {
        return runId;
    }

    public String topicPrefix() {
        return runId + ".";
    }

    /** This run's name of a catalog topic. */
    public String topic(String catalogName) {
        return topicPrefix() + catalogName;
    }

    /** A database schema name for this run, e.g. {@code schema("execution")} = {@code execution_t1a2b3c4d}. */
    public String schema(String base) {
        return base + "_" + runId;
    }

    public String redisKeyPrefix() {
        return runId + ":";
    }

    public static String kafkaBootstrap() {
        return env("SEXTANT_KAFKA_BOOTSTRAP", "127.0.0.1:19092");
    }

    public static String dbUrl() {
        return env("SEXTANT_DB_URL", "jdbc:postgresql://127.0.0.1:15432/sextant");
    }

    public static String dbUser() {
        return env("SEXTANT_DB_USER", "sextant");
    }

    /** The database password; fails with what to do when it is not in the environment (it has no default). */
    public static String dbPassword() {
        String value = System.getenv("SEXTANT_DB_PASSWORD");
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(MISSING_CREDENTIALS);
        }
        return value;
    }

    public static String redisUrl() {
        return env("SEXTANT_REDIS_URL", "redis://127.0.0.1:16379");
    }

    /** Creates this run's copy of every catalog topic (and its dead-letter twin). */
    public void createTopics() {
        try (Admin admin = Admin.create(TopicAdmin.adminProperties(kafkaBootstrap()))) {
            TopicAdmin.ensureTopics(admin, TopicAdmin.catalog(topicPrefix()));
        } catch (Exception e) {
            throw new IllegalStateException("cannot create test topics on " + kafkaBootstrap() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Deletes this run's topics (best effort: a broker that refuses is reported, not fatal), so
     * repeated local runs do not pile topics up on the shared broker.
     */
    public void deleteTopics() {
        try (Admin admin = Admin.create(TopicAdmin.adminProperties(kafkaBootstrap()))) {
            List<String> names = TopicAdmin.catalog(topicPrefix()).stream().map(t -> t.name()).toList();
            admin.deleteTopics(names).all().get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            System.err.println("test-support: could not delete the topics of run " + runId + ": " + e.getMessage());
        }
    }

    /**
     * Quarkus configuration that points a service under test at the real infrastructure and
     * isolates it: its topics, its database schema ({@code sextant.db.schema}, which every
     * service's Flyway and datasource use), its Redis key prefix.
     */
    public Map<String, String> quarkusConfig(String schemaBase) {
        return Map.ofEntries(
                Map.entry("kafka.bootstrap.servers", kafkaBootstrap()),
                Map.entry("sextant.topic-prefix", topicPrefix()),
                Map.entry("sextant.run-id", runId),
                Map.entry("quarkus.datasource.jdbc.url", dbUrl()),
                Map.entry("quarkus.datasource.username", dbUser()),
                Map.entry("quarkus.datasource.password", dbPassword()),
                Map.entry("sextant.db.schema", schema(schemaBase)),
                Map.entry("quarkus.redis.hosts", redisUrl()),
                Map.entry("sextant.redis.key-prefix", redisKeyPrefix()),
                Map.entry("kafka.group.id", runId + "-" + schemaBase));
    }

    /** Publishes {@code event} to this run's copy of {@code catalogTopic}, keyed like the services do. */
    public void publish(String catalogTopic, Event event) {
        publishRaw(catalogTopic, event.key(), EventCodec.encode(event));
    }

    /** Publishes an arbitrary payload (e.g. a malformed one) and waits until the broker has it. */
    public void publishRaw(String catalogTopic, String key, String value) {
        try {
            producer().send(new ProducerRecord<>(topic(catalogTopic), key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish to " + topic(catalogTopic), e);
        }
    }

    /** A consumer of this run's copy of {@code catalogTopic}, from the beginning, with its own group. */
    public KafkaConsumer<String, String> consumer(String catalogTopic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrap());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, runId + "-probe-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(topic(catalogTopic)));
        return consumer;
    }

    /** Reads whatever arrives on this run's {@code catalogTopic} within {@code within}, stopping early at {@code atLeast} records. */
    public List<ConsumerRecord<String, String>> read(String catalogTopic, int atLeast, Duration within) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        long deadline = System.nanoTime() + within.toNanos();
        try (KafkaConsumer<String, String> consumer = consumer(catalogTopic)) {
            while (records.size() < atLeast && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    /** Decodes every record's value as {@code type}. */
    public static <T extends Event> List<T> decode(List<ConsumerRecord<String, String>> records, Class<T> type) {
        return records.stream().map(r -> EventCodec.decode(r.value(), type)).toList();
    }

    /**
     * A JDBC connection to the test database. Bounded: connecting gives up after 10 s and a statement after 120 s
     * (socket timeout), so a test's query queued behind a lock (a process the test froze holds a transaction open)
     * fails instead of hanging the test run.
     */
    public static Connection jdbc() throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", dbUser());
        props.setProperty("password", dbPassword());
        props.setProperty("connectTimeout", "10");
        props.setProperty("socketTimeout", "120");
        return DriverManager.getConnection(dbUrl(), props);
    }

    /** The value of a Kafka header as text, or null. */
    public static String header(ConsumerRecord<String, String> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** Drops this run's database schemas created from {@code schemaBases}. */
    public void dropSchemas(String... schemaBases) {
        try (Connection c = jdbc(); var st = c.createStatement()) {
            for (String base : schemaBases) {
                st.execute("DROP SCHEMA IF EXISTS " + schema(base) + " CASCADE");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop test schemas: " + e.getMessage(), e);
        }
    }

    private KafkaProducer<String, String> producer() {
        if (producer == null) {
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrap());
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
        }
        return producer;
    }

    private void requireReachable() {
        dbPassword();
        if (URI.create(redisUrl()).getUserInfo() == null) {
            throw new IllegalStateException(MISSING_CREDENTIALS);
        }
        require("Kafka", hostPort(kafkaBootstrap().split(",")[0]));
        URI db = URI.create(dbUrl().substring("jdbc:".length()));
        require("PostgreSQL", new InetSocketAddress(db.getHost(), db.getPort()));
        URI redis = URI.create(redisUrl());
        require("Redis", new InetSocketAddress(redis.getHost(), redis.getPort()));
    }

    private static InetSocketAddress hostPort(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }

    private static void require(String what, InetSocketAddress address) {
        try (Socket socket = new Socket()) {
            socket.connect(address, 2000);
        } catch (Exception e) {
            throw new IllegalStateException(what + " is not reachable at " + address.getHostString() + ":" + address.getPort()
                    + ". Start the test infrastructure with `./sextant infra up` (or run everything with `./sextant test`).");
        }
    }

    private static final String MISSING_CREDENTIALS = "SEXTANT_DB_PASSWORD is not set, or SEXTANT_REDIS_URL carries no password:"
            + " `./sextant infra up` generates the passwords and `eval \"$(./sextant env)\"` exports them"
            + " (or run everything with `./sextant test`).";

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }

    /** Topics of the catalog, handy for assertions. */
    public static List<String> catalogTopicNames() {
        return Topics.all().stream().map(t -> t.name()).toList();
    }
}
