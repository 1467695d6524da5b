package dev.sextant.e2e.chaos;

import static org.awaitility.Awaitility.await;

import dev.sextant.contracts.kafka.TopicAdmin;
import dev.sextant.e2e.stack.Signals;
import dev.sextant.testing.TestInfra;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The infrastructure a chaos test may break, and how to bring it back: the Kafka broker, PostgreSQL and
 * Redis that {@code ./sextant infra up} started with state in {@code $SEXTANT_HOME}, and only if they are
 * the very ones the test was given ({@code SEXTANT_KAFKA_BOOTSTRAP}, {@code SEXTANT_DB_URL},
 * {@code SEXTANT_REDIS_URL}): the pid in {@code $SEXTANT_HOME/run/<name>.pid} must be the process that
 * listens on that address's port (its listening socket is among the process's open files), or nothing is
 * touched. Started again with the same launcher, state folder and ports ({@code ./sextant infra up}, which
 * starts only what is not running).
 *
 * <p>The broker is killed with SIGKILL, PostgreSQL is restarted (SIGINT to the postmaster: a fast
 * shutdown, which disconnects every client and aborts their transactions; then started again), Redis is
 * frozen with SIGSTOP and thawed with SIGCONT. {@link #restoreAll()} brings back whatever is down or frozen
 * and waits until each answers again: call it whatever happens (a JVM shutdown hook thaws Redis too).
 */
public final class InfraControl {
    /** How long {@code ./sextant infra up} may take to bring a component back (2 loaded cores). */
    private static final Duration LAUNCHER_TIMEOUT = Duration.ofMinutes(5);

    private final Path root;
    private final Path home;
    private final Path log;
    private final int kafkaPort;
    private final int controllerPort;
    private final int pgPort;
    private final int redisPort;
    private final Integer prometheusPort;
    private volatile Long frozenRedis;
    private final Thread thawHook = new Thread(this::thawRedisQuietly, "chaos-thaw-redis");

    private InfraControl(Path root, Path home, Path log) {
        this.root = root;
        this.home = home;
        this.log = log;
        this.kafkaPort = hostPort(TestInfra.kafkaBootstrap().split(",")[0]).getPort();
        this.pgPort = URI.create(TestInfra.dbUrl().substring("jdbc:".length())).getPort();
        this.redisPort = URI.create(TestInfra.redisUrl()).getPort();
        this.controllerPort = controllerPort(home);
        this.prometheusPort = prometheusPort(home);
    }

    /**
     * The state folder of the infrastructure the test may break: {@code -Dchaos.sextant-home}, else
     * {@code $SEXTANT_HOME} (which {@code ./sextant} exports, so {@code ./sextant test} sets it); empty when
     * neither is set.
     */
    public static Optional<Path> configuredHome() {
        String home = System.getProperty("chaos.sextant-home");
        if (home == null || home.isBlank()) {
            home = System.getenv("SEXTANT_HOME");
        }
        return home == null || home.isBlank() ? Optional.empty() : Optional.of(Path.of(home).toAbsolutePath().normalize());
    }

    /**
     * Control of the infrastructure in {@code home}, after checking that its broker, database and Redis are
     * the ones at the test's addresses; fails with the reason otherwise.
     *
     * @param root the repository root (its {@code ./sextant} restarts what the test stops)
     * @param log  file the launcher's output is appended to
     */
    public static InfraControl of(Path root, Path home, Path log) {
        InfraControl control = new InfraControl(root, home, log);
        control.verify();
        Runtime.getRuntime().addShutdownHook(control.thawHook);
        return control;
    }

    private void verify() {
        List<String> problems = new ArrayList<>();
        if (!Files.isExecutable(root.resolve("sextant"))) {
            problems.add("no launcher at " + root.resolve("sextant"));
        }
        if (prometheusPort == null) {
            problems.add("prometheus: its port is unknown (not running, and SEXTANT_PROMETHEUS_URL is not set), so"
                    + " ./sextant infra up could not be run for this state folder");
        }
        for (Component c : Component.values()) {
            try {
                pidOf(c);
            } catch (IllegalStateException e) {
                problems.add(e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("ChaosIT breaks only the infrastructure it was given and can restart; "
                    + "the one in " + home + " is not it: " + String.join("; ", problems)
                    + ". Run it with ./sextant test, or with SEXTANT_HOME set to the state folder of the infrastructure"
                    + " whose addresses are in SEXTANT_KAFKA_BOOTSTRAP, SEXTANT_DB_URL and SEXTANT_REDIS_URL.");
        }
    }

    /** The three components a chaos test breaks. */
    public enum Component {
        KAFKA("kafka"), POSTGRES("postgres"), REDIS("redis");

        final String name;

        Component(String name) {
            this.name = name;
        }
    }

    private int port(Component c) {
        return switch (c) {
            case KAFKA -> kafkaPort;
            case POSTGRES -> pgPort;
            case REDIS -> redisPort;
        };
    }

    /**
     * The pid recorded in {@code run/<name>.pid}, checked to be alive and listening on the component's port
     * (a listening socket on that port is among its open files).
     */
    public long pidOf(Component c) {
        Path pidFile = home.resolve("run").resolve(c.name + ".pid");
        long pid;
        try {
            pid = Long.parseLong(Files.readString(pidFile).trim().split("\\s+")[0]);
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException(c.name + ": no readable pid in " + pidFile);
        }
        if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            throw new IllegalStateException(c.name + ": pid " + pid + " of " + pidFile + " is not running");
        }
        if (!listensOn(pid, port(c))) {
            throw new IllegalStateException(c.name + ": pid " + pid + " of " + pidFile + " does not listen on port "
                    + port(c) + " (the test's address)");
        }
        return pid;
    }

    /** True when the component's recorded process is alive and listening on its port. */
    public boolean isUp(Component c) {
        try {
            pidOf(c);
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    /** kill -9 of the broker; returns its pid. */
    public long killBroker() {
        long pid = pidOf(Component.KAFKA);
        Signals.send(pid, "KILL");
        awaitGone(pid, Duration.ofSeconds(30));
        note("kafka (pid " + pid + ") killed with SIGKILL");
        return pid;
    }

    /** PostgreSQL stopped with a fast shutdown (SIGINT to the postmaster: clients disconnected); returns its pid. */
    public long stopPostgres() {
        long pid = pidOf(Component.POSTGRES);
        Signals.send(pid, "INT");
        awaitGone(pid, Duration.ofSeconds(60));
        note("postgres (pid " + pid + ") stopped (SIGINT, fast shutdown)");
        return pid;
    }

    /** SIGSTOP to Redis (thawed by {@link #thawRedis()}, {@link #restoreAll()} or the JVM's exit); returns its pid. */
    public long freezeRedis() {
        long pid = pidOf(Component.REDIS);
        frozenRedis = pid;
        Signals.send(pid, "STOP");
        note("redis (pid " + pid + ") frozen with SIGSTOP");
        return pid;
    }

    /** SIGCONT to the Redis this control froze. */
    public void thawRedis() {
        Long pid = frozenRedis;
        if (pid != null) {
            Signals.sendIfAlive(pid, "CONT");
            frozenRedis = null;
            note("redis (pid " + pid + ") thawed with SIGCONT");
        }
    }

    private void thawRedisQuietly() {
        try {
            thawRedis();
        } catch (RuntimeException e) {
            // the JVM is going away
        }
    }

    /**
     * {@code ./sextant infra up} with this state folder and these ports: starts what is not running (the
     * catalog topics are not touched: {@code SEXTANT_SKIP_TOPICS=1}), then waits until the broker,
     * PostgreSQL and Redis answer.
     */
    public void startWhatIsDown() {
        List<String> down = new ArrayList<>();
        for (Component c : Component.values()) {
            if (!isUp(c)) {
                down.add(c.name);
            }
        }
        if (!down.isEmpty()) {
            note("./sextant infra up (down: " + down + ")");
            runLauncher("infra", "up");
        }
        awaitHealthy(LAUNCHER_TIMEOUT);
    }

    /** Thaws Redis and starts whatever is down; then everything answers (or this throws). */
    public void restoreAll() {
        thawRedis();
        startWhatIsDown();
    }

    /** Waits until the broker answers metadata requests, PostgreSQL a query and Redis a PING. */
    public void awaitHealthy(Duration within) {
        await("kafka, postgres and redis of " + home + " answering").atMost(within).pollInterval(Duration.ofMillis(500))
                .ignoreExceptions().until(() -> brokerAnswers() && postgresAnswers() && redisAnswers());
    }

    private boolean brokerAnswers() throws Exception {
        var props = TopicAdmin.adminProperties(TestInfra.kafkaBootstrap());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
        try (Admin admin = Admin.create(props)) {
            return !admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty();
        }
    }

    private static boolean postgresAnswers() throws Exception {
        try (Connection c = TestInfra.jdbc(); Statement st = c.createStatement()) {
            st.execute("SELECT 1");
            return true;
        }
    }

    private boolean redisAnswers() throws IOException {
        URI uri = URI.create(TestInfra.redisUrl());
        String userInfo = uri.getUserInfo();
        String password = userInfo == null ? null : userInfo.substring(userInfo.indexOf(':') + 1);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 2000);
            socket.setSoTimeout(2000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            if (password != null && !password.isEmpty()) {
                out.write(resp("AUTH", password));
                if (!readLine(in).startsWith("+OK")) {
                    return false;
                }
            }
            out.write(resp("PING"));
            return readLine(in).startsWith("+PONG");
        }
    }

    private static byte[] resp(String... args) {
        StringBuilder b = new StringBuilder("*").append(args.length).append("\r\n");
        for (String a : args) {
            b.append('$').append(a.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(a).append("\r\n");
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            line.append((char) c);
        }
        return line.toString().trim();
    }

    private void runLauncher(String... args) {
        List<String> command = new ArrayList<>();
        command.add(root.resolve("sextant").toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Map<String, String> env = builder.environment();
        env.put("SEXTANT_HOME", home.toString());
        env.put("SEXTANT_KAFKA_PORT", Integer.toString(kafkaPort));
        env.put("SEXTANT_KAFKA_CONTROLLER_PORT", Integer.toString(controllerPort));
        env.put("SEXTANT_PG_PORT", Integer.toString(pgPort));
        env.put("SEXTANT_REDIS_PORT", Integer.toString(redisPort));
        if (prometheusPort != null) {
            env.put("SEXTANT_PROMETHEUS_PORT", Integer.toString(prometheusPort));
        }
        env.put("SEXTANT_SKIP_TOPICS", "1");
        env.put("NO_COLOR", "1");
        try {
            Process process = builder.start();
            if (!process.waitFor(LAUNCHER_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("./sextant " + String.join(" ", args) + " did not finish within "
                        + LAUNCHER_TIMEOUT + " (output in " + log + ")");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("./sextant " + String.join(" ", args) + " failed with exit "
                        + process.exitValue() + " (output in " + log + ")");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void note(String what) {
        try {
            Files.writeString(log, "===== chaos " + Instant.now() + " " + what + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void awaitGone(long pid, Duration within) {
        await("pid " + pid + " gone").atMost(within).pollInterval(Duration.ofMillis(100))
                .until(() -> !isRunning(pid));
    }

    /** Alive and not a zombie (a killed daemon stays a zombie until its parent, or init, reaps it). */
    private static boolean isRunning(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String afterName = stat.substring(stat.lastIndexOf(')') + 2);
            return afterName.charAt(0) != 'Z';
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether {@code pid} holds a TCP socket listening on {@code port} (/proc/net/tcp{,6} and /proc/pid/fd). */
    static boolean listensOn(long pid, int port) {
        List<String> inodes = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                List<String> lines = Files.readAllLines(Path.of(table));
                for (String line : lines.subList(1, lines.size())) {
                    String[] f = line.trim().split("\\s+");
                    String local = f[1];
                    int p = Integer.parseInt(local.substring(local.lastIndexOf(':') + 1), 16);
                    if (p == port && "0A".equals(f[3])) {
                        inodes.add(f[9]);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // no such table (no IPv6)
            }
        }
        if (inodes.isEmpty()) {
            return false;
        }
        try (Stream<Path> fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            return fds.anyMatch(fd -> {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    return inodes.stream().anyMatch(i -> target.equals("socket:[" + i + "]"));
                } catch (IOException e) {
                    return false;
                }
            });
        } catch (IOException e) {
            return false;
        }
    }

    private static int controllerPort(Path home) {
        Path conf = home.resolve("conf/kafka/server.properties");
        try {
            Matcher m = Pattern.compile("CONTROLLER://[^:,]+:(\\d+)").matcher(Files.readString(conf));
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
        } catch (IOException e) {
            throw new IllegalStateException("kafka: cannot read " + conf + " (its controller port)", e);
        }
        throw new IllegalStateException("kafka: no CONTROLLER listener in " + conf);
    }

    /**
     * Prometheus's port (the launcher starts it too when it is down, so it must not pick the default port of
     * another instance): from its command line ({@code --web.listen-address=host:port}), else from
     * {@code SEXTANT_PROMETHEUS_URL} (which {@code ./sextant test} and {@code ./sextant env} set); null when unknown.
     */
    private static Integer prometheusPort(Path home) {
        try {
            long pid = Long.parseLong(Files.readString(home.resolve("run/prometheus.pid")).trim());
            String cmdline = Files.readString(Path.of("/proc/" + pid + "/cmdline")).replace('\0', ' ');
            Matcher m = Pattern.compile("--web\\.listen-address=[^ ]*:(\\d+)").matcher(cmdline);
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
        } catch (IOException | RuntimeException e) {
            // not running: try the environment
        }
        String url = System.getenv("SEXTANT_PROMETHEUS_URL");
        if (url != null && !url.isBlank()) {
            int port = URI.create(url.trim()).getPort();
            return port > 0 ? port : null;
        }
        return null;
    }

    private static InetSocketAddress hostPort(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        return InetSocketAddress.createUnresolved(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }

    public Path home() {
        return home;
    }
}
