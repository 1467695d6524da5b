package dev.sextant.deploy.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.deploy.ServiceCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Builds two real images without Docker, as documented in docs/containers.md: the root pom's profile {@code image}
 * (Jib {@code buildTar}) for risk-service and for sextant/tools, in a nested Maven run of this checkout. The base
 * image is {@code scratch} (no registry is reachable here), so what is checked is everything this project puts in the
 * image: the OCI configuration (user, port, entrypoint, environment, working directory) and the layers (the Quarkus
 * fast-jar under /deployments, the tools' flat classpath), which are then run from the extracted layers.
 */
class JibImageTest {

    private static final Path ROOT = ServiceCatalog.root();
    private static final ServiceCatalog CATALOG = ServiceCatalog.load(ROOT);
    private static final String VERSION = BuildFacts.load(ROOT).projectVersion();
    private static final String SERVICE = "risk-service";
    private static final String RUN_JAVA = "/opt/jboss/container/java/run/run-java.sh";

    private static OciImage service;
    private static OciImage tools;
    private static Path work;

    @BeforeAll
    static void buildImages() throws Exception {
        work = Files.createTempDirectory("sextant-images");
        Path log = work.resolve("mvn.log");
        List<String> cmd = new ArrayList<>(List.of(ROOT.resolve("mvnw").toString(), "-B", "-q", "-Pimage",
                "-pl", SERVICE + ",deploy/images/tools", "-am", "verify", "-DskipTests", "-Djib.from.image=scratch"));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(ROOT.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        long start = System.nanoTime();
        Process p = pb.start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("image build still running after 10 min: " + String.join(" ", cmd));
        }
        if (p.exitValue() != 0) {
            throw new AssertionError("image build failed (" + String.join(" ", cmd) + "):\n" + Files.readString(log));
        }
        System.out.printf("JibImageTest: %s built both images in %d s%n", String.join(" ", cmd.subList(1, cmd.size())),
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start));
        service = OciImage.read(ROOT.resolve(SERVICE).resolve("target/" + SERVICE + "-image.tar"));
        tools = OciImage.read(ROOT.resolve("deploy/images/tools/target/tools-image.tar"));
    }

    @AfterAll
    static void cleanUp() throws IOException {
        if (work != null) {
            try (Stream<Path> files = Files.walk(work)) {
                for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(f);
                }
            }
        }
    }

    @Test
    void serviceImageIsNamedAfterTheServiceAndTaggedWithTheProjectVersion() {
        assertThat(service.refName()).isEqualTo("sextant/" + SERVICE + ":" + VERSION);
        assertThat(service.config().path("os").asText()).isEqualTo("linux");
    }

    @Test
    void serviceImageRunsTheFastJarAsUid185OnItsPort() {
        assertThat(service.container().path("User").asText()).isEqualTo("185");
        assertThat(service.container().path("WorkingDir").asText()).isEqualTo("/deployments");
        List<String> ports = new ArrayList<>();
        service.container().path("ExposedPorts").fieldNames().forEachRemaining(ports::add);
        assertThat(ports).containsExactly(CATALOG.service(SERVICE).httpPort() + "/tcp");
        // run-java.sh (JRE 21 base image) starts JAVA_APP_JAR with JAVA_OPTS and JAVA_OPTS_APPEND.
        assertThat(service.strings("Entrypoint")).containsExactly(RUN_JAVA);
        assertThat(service.env()).containsEntry("JAVA_APP_JAR", "/deployments/quarkus-run.jar")
                .containsEntry("QUARKUS_HTTP_HOST", "0.0.0.0");
        assertThat(service.env().get("JAVA_OPTS_APPEND")).contains("-XX:MaxRAMPercentage=", "-XX:+ExitOnOutOfMemoryError");
    }

    @Test
    void serviceImageAndItsDockerfileGiveTheSameContainer() {
        Dockerfile.Stage run = Dockerfile.parse(ROOT.resolve(SERVICE).resolve("src/main/docker/Dockerfile.jvm"))
                .finalStage();
        assertThat(service.env()).isEqualTo(run.env());
        assertThat(run.last("USER").orElseThrow().args()).isEqualTo(service.container().path("User").asText());
        assertThat(run.last("WORKDIR").orElseThrow().args())
                .isEqualTo(service.container().path("WorkingDir").asText());
        assertThat(run.last("ENTRYPOINT").orElseThrow().args()).isEqualTo("[\"" + RUN_JAVA + "\"]");
    }

    @Test
    void serviceLayersHoldExactlyTheQuarkusAppUnderDeploymentsReadOnlyForTheApplication() throws IOException {
        Map<String, Tar.Entry> files = service.files();
        Path app = ROOT.resolve(SERVICE).resolve("target/quarkus-app");
        Set<String> expected;
        try (Stream<Path> s = Files.walk(app)) {
            expected = s.filter(Files::isRegularFile).map(f -> "deployments/" + app.relativize(f).toString().replace('\\', '/'))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        Set<String> actual = files.values().stream().filter(Tar.Entry::isFile).map(Tar.Entry::name)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(actual).isEqualTo(expected)
                .contains("deployments/quarkus-run.jar", "deployments/quarkus/quarkus-application.dat",
                        "deployments/app/" + SERVICE + "-" + VERSION + ".jar")
                .anyMatch(f -> f.startsWith("deployments/lib/boot/"))
                .anyMatch(f -> f.startsWith("deployments/lib/main/"));
        assertThat(files.get("deployments/quarkus-run.jar").content())
                .isEqualTo(Files.readAllBytes(app.resolve("quarkus-run.jar")));
        // Owned by root, writable by nobody else: uid 185 runs the files and cannot change them.
        for (Tar.Entry e : files.values()) {
            assertThat(e.uid()).as(e.name()).isZero();
            assertThat(e.mode() & 0022).as(e.name() + " mode " + Integer.toOctalString(e.mode())).isZero();
        }
        // Two layers, the third-party jars (which change least) below the service's own code.
        assertThat(service.layers()).hasSize(2);
        assertThat(service.layers().get(0)).filteredOn(Tar.Entry::isFile)
                .allMatch(e -> e.name().startsWith("deployments/lib/"));
        assertThat(service.layers().get(1)).filteredOn(Tar.Entry::isFile)
                .noneMatch(e -> e.name().startsWith("deployments/lib/"));
    }

    @Test
    void toolsImageHasBothToolsAndEveryDependencyInDeploymentsLib() {
        assertThat(tools.refName()).isEqualTo("sextant/tools:" + VERSION);
        assertThat(tools.container().path("User").asText()).isEqualTo("185");
        assertThat(tools.container().path("WorkingDir").asText()).isEqualTo("/deployments");
        assertThat(tools.strings("Entrypoint")).containsExactly("java", "-cp", "/deployments/lib/*");
        assertThat(tools.strings("Cmd")).startsWith("dev.sextant.contracts.kafka.TopicAdmin");
        assertThat(tools.container().path("ExposedPorts").size()).isZero();
        assertThat(tools.env()).containsKey("JAVA_TOOL_OPTIONS").doesNotContainKeys("QUARKUS_HTTP_HOST", "JAVA_APP_JAR");
        Set<String> lib = tools.files().values().stream().filter(Tar.Entry::isFile).map(Tar.Entry::name)
                .filter(n -> n.startsWith("deployments/lib/")).map(n -> n.substring("deployments/lib/".length()))
                .collect(Collectors.toSet());
        assertThat(lib).allMatch(n -> n.endsWith(".jar") && !n.contains("/"))
                .contains("model-training-" + VERSION + ".jar", "contracts-kafka-" + VERSION + ".jar",
                        "shared-contracts-" + VERSION + ".jar", "feature-core-" + VERSION + ".jar",
                        "kafka-clients-" + BuildFacts.load(ROOT).property("kafka.version") + ".jar")
                .anyMatch(n -> n.startsWith("tribuo-classification-sgd-"));
        assertThat(tools.files()).containsKey("deployments/data/market/binance_spot_BTCUSDT_1h.csv.gz")
                .noneSatisfy((k, v) -> assertThat(k).startsWith("jib-default-layers"));
    }

    @Test
    void bothToolsRunFromTheToolsImageLayersAsTheJobsStartThem() throws Exception {
        Path fs = work.resolve("tools-fs");
        for (Tar.Entry e : tools.files().values()) {
            if (e.isFile()) {
                Path f = fs.resolve(e.name());
                Files.createDirectories(f.getParent());
                Files.write(f, e.content());
            }
        }
        String cp = fs.resolve("deployments/lib").toString() + "/*";
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Map<String, String> env = Map.of("JAVA_TOOL_OPTIONS", tools.env().get("JAVA_TOOL_OPTIONS"));

        // java -cp '/deployments/lib/*' dev.sextant.contracts.kafka.TopicAdmin --list: the topic catalog.
        String list = run(env, java, "-cp", cp, "dev.sextant.contracts.kafka.TopicAdmin", "--list");
        assertThat(list.lines()).anyMatch(l -> l.startsWith("candles "));

        // java -cp '/deployments/lib/*' dev.sextant.replay.ReplayCommand: the replay debugger's subcommands.
        String replay = run(env, java, "-cp", cp, "dev.sextant.replay.ReplayCommand", "--help");
        assertThat(replay).contains("dump", "rewind", "explain", "rerun");

        // java -cp '/deployments/lib/*' dev.sextant.training.TrainCommand on the candles the image bundles.
        Path model = work.resolve("model");
        String train = run(env, java, "-cp", cp, "dev.sextant.training.TrainCommand", "--data-dir",
                fs.resolve("deployments/data/market").toString(), "--output-dir", model.toString(), "--symbols",
                "BTCUSDT");
        assertThat(train).contains("wrote ");
        assertThat(model.resolve("model.onnx")).isNotEmptyFile();
        assertThat(model.resolve("metadata.json")).isNotEmptyFile();
    }

    private static String run(Map<String, String> env, String... command) throws Exception {
        Path out = Files.createTempFile(work, "run", ".log");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("still running after 3 min: " + Arrays.toString(command));
        }
        String output = Files.readString(out);
        assertThat(p.exitValue()).as(Arrays.toString(command) + "\n" + output).isZero();
        return output;
    }
}
