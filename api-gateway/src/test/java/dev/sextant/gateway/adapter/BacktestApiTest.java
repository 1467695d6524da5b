package dev.sextant.gateway.adapter;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sextant.backtest.Backtester;
import dev.sextant.backtest.MarketData;
import dev.sextant.backtest.report.BacktestResult;
import dev.sextant.backtest.report.EquityCsv;
import dev.sextant.backtest.report.SummaryJson;
import dev.sextant.backtest.report.TradesCsv;
import dev.sextant.contracts.event.Interval;
import dev.sextant.execution.domain.ExecutionSettings;
import dev.sextant.testing.RealInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Backtests through the API: a run on the bundled candles gives exactly the backtester library's figures, its report
 * files are served, bad bodies get a message per field, unknown ids 404, and progress arrives on /ws.
 */
@QuarkusTest
@QuarkusTestResource(value = RealInfraResource.class, initArgs = @ResourceArg(name = "schema", value = "gateway"))
class BacktestApiTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String ID = "bt-[0-9]{8}-[0-9]{6}-[0-9a-f]{6}";
    static final List<String> FIGURES = List.of("totalReturn", "cagr", "maxDrawdown", "sharpe", "winRate", "profitFactor",
            "trades", "feesPaid", "initialEquity", "finalEquity", "exposure");

    @TestHTTPResource("/ws")
    URI wsUri;

    /** Starts a run and returns its id (asserting the 202, its Location and its body). */
    static String start(String body) {
        Response response = given().contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/backtests")
                .then().statusCode(202)
                .contentType(ContentType.JSON)
                .body("id", matchesPattern(ID))
                .body("status", matchesPattern("QUEUED|RUNNING"))
                .extract().response();
        String id = response.path("id");
        assertThat(response.header("Location")).endsWith("/api/v1/backtests/" + id);
        return id;
    }

    /** Waits (driven by the run's status, polled) until the run has ended; returns it. */
    static JsonNode awaitEnd(String id) {
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200)).until(() -> {
            String status = given().when().get("/api/v1/backtests/" + id).then().statusCode(200).extract().path("status");
            return status.equals("DONE") || status.equals("FAILED");
        });
        return read(given().when().get("/api/v1/backtests/" + id).then().statusCode(200).extract().asString());
    }

    static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(json, e);
        }
    }

    /** The summary without the throughput, which differs between two runs of the same input. */
    static JsonNode withoutTiming(JsonNode summary) {
        ObjectNode copy = summary.deepCopy();
        copy.remove("candlesPerSecond");
        ((ObjectNode) copy.get("run")).remove("candlesPerSecond");
        return copy;
    }

    @Test
    void aRunGivesExactlyTheLibrarysFiguresAndServesItsReport() throws Exception {
        String id = start("""
                {"symbols": ["BTCUSDT"], "interval": "1h", "from": "2024-01-01", "to": "2024-01-15", "strategy": "always-long"}""");
        JsonNode run = awaitEnd(id);
        assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("DONE");
        assertThat(run.path("progress").asDouble()).isEqualTo(1.0);
        assertThat(run.path("candles").asLong()).isEqualTo(14 * 24);
        assertThat(run.path("candlesTotal").asLong()).isEqualTo(2 * 14 * 24);
        assertThat(run.path("request").path("symbols").toString()).isEqualTo("[\"BTCUSDT\"]");
        assertThat(run.path("request").path("from").asText()).isEqualTo("2024-01-01T00:00:00Z");
        assertThat(run.path("request").path("strategy").asText()).isEqualTo("always-long");
        assertThat(Instant.parse(run.path("finishedAt").asText())).isAfterOrEqualTo(Instant.parse(run.path("startedAt").asText()));

        // the same input through the library directly
        JsonNode summary = run.path("summary");
        Instant from = Instant.parse("2024-01-01T00:00:00Z");
        Instant to = Instant.parse("2024-01-15T00:00:00Z");
        MarketData market = new MarketData(MarketData.defaultDataDir());
        MarketData.Loaded data = MarketData.load(List.of(market.bundled("BTCUSDT", Interval.H1)), Interval.H1, from, to);
        BacktestResult direct = Backtester.run(data, Interval.H1, from, to, new Backtester.Request("always-long", null, Map.of(),
                ExecutionSettings.defaults(), summary.at("/run/codeVersion").asText()), n -> { });
        JsonNode expected = read(JSON.writeValueAsString(SummaryJson.toJson(direct)));
        assertThat(summary.at("/run/codeVersion").asText()).startsWith("api-gateway ");
        assertThat(withoutTiming(summary)).isEqualTo(withoutTiming(expected));
        assertThat(summary.path("trades").asInt()).isPositive();

        // the headline figures are the summary's, beside the baselines'
        for (String figure : FIGURES) {
            assertThat(run.at("/figures/strategy/" + figure)).as(figure).isEqualTo(summary.get(figure));
            assertThat(run.at("/figures/buyAndHold/" + figure)).as(figure).isEqualTo(summary.at("/baselines/buyAndHold/" + figure));
            assertThat(run.at("/figures/alwaysLong/" + figure)).as(figure).isEqualTo(summary.at("/baselines/alwaysLong/" + figure));
        }
        assertThat(run.at("/figures/strategy/losesMoney").asBoolean()).isEqualTo(summary.get("totalReturn").asDouble() < 0);

        // listed, newest first, with the same figures
        JsonNode listed = null;
        for (JsonNode item : read(given().when().get("/api/v1/backtests").then().statusCode(200).extract().asString())) {
            if (item.path("id").asText().equals(id)) {
                listed = item;
            }
        }
        assertThat(listed).as("run %s in the list", id).isNotNull();
        assertThat(listed.path("status").asText()).isEqualTo("DONE");
        assertThat(listed.path("figures")).isEqualTo(run.path("figures"));
        assertThat(listed.has("summary")).isFalse();
        assertThat(listed.at("/links/report").asText()).isEqualTo("/api/v1/backtests/" + id + "/report");

        // the report: the strategy's name and its figures beside buy-and-hold's, as the report formats them
        String report = given().when().get("/api/v1/backtests/" + id + "/report")
                .then().statusCode(200).contentType(containsString("text/html")).extract().asString();
        assertThat(report).contains("<span class=\"strategy-name\">always-long</span>")
                .contains(">" + reportPercent(summary.get("totalReturn").asDouble()) + "<")
                .contains(">" + reportPercent(summary.at("/baselines/buyAndHold/totalReturn").asDouble()) + "<")
                .contains("window.reportReady");
        String trades = given().when().get("/api/v1/backtests/" + id + "/trades.csv")
                .then().statusCode(200).contentType(containsString("text/csv")).extract().asString();
        assertThat(trades).startsWith("# strategy: always-long\n").contains(TradesCsv.HEADER + "\n");
        assertThat(trades.lines().filter(l -> !l.startsWith("#")).count()).isEqualTo(1 + summary.get("trades").asLong());
        String equity = given().when().get("/api/v1/backtests/" + id + "/equity.csv")
                .then().statusCode(200).extract().asString();
        assertThat(equity).contains(EquityCsv.HEADER + "\n");
        assertThat(equity.lines().filter(l -> !l.startsWith("#")).count()).isEqualTo(1 + 1 + 14 * 24); // header, start, closes
    }

    /** A fraction as the report writes it: {@code +1.23 %}, with a typographic minus. */
    static String reportPercent(double fraction) {
        return String.format(Locale.ROOT, "%+,.2f %%", fraction * 100).replace('-', '−');
    }

    @Test
    void badBodiesGet400WithTheMessageOfEachField() {
        given().contentType(ContentType.JSON).body("""
                {"symbols": ["DOGEUSDT"], "from": "2024-02-01", "to": "2024-02-01", "strategy": "moon",
                 "settings": {"leverage": 10}}""")
                .when().post("/api/v1/backtests")
                .then().statusCode(400).contentType(ContentType.JSON)
                .body("status", equalTo(400))
                .body("fields.symbols", equalTo("no bundled 1h candles for DOGEUSDT (bundled: BTCUSDT 15m, BTCUSDT 1h, BTCUSDT 1m, ETHUSDT 1h, ETHUSDT 1m, SOLUSDT 1h)"))
                .body("fields.to", equalTo("the date range is empty: to 2024-02-01T00:00:00Z is not after from 2024-02-01T00:00:00Z"))
                .body("fields.strategy", equalTo("unknown strategy 'moon': choose one of model, always-long, ema-trend"))
                .body("fields.'settings.leverage'", startsWith("unknown risk setting 'leverage' (known: "))
                .body("message", startsWith("invalid backtest request: symbols: no bundled 1h candles for DOGEUSDT"))
                .body("message", containsString("strategy: unknown strategy 'moon'"));
        given().contentType(ContentType.JSON).body("""
                {"symbols": ["BTCUSDT"], "from": "2030-01-01", "to": "2030-02-01", "strategy": "always-long"}""")
                .when().post("/api/v1/backtests")
                .then().statusCode(400)
                .body("fields.from", startsWith("no BTCUSDT candle between 2030-01-01T00:00:00Z and 2030-02-01T00:00:00Z"));
        given().contentType(ContentType.JSON).body("""
                {"symbols": ["../../pom.xml"], "from": "2024-01-01", "to": "2024-01-02", "settings": {"risk-per-trade": 7}}""")
                .when().post("/api/v1/backtests")
                .then().statusCode(400)
                .body("fields.symbols", startsWith("'../../pom.xml' is not a symbol"))
                .body("fields.'settings.risk-per-trade'", containsString("must be a fraction above 0 up to 1"));
        given().contentType(ContentType.JSON).body("{\"symbols\": [\"BTCUSDT\"], ")
                .when().post("/api/v1/backtests")
                .then().statusCode(400).body("fields.body", startsWith("is not JSON"));
        given().contentType(ContentType.JSON).body("""
                {"symbols": ["BTCUSDT"], "from": "2024/01/01", "to": "2024-01-02", "capital": 0}""")
                .when().post("/api/v1/backtests")
                .then().statusCode(400)
                .body("fields.from", equalTo("from '2024/01/01' is not a date: write it as 2024-01-31 or 2024-01-31T00:00:00Z"))
                .body("fields.capital", startsWith("sextant.execution.initial-capital must be a positive amount"));
    }

    @Test
    void unknownAndMalformedIdsGet404() {
        given().when().get("/api/v1/backtests/bt-20990101-000000-abcdef")
                .then().statusCode(404).contentType(ContentType.JSON)
                .body("message", startsWith("no backtest bt-20990101-000000-abcdef"));
        given().when().get("/api/v1/backtests/bt-20990101-000000-abcdef/report").then().statusCode(404);
        given().when().get("/api/v1/backtests/bt-20990101-000000-abcdef/trades.csv").then().statusCode(404);
        given().when().get("/api/v1/backtests/not-an-id/equity.csv").then().statusCode(404);
        given().urlEncodingEnabled(false).when().get("/api/v1/backtests/..%2F..%2Fpom.xml/report").then().statusCode(404);
        given().urlEncodingEnabled(false).when().get("/api/v1/backtests/%2E%2E/report").then().statusCode(404);
        given().queryParam("limit", 0).when().get("/api/v1/backtests").then().statusCode(400)
                .body("message", equalTo("limit 0 is out of range: must be in 1..1000"));
    }

    @Test
    void theOptionsListTheBundledDataStrategiesAndSettings() {
        given().when().get("/api/v1/backtests/options")
                .then().statusCode(200)
                .body("data.findAll { it.interval == '1h' }.symbol", org.hamcrest.Matchers.contains("BTCUSDT", "ETHUSDT", "SOLUSDT"))
                .body("data.findAll { it.interval == '1m' }.symbol", org.hamcrest.Matchers.contains("BTCUSDT", "ETHUSDT"))
                .body("data.find { it.symbol == 'BTCUSDT' && it.interval == '1h' }.first", equalTo("2018-01-01T00:00:00Z"))
                .body("data.find { it.symbol == 'BTCUSDT' && it.interval == '1h' }.last", equalTo("2026-04-30T03:00:00Z"))
                .body("data.find { it.symbol == 'SOLUSDT' }.first", equalTo("2020-08-11T06:00:00Z"))
                .body("data.find { it.symbol == 'ETHUSDT' && it.interval == '1m' }.rows", equalTo(66087))
                .body("strategies", org.hamcrest.Matchers.contains("model", "always-long", "ema-trend"))
                .body("settings.'confidence-threshold'", equalTo("0.55"))
                .body("capital", equalTo(10000.0f))
                .body("maxRunning", equalTo(1));
    }

    @Test
    void progressAndTheEndArriveOnTheWebSocket() throws Exception {
        LiveSocketAndDashboardTest.Collector messages = new LiveSocketAndDashboardTest.Collector();
        URI uri = URI.create(wsUri.toString().replaceFirst("^http", "ws"));
        try (HttpClient http = HttpClient.newHttpClient()) {
            WebSocket socket = http.newWebSocketBuilder().buildAsync(uri, messages).get(10, TimeUnit.SECONDS);
            try {
                await().atMost(Duration.ofSeconds(10)).until(() -> !messages.all().isEmpty()); // bot_status: connected
                String id = start("""
                        {"symbols": ["ETHUSDT"], "from": "2024-02-01", "to": "2024-02-15", "strategy": "ema-trend",
                         "settings": {"risk-per-trade": 0.01}}""");
                await().atMost(Duration.ofMinutes(3)).until(() -> messages.all().stream().anyMatch(m ->
                        m.path("type").asText().equals("backtest_done") && m.at("/data/id").asText().equals(id)));

                List<JsonNode> progress = messages.all().stream()
                        .filter(m -> m.path("type").asText().equals("backtest_progress") && m.at("/data/id").asText().equals(id))
                        .map(m -> m.path("data")).toList();
                assertThat(progress).extracting(p -> p.path("phase").asText())
                        .startsWith("loading", "strategy")
                        .contains("alwaysLong");
                assertThat(progress).allSatisfy(p -> {
                    assertThat(p.path("status").asText()).isEqualTo("RUNNING");
                    assertThat(p.path("progress").asDouble()).isBetween(0.0, 1.0);
                    assertThat(p.path("candlesDone").asLong()).isLessThanOrEqualTo(p.path("candlesTotal").asLong());
                });
                JsonNode strategy = progress.stream().filter(p -> p.path("phase").asText().equals("strategy")).findFirst().orElseThrow();
                assertThat(strategy.path("candlesTotal").asLong()).isEqualTo(2 * 14 * 24);
                JsonNode alwaysLong = progress.stream().filter(p -> p.path("phase").asText().equals("alwaysLong")).findFirst().orElseThrow();
                assertThat(alwaysLong.path("candlesDone").asLong()).isGreaterThanOrEqualTo(14 * 24);
                assertThat(alwaysLong.path("progress").asDouble()).isGreaterThanOrEqualTo(0.5);

                JsonNode done = messages.all().stream()
                        .filter(m -> m.path("type").asText().equals("backtest_done") && m.at("/data/id").asText().equals(id))
                        .findFirst().orElseThrow().path("data");
                JsonNode run = awaitEnd(id);
                assertThat(done.path("status").asText()).isEqualTo("DONE");
                assertThat(done.path("progress").asDouble()).isEqualTo(1.0);
                assertThat(done.path("figures")).isEqualTo(run.path("figures"));
                assertThat(done.at("/figures/strategy/totalReturn")).isEqualTo(run.at("/summary/totalReturn"));
                assertThat(run.at("/summary/run/parameters/risk-per-trade").asText()).isEqualTo("0.01");
            } finally {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void theLocationOfARunIsItsView() {
        String id = start("""
                {"symbols": ["BTCUSDT", "ETHUSDT"], "from": "2024-03-01", "to": "2024-03-03", "strategy": "model"}""");
        JsonNode run = awaitEnd(id);
        assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("DONE");
        assertThat(run.at("/summary/run/modelId").asText()).startsWith("direction-logreg");
        assertThat(run.at("/summary/run/symbols").toString()).isEqualTo("[\"BTCUSDT\",\"ETHUSDT\"]");
        given().when().get(run.at("/links/trades").asText()).then().statusCode(200)
                .header("Content-Disposition", endsWith(id + "-trades.csv\""));
    }
}
