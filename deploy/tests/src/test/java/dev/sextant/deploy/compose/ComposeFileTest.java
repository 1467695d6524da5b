package dev.sextant.deploy.compose;

import static dev.sextant.deploy.compose.ComposeFile.dependsOn;
import static dev.sextant.deploy.compose.ComposeFile.environment;
import static dev.sextant.deploy.compose.ComposeFile.strings;
import static dev.sextant.deploy.compose.ComposeFile.withDefaults;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.deploy.ServiceCatalog;
import dev.sextant.deploy.image.BuildFacts;
import dev.sextant.deploy.image.HealthcheckRunner;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * deploy/compose/docker-compose.yml against the repository and the services' own configuration (ServiceCatalog):
 * images, mounted files, ports, environment, start order, health checks, Prometheus targets, secrets. `docker compose
 * config` cannot run here (no Docker); this reads the file as compose does (YAML, merge keys, variable syntax).
 */
class ComposeFileTest {

    private static final Path ROOT = ServiceCatalog.root();
    private static final Path DIR = ROOT.resolve("deploy/compose");
    private static final ServiceCatalog CATALOG = ServiceCatalog.load(ROOT);
    private static final BuildFacts BUILD = BuildFacts.load(ROOT);
    private static final ComposeFile COMPOSE = ComposeFile.load(DIR);
    /** The images this project builds (root pom profile `image`): the six services and the tools. */
    private static final Set<String> OWN_IMAGES = Stream.concat(ServiceCatalog.SERVICES.stream(), Stream.of("tools"))
            .map(s -> "sextant/" + s).collect(Collectors.toSet());

    static Stream<String> services() {
        return ServiceCatalog.SERVICES.stream();
    }

    @Test
    void everyImageIsPinnedThirdPartyOrOneThisProjectBuildsAtItsVersion() throws IOException {
        String version = BUILD.projectVersion();
        for (var e : COMPOSE.services().entrySet()) {
            String image = withDefaults(String.valueOf(e.getValue().get("image")));
            int colon = image.lastIndexOf(':');
            assertThat(colon).as(e.getKey() + ": " + image + " names a tag").isGreaterThan(image.lastIndexOf('/'));
            String repo = image.substring(0, colon);
            String tag = image.substring(colon + 1);
            if (repo.startsWith("sextant/")) {
                assertThat(OWN_IMAGES).as(e.getKey() + ": an image this project builds").contains(repo);
                assertThat(tag).as(e.getKey() + ": the project version").isEqualTo(version);
            } else {
                assertThat(tag).as(e.getKey() + ": " + image + " is pinned").isNotEqualTo("latest")
                        .doesNotStartWith("latest").matches("v?\\d+(\\.\\d+)+(-[A-Za-z0-9.]+)?");
            }
        }
        assertThat(envExample()).containsEntry("SEXTANT_VERSION", version);
        // Kafka is the version the project's clients and the local stack use.
        assertThat(withDefaults(String.valueOf(COMPOSE.service("kafka").get("image"))))
                .isEqualTo("apache/kafka:" + BUILD.property("kafka.version"));
        assertThat(String.valueOf(COMPOSE.service("postgres").get("image"))).startsWith("timescale/timescaledb:")
                .matches(".*-pg1[56]$");
        assertThat(String.valueOf(COMPOSE.service("redis").get("image"))).startsWith("redis:7.");
    }

    @Test
    void theWholeStackIsThere() {
        assertThat(COMPOSE.services().keySet()).contains("kafka", "topics", "postgres", "redis", "prometheus",
                "grafana").containsAll(ServiceCatalog.SERVICES);
        for (String s : ServiceCatalog.SERVICES) {
            assertThat(withDefaults(String.valueOf(COMPOSE.service(s).get("image"))))
                    .startsWith("sextant/" + s + ":");
        }
        Map<String, String> kafka = environment(COMPOSE.service("kafka"));
        assertThat(kafka.get("KAFKA_PROCESS_ROLES")).as("KRaft, combined").isEqualTo("broker,controller");
        assertThat(kafka).containsKeys("CLUSTER_ID", "KAFKA_CONTROLLER_QUORUM_VOTERS")
                .doesNotContainKey("KAFKA_ZOOKEEPER_CONNECT");
        assertThat(kafka.get("KAFKA_ADVERTISED_LISTENERS")).isEqualTo("PLAINTEXT://" + kafkaBootstrap());
    }

    @Test
    void topicInitRunsTheTopicToolOfTheToolsImageOnceKafkaIsHealthy() {
        Map<String, Object> topics = COMPOSE.service("topics");
        assertThat(withDefaults(String.valueOf(topics.get("image")))).startsWith("sextant/tools:");
        assertThat(String.valueOf(topics.get("restart"))).isEqualTo("no");
        // The tools image's entrypoint is `java -cp /deployments/lib/*`: the command is main class and arguments.
        assertThat(strings(topics.get("command")))
                .containsExactly("dev.sextant.contracts.kafka.TopicAdmin", "--bootstrap", kafkaBootstrap());
        assertThat(dependsOn(topics)).containsExactly(Map.entry("kafka", "service_healthy"));
    }

    @Test
    void everyMountedHostPathAndEnvFileExistsInTheRepository() {
        Set<String> namedVolumes = COMPOSE.model().get("volumes") instanceof Map<?, ?> m
                ? m.keySet().stream().map(String::valueOf).collect(Collectors.toSet()) : Set.of();
        int hostPaths = 0;
        for (var e : COMPOSE.services().entrySet()) {
            for (String volume : strings(e.getValue().get("volumes"))) {
                String source = volume.split(":")[0];
                if (source.startsWith(".") || source.startsWith("/")) {
                    Path p = DIR.resolve(source).normalize();
                    assertThat(p).as(e.getKey() + ": " + volume).exists();
                    assertThat(p.startsWith(ROOT)).as(e.getKey() + ": " + volume + " inside the repository").isTrue();
                    hostPaths++;
                } else {
                    assertThat(namedVolumes).as(e.getKey() + ": named volume " + source + " declared").contains(source);
                }
            }
            for (String envFile : strings(e.getValue().get("env_file"))) {
                assertThat(DIR.resolve(envFile)).as(e.getKey() + ": env_file " + envFile).isRegularFile();
            }
        }
        assertThat(hostPaths).isGreaterThanOrEqualTo(6);
    }

    @ParameterizedTest
    @MethodSource("services")
    void publishesTheServicePortOnLoopbackOnly(String service) {
        int port = CATALOG.service(service).httpPort();
        assertThat(strings(COMPOSE.service(service).get("ports"))).containsExactly("127.0.0.1:" + port + ":" + port);
        assertThat(COMPOSE.service(service).get("expose")).isNull();
    }

    @Test
    void nothingIsPublishedBeyondLoopback() {
        for (var e : COMPOSE.services().entrySet()) {
            for (String p : strings(e.getValue().get("ports"))) {
                assertThat(p).as(e.getKey()).startsWith("127.0.0.1:");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("services")
    void everyVariableGivenToAServiceIsOneItReadsAndPointsAtTheStack(String service) {
        ServiceCatalog.Service s = CATALOG.service(service);
        Map<String, String> env = environment(COMPOSE.service(service));
        for (String name : env.keySet()) {
            assertThat(s.reads(name)).as(service + " reads " + name).isTrue();
        }
        String schema = s.properties().get("sextant.db.schema");
        assertThat(env).containsEntry("SEXTANT_KAFKA_BOOTSTRAP", kafkaBootstrap())
                .containsEntry("SEXTANT_DB_URL", "jdbc:postgresql://postgres:5432/"
                        + environment(COMPOSE.service("postgres")).get("POSTGRES_DB"))
                .containsEntry("SEXTANT_DB_USER", schema);
        // Its own role's password: the variable the database's init gives that role (postgres/initdb.d).
        String passwordVar = schema.toUpperCase() + "_DB_PASSWORD";
        assertThat(ComposeFile.requiredVariable(env.get("SEXTANT_DB_PASSWORD"))).isEqualTo(passwordVar);
        assertThat(ComposeFile.requiredVariable(environment(COMPOSE.service("postgres")).get(passwordVar)))
                .isEqualTo(passwordVar);
        assertThat(env.get("SEXTANT_REDIS_URL")).matches("redis://:\\$\\{REDIS_PASSWORD:\\?[^}]*}@redis:6379");
        // Other services' URLs (the gateway's health and proxy calls) name a compose service on its port.
        for (var e : env.entrySet()) {
            if (e.getKey().matches("SEXTANT_[A-Z]+_URL") && e.getValue().startsWith("http")) {
                URI uri = URI.create(e.getValue());
                assertThat(ServiceCatalog.SERVICES).as(e.toString()).contains(uri.getHost());
                assertThat(uri.getPort()).as(e.toString()).isEqualTo(CATALOG.service(uri.getHost()).httpPort());
                assertThat(s.envReferences()).contains(e.getKey());
            }
        }
    }

    @Test
    void theGatewayIsToldWhereEveryOtherServiceIs() {
        Map<String, String> env = environment(COMPOSE.service("api-gateway"));
        for (String s : ServiceCatalog.SERVICES) {
            if (!s.equals("api-gateway")) {
                String key = "SEXTANT_" + s.substring(0, s.indexOf('-')).toUpperCase() + "_URL";
                assertThat(env).containsEntry(key, "http://" + s + ":" + CATALOG.service(s).httpPort());
            }
        }
    }

    @Test
    void everyDependencyExistsAndIsHealthyOrCompletedWhenItsConditionSaysSo() {
        for (var e : COMPOSE.services().entrySet()) {
            for (var dep : dependsOn(e.getValue()).entrySet()) {
                String what = e.getKey() + " -> " + dep.getKey();
                assertThat(COMPOSE.services()).as(what).containsKey(dep.getKey());
                Map<String, Object> target = COMPOSE.service(dep.getKey());
                switch (dep.getValue()) {
                    case "service_healthy" -> assertThat(target.get("healthcheck")).as(what + " has a healthcheck")
                            .isInstanceOf(Map.class);
                    case "service_completed_successfully" -> assertThat(String.valueOf(target.get("restart")))
                            .as(what + " is one-shot").isEqualTo("no");
                    default -> throw new AssertionError(what + ": condition " + dep.getValue()
                            + " (use service_healthy or service_completed_successfully)");
                }
            }
        }
        for (String s : ServiceCatalog.SERVICES) {
            assertThat(dependsOn(COMPOSE.service(s))).as(s).containsEntry("kafka", "service_healthy")
                    .containsEntry("postgres", "service_healthy").containsEntry("redis", "service_healthy")
                    .containsEntry("topics", "service_completed_successfully");
        }
        // The only source starts last, once every reader is ready (./sextant up's order).
        Map<String, String> collector = dependsOn(COMPOSE.service("collector-service"));
        for (String s : ServiceCatalog.SERVICES) {
            if (!s.equals("collector-service")) {
                assertThat(collector).containsEntry(s, "service_healthy");
            }
        }
        assertThat(dependsOn(COMPOSE.service("grafana"))).containsEntry("prometheus", "service_healthy");
    }

    @Test
    void everyLongRunningContainerHasAHealthCheck() {
        for (var e : COMPOSE.services().entrySet()) {
            if (!"no".equals(String.valueOf(e.getValue().get("restart")))) {
                assertThat(e.getValue().get("healthcheck")).as(e.getKey()).isInstanceOf(Map.class);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("services")
    @SuppressWarnings("unchecked")
    void serviceHealthCheckAsksReadinessOnItsPortAndWorks(String service) {
        Map<String, Object> hc = (Map<String, Object>) COMPOSE.service(service).get("healthcheck");
        List<String> test = strings(hc.get("test"));
        assertThat(test.getFirst()).isEqualTo("CMD");
        String port = String.valueOf(CATALOG.service(service).httpPort());
        String script = String.join(" ", test);
        assertThat(script).contains("/dev/tcp/127.0.0.1/" + port + " ").contains("GET /q/health/ready ");
        assertThat(hc).containsKeys("interval", "timeout", "start_period", "retries");
        // Run it as the container would (compose turns $$ into $), on a throwaway server's port.
        List<String> command = test.subList(1, test.size()).stream().map(ComposeFile::withDefaults).toList();
        assertThat(HealthcheckRunner.run("/q/health/ready", 200, p -> onPort(command, port, p), Map.of())).isZero();
        assertThat(HealthcheckRunner.run("/q/health/ready", 503, p -> onPort(command, port, p), Map.of())).isNotZero();
    }

    private static List<String> onPort(List<String> command, String port, int actual) {
        return command.stream().map(a -> a.replace("/dev/tcp/127.0.0.1/" + port + " ",
                "/dev/tcp/127.0.0.1/" + actual + " ")).toList();
    }

    @Test
    @SuppressWarnings("unchecked")
    void prometheusScrapesExactlyTheSixServicesOnTheirPorts() throws IOException {
        Map<String, Object> prometheus = COMPOSE.service("prometheus");
        assertThat(strings(prometheus.get("volumes")))
                .contains("./prometheus.yml:/etc/prometheus/prometheus.yml:ro");
        assertThat(strings(prometheus.get("command"))).contains("--config.file=/etc/prometheus/prometheus.yml");
        Map<String, Object> config;
        try (Reader r = Files.newBufferedReader(DIR.resolve("prometheus.yml"))) {
            config = new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
        }
        Map<String, List<String>> targets = new LinkedHashMap<>();
        for (Object o : (List<Object>) config.get("scrape_configs")) {
            Map<String, Object> job = (Map<String, Object>) o;
            assertThat(job.get("metrics_path")).as(String.valueOf(job.get("job_name"))).isEqualTo("/q/metrics");
            List<String> t = new ArrayList<>();
            for (Object sc : (List<Object>) job.get("static_configs")) {
                t.addAll(strings(((Map<String, Object>) sc).get("targets")));
            }
            assertThat(targets.put(String.valueOf(job.get("job_name")), t)).as("job names are unique").isNull();
        }
        Map<String, List<String>> expected = new LinkedHashMap<>();
        for (String s : ServiceCatalog.SERVICES) {
            expected.put(s, List.of(s + ":" + CATALOG.service(s).httpPort()));
        }
        assertThat(targets).isEqualTo(expected);
        // Its rule files are the repository's (deploy/prometheus/rules), mounted where rule_files looks.
        assertThat(strings(config.get("rule_files"))).containsExactly("/etc/prometheus/rules/*.yml");
        assertThat(strings(prometheus.get("volumes"))).contains("../prometheus/rules:/etc/prometheus/rules:ro");
    }

    @Test
    void grafanaLoadsTheProvisionedDatasourceAndDashboards() throws IOException {
        Map<String, Object> grafana = COMPOSE.service("grafana");
        assertThat(strings(grafana.get("volumes"))).contains(
                "../grafana/provisioning:/etc/grafana/provisioning:ro",
                "../grafana/dashboards:/var/lib/grafana/dashboards/sextant:ro");
        assertThat(environment(grafana)).containsEntry("PROMETHEUS_URL", "http://prometheus:9090");
        assertThat(strings(COMPOSE.service("prometheus").get("ports"))).contains("127.0.0.1:9090:9090");
        // The provisioning files read what compose gives: the variable and the dashboards' mount point.
        String provisioning;
        try (Stream<Path> files = Files.walk(ROOT.resolve("deploy/grafana/provisioning"))) {
            StringBuilder b = new StringBuilder();
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                b.append(Files.readString(f));
            }
            provisioning = b.toString();
        }
        assertThat(provisioning).contains("${PROMETHEUS_URL}", "/var/lib/grafana/dashboards/sextant");
    }

    @Test
    void noPasswordIsWrittenInTheComposeFileOrItsExampleEnvironment() throws IOException {
        Pattern secretKey = Pattern.compile("(?i).*(password|secret|token|auth|pass).*");
        for (var e : COMPOSE.services().entrySet()) {
            for (var env : environment(e.getValue()).entrySet()) {
                if (secretKey.matcher(env.getKey()).matches()) {
                    assertThat(ComposeFile.requiredVariable(env.getValue()))
                            .as(e.getKey() + ": " + env.getKey() + " comes from .env as ${VAR:?...}").isNotNull();
                }
            }
        }
        // URLs with credentials carry a variable, never a literal.
        Pattern userinfo = Pattern.compile("[a-z]+://([^@/\\s]*)@");
        for (String s : COMPOSE.allStrings()) {
            Matcher m = userinfo.matcher(s);
            while (m.find()) {
                assertThat(m.group(1)).as(s).matches("[^$]*:\\$\\{[A-Z_]+:\\?[^}]*}");
            }
        }
        // Command lines and any `password`/`requirepass` word are followed by a variable, not a value.
        Pattern literal = Pattern.compile("(?i)(requirepass\\s+|password[\"']?\\s*[:=]\\s*)[\"'\\\\]*([^\\s\"'\\\\]+)");
        for (String line : COMPOSE.text().lines().filter(l -> !l.strip().startsWith("#")).toList()) {
            // Interpolations count as variables whatever their message says.
            Matcher m = literal.matcher(line.replaceAll("\\$\\{[^}]*}", "\\$VAR"));
            while (m.find()) {
                assertThat(m.group(2)).as(line).startsWith("$");
            }
        }
        // Every variable the file interpolates is documented in .env.example; the example ships no password.
        Map<String, String> example = envExample();
        Set<String> used = new TreeSet<>();
        COMPOSE.allStrings().forEach(v -> used.addAll(ComposeFile.variables(v)));
        assertThat(example.keySet()).containsAll(used);
        assertThat(used).contains("POSTGRES_PASSWORD", "REDIS_PASSWORD", "GRAFANA_ADMIN_PASSWORD");
        for (var e : example.entrySet()) {
            if (secretKey.matcher(e.getKey()).matches()) {
                assertThat(e.getValue()).as(".env.example " + e.getKey()).isEmpty();
            }
        }
        assertThat(Files.readAllLines(DIR.resolve(".gitignore"))).contains(".env");
    }

    @Test
    void databaseInitCreatesOneRoleOwningOneSchemaPerService() throws IOException {
        Set<String> schemas = new LinkedHashSet<>();
        for (String s : ServiceCatalog.SERVICES) {
            schemas.add(CATALOG.service(s).properties().get("sextant.db.schema"));
        }
        String sql = Files.readString(DIR.resolve("postgres/sextant-roles.sql"));
        Set<String> roles = new LinkedHashSet<>();
        Matcher role = Pattern.compile("CREATE ROLE (\\w+) WITH LOGIN NOCREATEDB NOSUPERUSER [^;]* PASSWORD :'(\\w+)';")
                .matcher(sql);
        while (role.find()) {
            roles.add(role.group(1));
            assertThat(role.group(2)).isEqualTo(role.group(1) + "_password");
        }
        assertThat(roles).isEqualTo(schemas);
        for (String r : roles) {
            assertThat(sql).contains("CREATE SCHEMA " + r + " AUTHORIZATION " + r + ";",
                    "GRANT CONNECT ON DATABASE sextant TO " + r + ";");
        }
        assertThat(sql).doesNotContainPattern("PASSWORD\\s+'");
        // The script passes exactly those roles' passwords, named as compose gives them to the container.
        String script = Files.readString(DIR.resolve("postgres/initdb.d/10-sextant-roles.sh"));
        Matcher loop = Pattern.compile("for role in ([a-z ]+); do").matcher(script);
        assertThat(loop.find()).isTrue();
        assertThat(new LinkedHashSet<>(List.of(loop.group(1).split(" ")))).isEqualTo(schemas);
        Map<String, String> pgEnv = environment(COMPOSE.service("postgres"));
        for (String r : roles) {
            assertThat(pgEnv).containsKey(r.toUpperCase() + "_DB_PASSWORD");
        }
        assertThat(pgEnv).containsEntry("POSTGRES_DB", "sextant");
        assertThat(strings(COMPOSE.service("postgres").get("volumes"))).contains(
                "./postgres/initdb.d/10-sextant-roles.sh:/docker-entrypoint-initdb.d/10-sextant-roles.sh:ro",
                "./postgres/sextant-roles.sql:/sextant/sextant-roles.sql:ro");
        assertThat(Files.isExecutable(DIR.resolve("postgres/initdb.d/10-sextant-roles.sh"))).isTrue();
    }

    @Test
    void composeSyntaxHelpers() {
        assertThat(withDefaults("a/${X:-1.0}-$${Y}")).isEqualTo("a/1.0-${Y}");
        assertThat(ComposeFile.variables("${A:?m} $${B} ${C-d} ${D}")).containsExactly("A", "C", "D");
        assertThat(ComposeFile.requiredVariable("${A:?set it}")).isEqualTo("A");
        assertThat(ComposeFile.requiredVariable("x${A:?set it}")).isNull();
        assertThat(ComposeFile.requiredVariable("${A:-x}")).isNull();
    }

    private static String kafkaBootstrap() {
        return "kafka:9092";
    }

    private static Map<String, String> envExample() throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : Files.readAllLines(DIR.resolve(".env.example"))) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            int eq = l.indexOf('=');
            assertThat(eq).as(".env.example: " + line).isPositive();
            out.put(l.substring(0, eq), l.substring(eq + 1));
        }
        return out;
    }
}
