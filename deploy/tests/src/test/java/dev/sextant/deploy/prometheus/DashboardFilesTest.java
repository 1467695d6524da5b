package dev.sextant.deploy.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sextant.deploy.ServiceCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The Grafana dashboards of deploy/grafana/dashboards, statically: Grafana 10/11 JSON, every panel and query on the
 * provisioned Prometheus datasource (uid "prometheus"), the panels issue 9 asks for. That each query returns data
 * against live services is e2e-tests' ObservabilityIT.
 */
class DashboardFilesTest {
    static final Path ROOT = ServiceCatalog.root();
    static final ObjectMapper JSON = new ObjectMapper();

    /** uid → panel titles (case-insensitive substrings) that must exist. */
    static final Map<String, List<String>> REQUIRED = Map.of(
            "sextant-trading", List.of("equity", "p&l", "drawdown", "trades", "win rate", "exposure"),
            "sextant-system", List.of("service up", "consumer lag per group", "events consumed per topic", "pipeline hops p50",
                    "pipeline hops p99", "candle -> fill p50", "candle -> fill p99", "dead letters", "postgresql latency p50",
                    "postgresql latency p99", "redis latency p50", "redis latency p99", "jvm heap", "gc time"),
            "sextant-market-model", List.of("price", "spread", "order-book imbalance", "prediction confidence",
                    "live accuracy beside its baseline", "drift"));

    @Test
    void theProvisionedDatasourceHasTheUidTheDashboardsUse() throws IOException {
        Map<?, ?> doc = new Yaml().load(Files.readString(ROOT.resolve("deploy/grafana/provisioning/datasources/prometheus.yml")));
        assertThat(((List<?>) doc.get("datasources"))).anySatisfy(d -> {
            assertThat(((Map<?, ?>) d).get("uid")).isEqualTo("prometheus");
            assertThat(((Map<?, ?>) d).get("type")).isEqualTo("prometheus");
        });
    }

    @Test
    void everyDashboardIsGrafana10JsonOnThePrometheusDatasource() throws IOException {
        Map<String, JsonNode> dashboards = dashboards();
        assertThat(dashboards.keySet()).containsAll(REQUIRED.keySet());
        for (Map.Entry<String, JsonNode> e : dashboards.entrySet()) {
            JsonNode d = e.getValue();
            String uid = e.getKey();
            assertThat(d.path("schemaVersion").asInt()).as(uid + " schemaVersion (Grafana 10/11)").isBetween(36, 41);
            assertThat(d.path("title").asText()).as(uid + " title").startsWith("Sextant / ");
            assertThat(d.has("id")).as(uid + ": no database id in a provisioned dashboard").isFalse();
            Set<Integer> ids = new HashSet<>();
            for (JsonNode p : panels(d)) {
                String title = uid + " / " + p.path("title").asText();
                assertThat(ids.add(p.path("id").asInt())).as("panel id unique: " + title).isTrue();
                JsonNode grid = p.path("gridPos");
                assertThat(grid.path("x").asInt() + grid.path("w").asInt()).as(title + " fits 24 columns").isLessThanOrEqualTo(24);
                assertThat(grid.path("h").asInt()).as(title + " height").isPositive();
                if ("row".equals(p.path("type").asText())) {
                    continue;
                }
                assertThat(p.path("type").asText()).as(title).isIn("timeseries", "stat", "gauge", "bargauge", "table");
                assertThat(p.path("datasource").path("uid").asText()).as(title + " datasource").isEqualTo("prometheus");
                assertThat(p.path("description").asText()).as(title + " description").isNotBlank();
                assertThat(p.path("targets")).as(title + " targets").isNotEmpty();
                Set<String> refIds = new HashSet<>();
                for (JsonNode t : p.path("targets")) {
                    assertThat(t.path("datasource").path("uid").asText()).as(title + " target datasource").isEqualTo("prometheus");
                    assertThat(t.path("expr").asText()).as(title + " expr").isNotBlank();
                    assertThat(refIds.add(t.path("refId").asText())).as(title + " refId unique").isTrue();
                    // No fallback that would show a value without the metric (ObservabilityIT must see missing metrics).
                    assertThat(t.path("expr").asText()).as(title).doesNotContain("vector(").doesNotContain("absent(");
                }
            }
            for (JsonNode v : d.path("templating").path("list")) {
                assertThat(v.path("datasource").path("uid").asText()).as(uid + " variable " + v.path("name")).isEqualTo("prometheus");
            }
        }
    }

    @Test
    void theDashboardsHaveThePanelsTheIssueAsksFor() throws IOException {
        Map<String, JsonNode> dashboards = dashboards();
        REQUIRED.forEach((uid, titles) -> {
            List<String> have = panels(dashboards.get(uid)).stream().map(p -> p.path("title").asText().toLowerCase()).toList();
            for (String t : titles) {
                assertThat(have).as(uid + " has a panel titled like '" + t + "'").anyMatch(h -> h.contains(t));
            }
        });
    }

    static Map<String, JsonNode> dashboards() throws IOException {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        try (Stream<Path> s = Files.list(ROOT.resolve("deploy/grafana/dashboards"))) {
            for (Path f : s.sorted().toList()) {
                assertThat(f.getFileName().toString()).as("only dashboards in deploy/grafana/dashboards").endsWith(".json");
                JsonNode d = JSON.readTree(f.toFile());
                String uid = d.path("uid").asText();
                assertThat(f.getFileName().toString()).as("file named by its uid").isEqualTo(uid + ".json");
                assertThat(out.put(uid, d)).as("uid unique: " + uid).isNull();
            }
        }
        return out;
    }

    static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> out = new ArrayList<>();
        dashboard.path("panels").forEach(p -> {
            out.add(p);
            p.path("panels").forEach(out::add);
        });
        return out;
    }
}
