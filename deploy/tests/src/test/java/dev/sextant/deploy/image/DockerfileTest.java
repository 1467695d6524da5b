package dev.sextant.deploy.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sextant.deploy.ServiceCatalog;
import dev.sextant.deploy.image.Dockerfile.Instruction;
import dev.sextant.deploy.image.Dockerfile.Stage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Static checks of every {@code src/main/docker/Dockerfile.jvm} (and the tools image's), parsed line by line: nothing
 * here needs Docker. The health check command itself is run, with bash, against a throwaway HTTP server.
 */
class DockerfileTest {

    private static final Path ROOT = ServiceCatalog.root();
    private static final ServiceCatalog CATALOG = ServiceCatalog.load(ROOT);
    private static final BuildFacts BUILD = BuildFacts.load(ROOT);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RUN_JAVA = "/opt/jboss/container/java/run/run-java.sh";

    static Stream<String> services() {
        return ServiceCatalog.SERVICES.stream();
    }

    private static Dockerfile dockerfile(String service) {
        return Dockerfile.parse(ROOT.resolve(service).resolve("src/main/docker/Dockerfile.jvm"));
    }

    @ParameterizedTest
    @MethodSource("services")
    void buildsInTwoStagesWithTheWrapperOnAJdk21AndRunsOnTheJibBaseImage(String service) {
        Dockerfile d = dockerfile(service);
        assertThat(d.stages()).hasSize(2);
        Stage build = d.stages().getFirst();
        assertThat(build.name()).contains("build");
        assertThat(build.image()).contains("openjdk-21");
        assertThat(build.all("RUN")).singleElement().extracting(Instruction::args).asString()
                .contains("./mvnw ").contains("-pl " + service + " -am package").contains("-DskipTests");
        // Stage 2 runs on the very image Jib builds on (root pom, profile `image`): both builds give the same runtime.
        assertThat(d.finalStage().image()).isEqualTo(BUILD.imageProfileProperty("sextant.image.base"))
                .contains("openjdk-21-runtime");
    }

    @ParameterizedTest
    @MethodSource("services")
    void everyBaseImageIsPinnedToAVersionTag(String service) {
        for (Stage s : dockerfile(service).stages()) {
            assertPinned(s.image());
        }
    }

    @ParameterizedTest
    @MethodSource("services")
    void runsAsUid185InDeploymentsAndExposesTheServicePort(String service) {
        Stage run = dockerfile(service).finalStage();
        assertThat(run.last("USER")).map(Instruction::args).contains("185");
        assertThat(run.last("WORKDIR")).map(Instruction::args).contains("/deployments");
        assertThat(run.all("EXPOSE")).extracting(Instruction::args)
                .containsExactly(String.valueOf(CATALOG.service(service).httpPort()));
        assertThat(run.last("ENTRYPOINT")).map(i -> jsonArray(i.args())).contains(List.of(RUN_JAVA));
    }

    @ParameterizedTest
    @MethodSource("services")
    void copiesTheQuarkusFastJarLayoutFromTheBuildStageOnly(String service) {
        Stage run = dockerfile(service).finalStage();
        String app = "/build/" + service + "/target/quarkus-app/";
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put(app + "lib/", "/deployments/lib/");
        expected.put(app + "*.jar", "/deployments/");
        expected.put(app + "app/", "/deployments/app/");
        expected.put(app + "quarkus/", "/deployments/quarkus/");
        if (service.equals("api-gateway")) {
            expected.put("/build/data/market/", "/deployments/data/market/");
        }
        Map<String, String> copies = new LinkedHashMap<>();
        for (Instruction copy : run.all("COPY")) {
            List<String> words = List.of(copy.args().split("\\s+"));
            assertThat(words.getFirst()).as(copy.args()).isEqualTo("--from=build");
            assertThat(words).as("application files stay root's: no --chown").noneMatch(w -> w.startsWith("--chown"));
            assertThat(words).hasSize(3);
            copies.put(words.get(1), words.get(2));
        }
        assertThat(copies).containsExactlyEntriesOf(expected);
        assertThat(run.all("ADD")).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("services")
    void environmentListensOnAllInterfacesAndSizesTheJvmForSmallContainers(String service) {
        Map<String, String> env = env(dockerfile(service).finalStage());
        assertThat(env).containsEntry("QUARKUS_HTTP_HOST", "0.0.0.0")
                .containsEntry("JAVA_APP_JAR", "/deployments/quarkus-run.jar");
        // The same flags as the Jib-built image (root pom, profile `image`).
        assertThat(env.get("JAVA_OPTS_APPEND")).isEqualTo(BUILD.imageProfileProperty("sextant.image.java-opts"))
                .contains("-XX:MaxRAMPercentage=", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError",
                        "-XX:MaxMetaspaceSize=", "-Xss512k");
        ServiceCatalog.Service s = CATALOG.service(service);
        for (String name : env.keySet()) {
            if (!List.of("LANGUAGE", "JAVA_APP_JAR").contains(name)) {
                assertThat(s.reads(name)).as(service + " reads " + name).isTrue();
            }
        }
    }

    @Test
    void gatewayImageGivesBacktestsTheBundledCandlesAndAWritableFolderLikeItsJibImage() throws IOException {
        Map<String, String> env = env(dockerfile("api-gateway").finalStage());
        String pom = Files.readString(ROOT.resolve("api-gateway/pom.xml"));
        for (String name : List.of("SEXTANT_GATEWAY_BACKTESTS_DATA_DIR", "SEXTANT_GATEWAY_BACKTESTS_DIR")) {
            assertThat(env).containsKey(name);
            assertThat(pom).contains("<" + name + ">" + env.get(name) + "</" + name + ">");
        }
        assertThat(env.get("SEXTANT_GATEWAY_BACKTESTS_DATA_DIR")).isEqualTo("/deployments/data/market");
        assertThat(env.get("SEXTANT_GATEWAY_BACKTESTS_DIR")).startsWith("/tmp/");
        assertThat(ROOT.resolve("data/market")).isDirectory();
    }

    @ParameterizedTest
    @MethodSource("services")
    void healthCheckAsksTheReadinessEndpointTheServiceServes(String service) throws IOException {
        Instruction hc = dockerfile(service).finalStage().last("HEALTHCHECK").orElseThrow();
        int cmd = hc.args().indexOf("CMD [");
        assertThat(cmd).as("exec-form CMD").isPositive();
        assertThat(hc.args().substring(0, cmd)).contains("--interval=", "--timeout=", "--start-period=", "--retries=");
        List<String> command = jsonArray(hc.args().substring(cmd + 4));
        String script = String.join(" ", command);
        Matcher port = Pattern.compile("\\$\\{QUARKUS_HTTP_PORT:-(\\d+)}").matcher(script);
        assertThat(port.find()).as(script).isTrue();
        assertThat(Integer.parseInt(port.group(1))).isEqualTo(CATALOG.service(service).httpPort());
        assertThat(script).contains("GET /q/health/ready ");

        // /q/health/ready exists: SmallRye Health is on the service's classpath (its pom or service-kit's), under
        // the default paths.
        String pom = Files.readString(ROOT.resolve(service).resolve("pom.xml"));
        boolean health = pom.contains("<artifactId>quarkus-smallrye-health</artifactId>")
                || (pom.contains("<artifactId>service-kit</artifactId>")
                        && Files.readString(ROOT.resolve("service-kit/pom.xml")).contains("quarkus-smallrye-health"));
        assertThat(health).as(service + " has quarkus-smallrye-health").isTrue();
        assertThat(CATALOG.service(service).properties()).doesNotContainKeys("quarkus.smallrye-health.root-path",
                "quarkus.http.non-application-root-path", "quarkus.http.root-path");

        // The command works: 0 while the endpoint says 200, not 0 for 503 (not ready) or when it is missing.
        Map<String, String> env = new LinkedHashMap<>();
        assertThat(HealthcheckRunner.run("/q/health/ready", 200, p -> withPort(command, env, p), env)).isZero();
        assertThat(HealthcheckRunner.run("/q/health/ready", 503, p -> withPort(command, env, p), env)).isNotZero();
        assertThat(HealthcheckRunner.run("/q/health/live", 200, p -> withPort(command, env, p), env)).isNotZero();
    }

    private static List<String> withPort(List<String> command, Map<String, String> env, int port) {
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        return command;
    }

    @ParameterizedTest
    @MethodSource("services")
    void buildContextLeavesOutBuildOutputAndLocalState(String service) throws IOException {
        Path ignore = ROOT.resolve(service).resolve("src/main/docker/Dockerfile.jvm.dockerignore");
        assertThat(Files.readAllLines(ignore)).contains("**/target/", ".sextant/", ".git/");
    }

    @Test
    void toolsImageHoldsBothToolsOnAFlatClasspathInDeploymentsLib() throws IOException {
        Path dir = ROOT.resolve("deploy/images/tools");
        Dockerfile d = Dockerfile.parse(dir.resolve("Dockerfile.jvm"));
        assertThat(d.stages()).hasSize(2);
        d.stages().forEach(s -> assertPinned(s.image()));
        assertThat(d.stages().getFirst().all("RUN")).singleElement().extracting(Instruction::args).asString()
                .contains("./mvnw ", "-Pimage", "-pl deploy/images/tools -am package");
        Stage run = d.finalStage();
        assertThat(run.image()).isEqualTo(BUILD.imageProfileProperty("sextant.image.base"));
        assertThat(run.all("COPY")).extracting(Instruction::args).containsExactly(
                "--from=build /build/deploy/images/tools/target/tools-image/lib/ /deployments/lib/",
                "--from=build /build/data/market/ /deployments/data/market/");
        assertThat(run.last("USER")).map(Instruction::args).contains("185");
        assertThat(run.last("WORKDIR")).map(Instruction::args).contains("/deployments");
        assertThat(run.all("EXPOSE")).isEmpty();
        assertThat(run.last("ENTRYPOINT")).map(i -> jsonArray(i.args()))
                .contains(List.of("java", "-cp", "/deployments/lib/*"));
        List<String> cmd = jsonArray(run.last("CMD").orElseThrow().args());
        assertThat(cmd.getFirst()).isEqualTo("dev.sextant.contracts.kafka.TopicAdmin");
        assertThat(env(run).get("JAVA_TOOL_OPTIONS"))
                .isEqualTo(BuildFacts.moduleProperty(dir, "sextant.tools.java-opts"));
        // The classes the Jobs run exist where the tools module takes them from.
        assertThat(ROOT.resolve("contracts-kafka/src/main/java/dev/sextant/contracts/kafka/TopicAdmin.java"))
                .isRegularFile();
        assertThat(ROOT.resolve("model-training/src/main/java/dev/sextant/training/TrainCommand.java")).isRegularFile();
        assertThat(Files.readAllLines(dir.resolve("Dockerfile.jvm.dockerignore"))).contains("**/target/", ".git/");
    }

    @Test
    void parserJoinsContinuationsAndSplitsStages() throws IOException {
        Path f = Files.createTempFile("Dockerfile", ".test");
        try {
            Files.writeString(f, """
                    # comment
                    FROM a:1 AS build
                    RUN one \\
                        # inner comment
                        two
                    FROM b:2
                    ENV A=1 \\
                        B="x y"
                    USER 185
                    """);
            Dockerfile d = Dockerfile.parse(f);
            assertThat(d.stages()).extracting(Stage::image).containsExactly("a:1", "b:2");
            assertThat(d.stages().getFirst().all("RUN")).extracting(Instruction::args).containsExactly("one two");
            assertThat(env(d.finalStage())).containsExactly(Map.entry("A", "1"), Map.entry("B", "x y"));
        } finally {
            Files.delete(f);
        }
    }

    static void assertPinned(String image) {
        String afterSlash = image.substring(image.lastIndexOf('/') + 1);
        assertThat(afterSlash).as(image + " names a tag").contains(":");
        String tag = afterSlash.substring(afterSlash.indexOf(':') + 1);
        assertThat(tag).as(image + " is pinned").isNotEqualTo("latest").matches(".*\\d.*")
                .doesNotStartWith("latest-");
    }

    private static Map<String, String> env(Stage stage) {
        return stage.env();
    }

    private static List<String> jsonArray(String text) {
        try {
            return new ArrayList<>(JSON.readValue(text, new TypeReference<List<String>>() {
            }));
        } catch (IOException e) {
            throw new AssertionError("not a JSON array: " + text, e);
        }
    }
}
