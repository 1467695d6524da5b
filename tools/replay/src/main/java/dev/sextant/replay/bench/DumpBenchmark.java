package dev.sextant.replay.bench;

import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.event.Interval;
import dev.sextant.contracts.id.Ids;
import dev.sextant.contracts.id.Symbol;
import dev.sextant.contracts.json.EventCodec;
import dev.sextant.replay.ReplayCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine;

/**
 * How fast {@code replay dump} reads: publishes N {@code CandleClosed} events (two symbols, 3 partitions) to a fresh
 * topic of the local broker, then dumps it whole as JSON lines and as CSV, and with an event-time and symbol filter,
 * through the same command line an operator uses, and prints records per second with the machine. The topic is
 * deleted at the end.
 *
 * <pre>
 * ./sextant infra up &amp;&amp; ./mvnw -B -q -pl tools/replay -am package -DskipTests
 * java -cp tools/replay/target/replay-tool.jar dev.sextant.replay.bench.DumpBenchmark [EVENTS]
 * </pre>
 */
public final class DumpBenchmark {

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 300_000;
        String bootstrap = System.getenv().getOrDefault("SEXTANT_KAFKA_BOOTSTRAP", "127.0.0.1:19092");
        String prefix = "dumpbench-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        String topic = prefix + "candles";
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get(60, TimeUnit.SECONDS);
            try {
                publish(bootstrap, topic, events);
                System.out.printf("machine: %s, %d cores, %s; load average %s%n", cpu(), Runtime.getRuntime().availableProcessors(),
                        memory(), load());
                System.out.printf("%d CandleClosed events on %s (3 partitions)%n", events, topic);
                Path dir = Files.createTempDirectory("dumpbench");
                // A first pass warms the JIT and the broker's page cache; the passes after it are measured.
                run(bootstrap, prefix, "warm-up (whole topic, JSON lines)", "dump", "-t", "candles", "-o", dir.resolve("w.jsonl").toString());
                run(bootstrap, prefix, "whole topic, JSON lines", "dump", "-t", "candles", "-o", dir.resolve("a.jsonl").toString());
                run(bootstrap, prefix, "whole topic, CSV", "dump", "-t", "candles", "-f", "csv", "-o", dir.resolve("a.csv").toString());
                run(bootstrap, prefix, "ETHUSDT, one year of event time", "dump", "-t", "candles", "-s", "ETHUSDT",
                        "--from", "2019-01-01", "--to", "2020-01-01", "-o", dir.resolve("b.jsonl").toString());
                try (var files = Files.list(dir)) {
                    for (Path f : files.toList()) {
                        System.out.printf("  %s: %,d bytes%n", f.getFileName(), Files.size(f));
                        Files.delete(f);
                    }
                }
                Files.delete(dir);
            } finally {
                admin.deleteTopics(List.of(topic)).all().get(60, TimeUnit.SECONDS);
            }
        }
    }

    private static void run(String bootstrap, String prefix, String label, String... args) {
        StringWriter err = new StringWriter();
        CommandLine cl = ReplayCommand.commandLine();
        cl.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 2];
        all[0] = args[0];
        all[1] = "--bootstrap=" + bootstrap;
        all[2] = "--prefix=" + prefix;
        System.arraycopy(args, 1, all, 3, args.length - 1);
        int exit = cl.execute(all);
        System.out.printf("%-36s exit %d: %s", label, exit, err);
    }

    private static void publish(String bootstrap, String topic, int events) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(1 << 18));
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        Instant start = Instant.parse("2018-01-01T00:00:00Z");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p)) {
            for (int i = 0; i < events; i++) {
                Symbol symbol = Symbol.of(i % 2 == 0 ? "BTCUSDT" : "ETHUSDT");
                Instant open = start.plusSeconds(3600L * (i / 2));
                Instant close = open.plusSeconds(3600).minusMillis(1);
                BigDecimal price = BigDecimal.valueOf(10_000 + (i % 5000), 2);
                CandleClosed c = new CandleClosed(Ids.candleId("binance", symbol, Interval.H1, open), close,
                        close.plusMillis(7), null, CandleClosed.SCHEMA_VERSION, "binance", symbol, Interval.H1, open, close,
                        price, price.add(BigDecimal.TEN), price.subtract(BigDecimal.TEN), price.add(BigDecimal.ONE),
                        new BigDecimal("123.456"), new BigDecimal("1234567.89"), 1000 + i % 100);
                producer.send(new ProducerRecord<>(topic, symbol.value(), EventCodec.encodeBytes(c)));
            }
            producer.flush();
        }
    }

    private static String cpu() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("cpu unknown");
        } catch (Exception e) {
            return "cpu unknown";
        }
    }

    private static String memory() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).getFirst().replaceAll("\\s+", " ");
        } catch (Exception e) {
            return "memory unknown";
        }
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (Exception e) {
            return "unknown";
        }
    }
}
