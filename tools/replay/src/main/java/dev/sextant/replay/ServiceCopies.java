package dev.sextant.replay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Isolated copies of downstream services for a re-run: each a child JVM from the service's Quarkus fast-jar, with its
 * own HTTP port, topic prefix, database schema, consumer group and Redis key prefix, so that nothing it reads or writes
 * touches the deployment being debugged. Stopped with SIGTERM (SIGKILL after 20 s) on {@link #close()}.
 */
final class ServiceCopies implements AutoCloseable {

    /** A downstream service: its module (and jar), its schema base name. */
    record Copy(String module, String schema) {}

    static final List<Copy> DOWNSTREAM = List.of(
            new Copy("feature-service", "feature"), new Copy("prediction-service", "prediction"),
            new Copy("risk-service", "risk"), new Copy("execution-service", "execution"));

    private final String runId;
    private final String topicPrefix;
    private final Path root;
    private final Path logDir;
    private final Map<String, String> env;
    private final Map<String, Map<String, String>> overrides;
    private final Map<String, Process> processes = new LinkedHashMap<>();
    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private final Thread hook = new Thread(this::kill, "replay-rerun-shutdown");

    ServiceCopies(String runId, String topicPrefix, Path root, Path logDir, Map<String, String> env,
            Map<String, Map<String, String>> overrides) {
        this.runId = runId;
        this.topicPrefix = topicPrefix;
        this.root = root;
        this.logDir = logDir;
        this.env = env;
        this.overrides = overrides;
    }

    String group(Copy c) {
        return runId + "-" + c.schema();
    }

    String schema(Copy c) {
        return c.schema() + "_" + runId.replace('-', '_');
    }

    Path jar(Copy c) {
        return root.resolve(c.module()).resolve("target/quarkus-app/quarkus-run.jar");
    }

    /** Starts every copy and waits until each answers ready; throws naming the log of one that does not. */
    void start(Duration readyTimeout) {
        for (Copy c : DOWNSTREAM) {
            if (!Files.isRegularFile(jar(c))) {
                throw new IllegalStateException(jar(c) + " does not exist: build the services first "
                        + "(./mvnw -B package -DskipTests -pl " + c.module() + " -am)");
            }
        }
        try {
            Files.createDirectories(logDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Runtime.getRuntime().addShutdownHook(hook);
        for (Copy c : DOWNSTREAM) {
            launch(c);
        }
        long deadline = System.nanoTime() + readyTimeout.toNanos();
        for (Copy c : DOWNSTREAM) {
            while (!ready(c)) {
                Process p = processes.get(c.module());
                if (!p.isAlive()) {
                    throw new IllegalStateException(c.module() + " (re-run copy) exited with " + p.exitValue()
                            + ": see " + log(c));
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(c.module() + " (re-run copy) not ready within " + readyTimeout
                            + ": see " + log(c));
                }
                pause(500);
            }
        }
    }

    Path log(Copy c) {
        return logDir.resolve(c.module() + ".log");
    }

    private void launch(Copy c) {
        int port = freePort();
        ports.put(c.module(), port);
        Map<String, String> props = new LinkedHashMap<>();
        props.put("quarkus.http.host", "127.0.0.1");
        props.put("quarkus.http.port", String.valueOf(port));
        props.put("sextant.topic-prefix", topicPrefix);
        props.put("sextant.run-id", runId);
        props.put("sextant.db.schema", schema(c));
        props.put("sextant.redis.key-prefix", "sextant:" + runId + ":");
        props.put("kafka.group.id", group(c));
        props.put("quarkus.datasource.jdbc.acquisition-timeout", "PT60S");
        props.putAll(overrides.getOrDefault(c.module(), Map.of()));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("--enable-native-access=ALL-UNNAMED", "-Xmx192m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-Xss512k"));
        command.addAll(classDataSharing(c));
        props.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-jar");
        command.add(jar(c).toString());
        ProcessBuilder pb = new ProcessBuilder(command).directory(jar(c).getParent().toFile());
        pb.environment().putAll(env);
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log(c).toFile()));
        try {
            processes.put(c.module(), pb.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + c.module(), e);
        }
    }

    /**
     * A dynamic class-data archive per service (JDK 19+ {@code -XX:+AutoCreateSharedArchive}): the first re-run of a
     * build writes {@code <tmp>/sextant-rerun-cds/<module>.jsa} when the copy stops, and later re-runs map the
     * service's classes from it instead of loading and verifying them again (a copy is ready about a third sooner). The
     * JVM checks the archive against the jar and rewrites it after a rebuild; a missing or unwritable directory only
     * costs the speed-up. Empty (no archive) with {@code SEXTANT_RERUN_CDS=off}.
     */
    static List<String> classDataSharing(Copy c) {
        if ("off".equalsIgnoreCase(System.getenv("SEXTANT_RERUN_CDS"))) {
            return List.of();
        }
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "sextant-rerun-cds");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            return List.of();
        }
        return List.of("-XX:+AutoCreateSharedArchive", "-XX:SharedArchiveFile=" + dir.resolve(c.module() + ".jsa"));
    }

    private boolean ready(Copy c) {
        try {
            HttpURLConnection http = (HttpURLConnection) URI.create("http://127.0.0.1:" + ports.get(c.module())
                    + "/q/health/ready").toURL().openConnection();
            http.setConnectTimeout(1000);
            http.setReadTimeout(2000);
            try {
                return http.getResponseCode() == 200;
            } finally {
                http.disconnect();
            }
        } catch (IOException e) {
            return false;
        }
    }

    /** Throws if a copy died (its log says why). */
    void requireAlive() {
        for (Copy c : DOWNSTREAM) {
            Process p = processes.get(c.module());
            if (p != null && !p.isAlive()) {
                throw new IllegalStateException(c.module() + " (re-run copy) exited with " + p.exitValue() + ": see " + log(c));
            }
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private void kill() {
        processes.values().forEach(Process::destroyForcibly);
    }

    @Override
    public void close() {
        processes.values().forEach(Process::destroy);
        for (Process p : processes.values()) {
            try {
                if (!p.waitFor(20, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down
        }
    }
}
