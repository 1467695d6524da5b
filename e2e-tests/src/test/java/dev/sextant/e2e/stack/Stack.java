package dev.sextant.e2e.stack;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sextant.contracts.kafka.TopicAdmin;
import dev.sextant.contracts.topic.TopicSpec;
import dev.sextant.testing.TestInfra;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;

/**
 * The six services as child JVMs (their Quarkus fast-jars) over the real Kafka, PostgreSQL and
 * Redis, isolated from anything else running: random free HTTP ports, and one {@link TestInfra}
 * run id that prefixes the topics ({@code sextant.topic-prefix}), suffixes each service's schema
 * ({@code sextant.db.schema=<schema>_<runid>}), prefixes the Redis keys and the consumer groups.
 * The collector replays the fixed window of {@link StackOptions}; its replay starts only on
 * {@link #startReplay()}, once every service is ready.
 *
 * <p>Each service runs from a copy of its {@code target/quarkus-app} in {@code target/e2e-apps/<module>}
 * and logs to {@code target/e2e-logs/<module>.log} (appended across restarts). {@link
 * #close()} stops the services (SIGTERM, then SIGKILL after 20 s), drops the run's schemas and
 * deletes its topics ({@code -De2e.keep=true} keeps them); a JVM shutdown hook kills whatever is
 * still running.
 */
public final class Stack implements AutoCloseable {
    /** How long one service may take to become ready (2 shared cores: a cold start under load is slow). */
    public static final Duration READY_TIMEOUT = Duration.ofMinutes(3);

    /**
     * The services' JVM flags: small and quick to start ({@code ./sextant up}'s defaults), or {@code -De2e.jvm.flags=...}
     * (whitespace-separated, e.g. without {@code -XX:TieredStopAtLevel=1} to measure with the C2 compiler).
     */
    private static final List<String> JVM_FLAGS = List.of(System.getProperty("e2e.jvm.flags",
            "-Xmx160m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k").trim().split("\\s+"));
    /** {@code -De2e.jfr=<dir>} records each service with Java Flight Recorder (profile settings) to {@code <dir>/<module>.jfr}. */
    private static final String JFR_DIR = System.getProperty("e2e.jfr");

    private final StackOptions options;
    private final TestInfra infra;
    private final Path root;
    private final Path logDir;
    private final Path appsDir;
    private final Map<Service, Integer> ports = new EnumMap<>(Service.class);
    /** Read by {@link ReplayThrottle}'s thread too. */
    private final Map<Service, Process> processes = new ConcurrentHashMap<>();
    /** Pids this stack froze (SIGSTOP) and has not thawed yet. */
    private final Map<Long, Service> frozen = new ConcurrentHashMap<>();
    /** Further instances of a service ({@link #startInstance}): "module#n" -> process, and their ports. */
    private final Map<String, Process> instances = new ConcurrentHashMap<>();
    private final Map<String, Integer> instancePorts = new ConcurrentHashMap<>();
    private final Http http = new Http();
    private final Thread shutdownHook = new Thread(this::killAll, "e2e-stack-shutdown");

    private Stack(StackOptions options) {
        this.options = options;
        this.root = Path.of(System.getProperty("sextant.root", "..")).toAbsolutePath().normalize();
        this.logDir = Path.of(System.getProperty("e2e.logs", root.resolve("e2e-tests/target/e2e-logs").toString()));
        this.appsDir = logDir.resolveSibling("e2e-apps");
        this.infra = TestInfra.start();
    }

    /**
     * Creates the run's topics, starts the six services and waits until each answers
     * {@code /q/health/ready}; on a failure, stops what it started and throws with the log tails.
     */
    public static Stack start(StackOptions options) {
        Stack stack = new Stack(options);
        try {
            stack.boot();
            return stack;
        } catch (RuntimeException | Error e) {
            System.err.println(stack.logTails(80));
            stack.close();
            throw e;
        }
    }

    private void boot() {
        for (Service service : Service.values()) {
            Path jar = jar(service);
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(jar + " does not exist: build the services first (./mvnw -B package"
                        + " -pl " + service.module() + ", or ./mvnw verify over the whole reactor, which builds them before e2e-tests)");
            }
            ports.put(service, freePort());
        }
        try {
            Files.createDirectories(logDir);
            for (Service service : Service.values()) {
                snapshot(service);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        infra.createTopics();
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        for (Service service : Service.values()) {
            launch(service);
        }
        for (Service service : Service.values()) {
            awaitReady(service);
        }
    }

    /** The run's isolation: topic prefix, schemas, Redis prefix. */
    /** The checkout whose service jars this stack runs. */
    public Path root() {
        return root;
    }

    public TestInfra infra() {
        return infra;
    }

    public StackOptions options() {
        return options;
    }

    public String runId() {
        return infra.runId();
    }

    /** This run's schema of {@code service}, e.g. {@code execution_t1a2b3c4d}. */
    public String schema(Service service) {
        return infra.schema(service.schema());
    }

    /** Base URL of a service, e.g. {@code http://127.0.0.1:40123}. */
    public String url(Service service) {
        return "http://127.0.0.1:" + ports.get(service);
    }

    public Http http() {
        return http;
    }

    /** The JVM process of a service (its latest incarnation). */
    public Process process(Service service) {
        return processes.get(service);
    }

    /** Starts the collector's replay of the configured window ({@code POST /collector/replay/start}). */
    public void startReplay() {
        Http.Response response = http.post(url(Service.COLLECTOR) + "/collector/replay/start");
        if (response.status() != 202) {
            throw new IllegalStateException("collector refused to start the replay: " + response);
        }
    }

    /** {@code GET /collector/status}. */
    public JsonNode collectorStatus() {
        return http.getJson(url(Service.COLLECTOR) + "/collector/status");
    }

    /** Waits until the collector reports the replay FINISHED. */
    public void awaitReplayFinished(Duration within) {
        await("replay of " + options.totalCandles() + " candles finished").atMost(within).pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    requireAlive(Service.COLLECTOR);
                    return "FINISHED".equals(collectorStatus().path("state").asText());
                });
    }

    /**
     * {@code kill -9}: {@link Process#destroyForcibly()}, which on Linux sends SIGKILL (the JVM gets no
     * chance to run shutdown hooks, close consumers or commit offsets). Waits until it is gone.
     */
    public void kill(Service service) {
        Process process = processes.get(service);
        process.destroyForcibly();
        frozen.remove(process.pid());
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException(service.module() + " did not die within 30 s of SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        appendBanner(service, "killed with SIGKILL (exit " + process.exitValue() + ")");
    }

    /**
     * {@code kill -STOP}: the service's JVM stops where it is (no thread runs; its sockets stay open) until
     * {@link #thaw(Service)}. Does nothing when it is not running.
     */
    public void freeze(Service service) {
        Process process = processes.get(service);
        if (process != null && process.isAlive() && frozen.putIfAbsent(process.pid(), service) == null
                && !Signals.sendIfAlive(process.pid(), "STOP")) {
            frozen.remove(process.pid());
        }
    }

    /** {@code kill -CONT} after {@link #freeze(Service)}. Does nothing when it is not frozen or not running. */
    public void thaw(Service service) {
        Process process = processes.get(service);
        if (process != null && frozen.remove(process.pid()) != null) {
            Signals.sendIfAlive(process.pid(), "CONT");
        }
    }

    /** True while this stack holds the service's current process frozen. */
    public boolean isFrozen(Service service) {
        Process process = processes.get(service);
        return process != null && process.isAlive() && frozen.containsKey(process.pid());
    }

    /** Starts a service again with the same configuration (same port, schema, groups) and waits until it is ready. */
    public void restart(Service service) {
        if (processes.get(service).isAlive()) {
            throw new IllegalStateException(service.module() + " is still running");
        }
        launch(service);
        awaitReady(service);
    }

    /** Resident set size of a service's JVM in KiB ({@code VmRSS} of {@code /proc/<pid>/status}). */
    public long rssKib(Service service) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + processes.get(service).pid() + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("no VmRSS for " + service.module());
    }

    /** The last {@code lines} lines of every service's log. */
    public String logTails(int lines) {
        StringBuilder out = new StringBuilder();
        for (Service service : Service.values()) {
            out.append("\n----- last ").append(lines).append(" lines of ").append(logFile(service)).append(" -----\n");
            out.append(logTail(service, lines));
        }
        return out.toString();
    }

    public String logTail(Service service, int lines) {
        Path file = logFile(service);
        if (!Files.exists(file)) {
            return "(no log)\n";
        }
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size())) + "\n";
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")\n";
        }
    }

    public Path logFile(Service service) {
        return logDir.resolve(service.module() + ".log");
    }

    /** Fails with the service's log tail if its process has exited. */
    public void requireAlive(Service service) {
        Process process = processes.get(service);
        if (process != null && !process.isAlive()) {
            throw new IllegalStateException(service.module() + " exited with " + process.exitValue() + ":\n"
                    + logTail(service, 60));
        }
    }

    private Path jar(Service service) {
        return root.resolve(service.module()).resolve("target/quarkus-app/quarkus-run.jar");
    }

    /** Where a service runs from: the copy {@link #snapshot(Service)} made. */
    private Path runDir(Service service) {
        return appsDir.resolve(service.module());
    }

    /**
     * Copies a service's {@code target/quarkus-app} to {@code target/e2e-apps/<module>} and runs it
     * from there: a rebuild of the module while the stack runs (other work in the same tree) then
     * cannot pull jars from under a running or restarting service.
     */
    private void snapshot(Service service) throws IOException {
        Path source = jar(service).getParent();
        Path target = runDir(service);
        deleteTree(target);
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path copy = target.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(file);
            }
        }
    }

    private void launch(Service service) {
        processes.put(service, start(service, systemProperties(service), logFile(service)));
    }

    /**
     * Starts instance {@code n} (2, 3, ...) of {@code service} beside the first: the same configuration (schema, topics,
     * consumer group), its own HTTP port and log ({@code <module>-<n>.log}); waits until it answers ready (a standby
     * answers ready too). Instances are killed with the stack.
     */
    public void startInstance(Service service, int n) {
        String name = service.module() + "#" + n;
        Process running = instances.get(name);
        if (running != null && running.isAlive()) {
            throw new IllegalStateException(name + " is still running");
        }
        int port = instancePorts.computeIfAbsent(name, k -> freePort());
        Map<String, String> props = systemProperties(service);
        props.put("quarkus.http.port", String.valueOf(port));
        // its Kafka clients are told apart in the consumer groups: <module>-<n>-<channel>
        props.put("mp.messaging.connector.smallrye-kafka.client-id-prefix", service.module() + "-" + n + "-");
        Path log = logDir.resolve(service.module() + "-" + n + ".log");
        instances.put(name, start(service, props, log));
        String ready = instanceUrl(service, n) + "/q/health/ready";
        await(name + " ready at " + ready).atMost(READY_TIMEOUT).pollInterval(Duration.ofSeconds(1)).until(() -> {
            if (!instances.get(name).isAlive()) {
                throw new IllegalStateException(name + " exited with " + instances.get(name).exitValue());
            }
            return http.statusOf(ready) == 200;
        });
    }

    /** Base URL of instance {@code n} of a service (1 is {@link #url(Service)}). */
    public String instanceUrl(Service service, int n) {
        return n == 1 ? url(service) : "http://127.0.0.1:" + instancePorts.get(service.module() + "#" + n);
    }

    /**
     * The role instance {@code n} of a service reports in its {@code instance} readiness check: active, standby or
     * lost; "none" for a service without a lease, "unreachable" when it does not answer.
     */
    public String role(Service service, int n) {
        try {
            JsonNode ready = http.get(instanceUrl(service, n) + "/q/health/ready").json();
            for (JsonNode check : ready.path("checks")) {
                if ("instance".equals(check.path("name").asText())) {
                    return check.path("data").path("role").asText();
                }
            }
            return "none";
        } catch (RuntimeException e) {
            return "unreachable";
        }
    }

    /** The process of instance {@code n} of a service (1 is {@link #process(Service)}). */
    public Process instance(Service service, int n) {
        return n == 1 ? process(service) : instances.get(service.module() + "#" + n);
    }

    private Process start(Service service, Map<String, String> properties, Path log) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_FLAGS);
        if (JFR_DIR != null && !JFR_DIR.isBlank()) {
            command.add("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename="
                    + Path.of(JFR_DIR).toAbsolutePath().resolve(service.module() + ".jfr"));
        }
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-jar");
        command.add(runDir(service).resolve("quarkus-run.jar").toString());
        ProcessBuilder builder = new ProcessBuilder(command).directory(runDir(service).toFile());
        builder.environment().put("SEXTANT_KAFKA_BOOTSTRAP", TestInfra.kafkaBootstrap());
        builder.environment().put("SEXTANT_DB_URL", TestInfra.dbUrl());
        builder.environment().put("SEXTANT_DB_USER", TestInfra.dbUser());
        builder.environment().put("SEXTANT_DB_PASSWORD", TestInfra.dbPassword());
        builder.environment().put("SEXTANT_REDIS_URL", TestInfra.redisUrl());
        builder.redirectErrorStream(true);
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        appendBanner(log, "run " + runId() + ": " + String.join(" ", command));
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + service.module(), e);
        }
    }

    /** The {@code -D} overrides of one service: isolation, port, the replay window, the gateway's peers. */
    Map<String, String> systemProperties(Service service) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("quarkus.http.host", "127.0.0.1");
        props.put("quarkus.http.port", String.valueOf(ports.get(service)));
        props.put("sextant.topic-prefix", infra.topicPrefix());
        props.put("sextant.run-id", runId());
        props.put("sextant.db.schema", schema(service));
        props.put("sextant.redis.key-prefix", infra.redisKeyPrefix());
        props.put("kafka.group.id", runId() + "-" + service.schema());
        // Six JVMs booting at once on 2 shared cores: Flyway's first connection can take longer than the 5 s default.
        props.put("quarkus.datasource.jdbc.acquisition-timeout", "PT60S");
        switch (service) {
            case COLLECTOR -> {
                props.put("sextant.collector.replay.autostart", "false");
                props.put("sextant.collector.replay.symbols", String.join(",", options.symbols()));
                props.put("sextant.collector.replay.interval", options.interval().code());
                props.put("sextant.collector.replay.start", options.start().toString());
                props.put("sextant.collector.replay.end", options.end().toString());
                props.put("sextant.collector.replay.max-candles", String.valueOf(options.candlesPerSymbol()));
                props.put("sextant.collector.replay.pace", options.pace());
                props.put("sextant.collector.replay.retry-delay", "1s");
            }
            case GATEWAY -> {
                props.put("sextant.gateway.default-symbol", options.symbols().get(0));
                props.put("sextant.gateway.services.collector", url(Service.COLLECTOR));
                props.put("sextant.gateway.services.feature", url(Service.FEATURE));
                props.put("sextant.gateway.services.prediction", url(Service.PREDICTION));
                props.put("sextant.gateway.services.risk", url(Service.RISK));
                props.put("sextant.gateway.services.execution", url(Service.EXECUTION));
            }
            default -> { }
        }
        props.putAll(options.overrides().getOrDefault(service, Map.of()));
        return props;
    }

    private void awaitReady(Service service) {
        String ready = url(service) + "/q/health/ready";
        await(service.module() + " ready at " + ready).atMost(READY_TIMEOUT).pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    requireAlive(service);
                    return http.statusOf(ready) == 200;
                });
    }

    private void appendBanner(Service service, String text) {
        appendBanner(logFile(service), text);
    }

    private void appendBanner(Path log, String text) {
        try {
            Files.writeString(log, "\n===== e2e " + Instant.now() + " " + text + " =====\n",
                    StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void killAll() {
        processes.values().forEach(Process::destroyForcibly);
        instances.values().forEach(Process::destroyForcibly);
    }

    /** Sends SIGCONT to whatever this stack froze: a stopped JVM would not act on SIGTERM. */
    private void thawAll() {
        for (Long pid : List.copyOf(frozen.keySet())) {
            frozen.remove(pid);
            try {
                Signals.sendIfAlive(pid, "CONT");
            } catch (RuntimeException e) {
                System.err.println("e2e: could not thaw pid " + pid + ": " + e.getMessage());
            }
        }
    }

    /** Stops the services, then removes the run's schemas and topics unless {@code -De2e.keep=true}. */
    @Override
    public void close() {
        thawAll();
        for (Process process : instances.values()) {
            process.destroy();
        }
        for (Process process : processes.values()) {
            process.destroy();
        }
        for (Process process : instances.values()) {
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
        for (Map.Entry<Service, Process> entry : processes.entrySet()) {
            try {
                if (!entry.getValue().waitFor(20, TimeUnit.SECONDS)) {
                    entry.getValue().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                entry.getValue().destroyForcibly();
            }
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException | IllegalArgumentException e) {
            // already shutting down, or the hook was never added
        }
        if (!Boolean.getBoolean("e2e.keep")) {
            cleanUp();
        } else {
            System.out.println("e2e.keep=true: keeping schemas *_" + runId() + " and topics " + infra.topicPrefix() + "*");
        }
        infra.close();
    }

    private void cleanUp() {
        try {
            infra.dropSchemas(java.util.Arrays.stream(Service.values()).map(Service::schema).toArray(String[]::new));
        } catch (RuntimeException e) {
            System.err.println("e2e: could not drop the run's schemas: " + e.getMessage());
        }
        try (Admin admin = Admin.create(TopicAdmin.adminProperties(TestInfra.kafkaBootstrap()))) {
            List<String> topics = TopicAdmin.catalog(infra.topicPrefix()).stream().map(TopicSpec::name).toList();
            admin.deleteTopics(topics).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            System.err.println("e2e: could not delete the run's topics: " + e.getMessage());
        }
    }
}
