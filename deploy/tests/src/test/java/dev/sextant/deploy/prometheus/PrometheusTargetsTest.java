package dev.sextant.deploy.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.sextant.deploy.ServiceCatalog;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ./sextant's Prometheus targets (file-based discovery): deploy/local/services.sh's prometheus_targets_write lists every
 * service at the port it uses (SEXTANT_PORT_BASE, SEXTANT_&lt;KEY&gt;_PORT, or the port it was started on), labelled
 * job = service = its name; deploy/prometheus/prometheus.yml, as infra.sh's prometheus_conf lays it out under
 * $SEXTANT_HOME, reads that file, and a real Prometheus follows a change of it without a restart.
 */
class PrometheusTargetsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path ROOT = ServiceCatalog.root();

    @TempDir
    Path home;

    @Test
    void withoutOverridesTheTargetsAreTheServicesOwnPorts() throws Exception {
        Map<String, Integer> ports = targets(Map.of());
        ServiceCatalog catalog = ServiceCatalog.load(ROOT);
        Map<String, Integer> expected = new LinkedHashMap<>();
        for (ServiceCatalog.Service s : catalog.all()) {
            expected.put(s.name(), s.httpPort());
        }
        assertThat(ports).isEqualTo(expected);
    }

    @Test
    void thePortBaseAndAPerServicePortMoveTheTargets() throws Exception {
        Map<String, Integer> ports = targets(Map.of("SEXTANT_PORT_BASE", "9100", "SEXTANT_RISK_PORT", "9555"));
        assertThat(ports).containsExactlyInAnyOrderEntriesOf(Map.of("api-gateway", 9100, "collector-service", 9101,
                "feature-service", 9102, "prediction-service", 9103, "risk-service", 9555, "execution-service", 9105));
    }

    @Test
    void thePortAServiceWasStartedOnWinsOverTheConfiguration() throws Exception {
        Files.createDirectories(home.resolve("run"));
        Files.writeString(home.resolve("run/feature-service.port"), "9999\n");
        Map<String, Integer> ports = targets(Map.of("SEXTANT_PORT_BASE", "9100"));
        assertThat(ports).containsEntry("feature-service", 9999).containsEntry("prediction-service", 9103);
    }

    @Test
    void aPortThatIsNotANumberFailsInsteadOfWritingATarget() throws Exception {
        Sh.Result r = Sh.sextantFunctions(ROOT, home, Map.of("SEXTANT_PORT_BASE", "80x"), "prometheus_targets_write");
        assertThat(r.exit()).as(r.output()).isNotZero();
        assertThat(r.output()).contains("SEXTANT_PORT_BASE='80x' is not a number");
        assertThat(home.resolve("conf/prometheus/targets/services.json")).doesNotExist();
    }

    /** Runs prometheus_targets_write and reads the file back: service → port, checking its shape on the way. */
    Map<String, Integer> targets(Map<String, String> env) throws Exception {
        Sh.Result r = Sh.sextantFunctions(ROOT, home, env, "prometheus_targets_write; prometheus_targets_file");
        assertThat(r.exit()).as(r.output()).isZero();
        Path file = Path.of(r.output().trim());
        assertThat(file).isEqualTo(home.resolve("conf/prometheus/targets/services.json"));
        assertThat(home.resolve("conf/prometheus/targets/services.json.tmp")).doesNotExist();
        JsonNode groups = JSON.readTree(file.toFile());
        Map<String, Integer> out = new LinkedHashMap<>();
        for (JsonNode g : groups) {
            assertThat(g.path("targets")).hasSize(1);
            String service = g.path("labels").path("service").asText();
            assertThat(g.path("labels").path("job").asText()).isEqualTo(service);
            String target = g.path("targets").get(0).asText();
            assertThat(target).startsWith("127.0.0.1:");
            assertThat(out.put(service, Integer.parseInt(target.substring("127.0.0.1:".length())))).as("listed twice: " + service).isNull();
        }
        assertThat(out.keySet()).containsExactlyInAnyOrderElementsOf(ServiceCatalog.SERVICES);
        return out;
    }

    @Test
    void prometheusScrapesTheNewPortOfARestartedServiceWithoutARestart() throws Exception {
        Path binary = Path.of("/usr/bin/prometheus");
        assumeTrue(Files.isExecutable(binary), "prometheus is not installed (Debian package prometheus; ./sextant infra up installs it)");
        HttpServer first = metricsServer("first");
        HttpServer second = metricsServer("second");
        Process prometheus = null;
        try {
            Files.createDirectories(home.resolve("run"));
            Files.writeString(home.resolve("run/risk-service.port"), first.getAddress().getPort() + "\n");
            Sh.Result conf = Sh.sextantFunctions(ROOT, home, Map.of(), "prometheus_conf");
            assertThat(conf.exit()).as(conf.output()).isZero();
            Path dir = home.resolve("conf/prometheus");
            assertThat(dir.resolve("prometheus.yml")).isSymbolicLink();
            assertThat(dir.resolve("prometheus.yml").toRealPath()).isEqualTo(ROOT.resolve("deploy/prometheus/prometheus.yml").toRealPath());
            assertThat(dir.resolve("rules").toRealPath()).isEqualTo(ROOT.resolve("deploy/prometheus/rules").toRealPath());

            int port = freePort();
            String url = "http://127.0.0.1:" + port;
            prometheus = new ProcessBuilder(binary.toString(), "--config.file=" + dir.resolve("prometheus.yml"),
                    "--storage.tsdb.path=" + home.resolve("data/prometheus"), "--web.listen-address=127.0.0.1:" + port)
                    .redirectErrorStream(true).redirectOutput(home.resolve("prometheus.log").toFile()).start();
            Process p = prometheus;
            long pid = p.pid();
            await("risk-service scraped at its first port").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> {
                        assertThat(p.isAlive()).as("prometheus alive: " + log()).isTrue();
                        assertThat(riskTarget(url)).isEqualTo("up http://127.0.0.1:" + first.getAddress().getPort() + "/q/metrics");
                    });
            // The rules of deploy/prometheus/rules are loaded through the rules/ link.
            assertThat(get(url + "/api/v1/rules").path("data").path("groups").toString()).contains("SextantServiceDown");

            // risk-service restarted on another port: ./sextant records it and rewrites the targets.
            Files.writeString(home.resolve("run/risk-service.port"), second.getAddress().getPort() + "\n");
            Sh.Result write = Sh.sextantFunctions(ROOT, home, Map.of(), "prometheus_targets_write");
            assertThat(write.exit()).as(write.output()).isZero();
            await("risk-service scraped at its new port").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> assertThat(riskTarget(url))
                            .isEqualTo("up http://127.0.0.1:" + second.getAddress().getPort() + "/q/metrics"));
            assertThat(p.isAlive()).isTrue();
            assertThat(p.pid()).isEqualTo(pid);
        } finally {
            if (prometheus != null) {
                prometheus.destroy();
                if (!prometheus.waitFor(20, TimeUnit.SECONDS)) {
                    prometheus.destroyForcibly();
                }
            }
            first.stop(0);
            second.stop(0);
        }
    }

    private String log() {
        try {
            return Files.readString(home.resolve("prometheus.log"));
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** "health scrapeUrl" of the only risk-service target (fails while there are several, i.e. old and new). */
    static String riskTarget(String url) throws Exception {
        List<String> found = new java.util.ArrayList<>();
        for (JsonNode t : get(url + "/api/v1/targets?state=active").path("data").path("activeTargets")) {
            if ("risk-service".equals(t.path("labels").path("service").asText())) {
                assertThat(t.path("labels").path("job").asText()).isEqualTo("risk-service");
                found.add(t.path("health").asText() + " " + t.path("scrapeUrl").asText());
            }
        }
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    static HttpServer metricsServer(String name) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/q/metrics", exchange -> {
            byte[] body = ("# TYPE sextant_test_server gauge\nsextant_test_server{name=\"" + name + "\"} 1\n")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return server;
    }

    static JsonNode get(String url) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
