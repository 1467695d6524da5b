package dev.sextant.gateway.adapter;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.topic.Topics;
import dev.sextant.gateway.TestEvents;
import dev.sextant.testing.InjectInfra;
import dev.sextant.testing.RealInfraResource;
import dev.sextant.testing.TestInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The WebSocket /ws, the dashboard page and its chart library, and the OpenAPI document. */
@QuarkusTest
@QuarkusTestResource(value = RealInfraResource.class, initArgs = @ResourceArg(name = "schema", value = "gateway"))
class LiveSocketAndDashboardTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @InjectInfra
    TestInfra infra;

    @TestHTTPResource("/ws")
    URI wsUri;

    @Test
    void aClientGetsTheBotStatusOnConnectThenPriceUpdates() throws Exception {
        Collector messages = new Collector();
        URI uri = URI.create(wsUri.toString().replaceFirst("^http", "ws"));
        try (HttpClient http = HttpClient.newHttpClient()) {
            WebSocket socket = http.newWebSocketBuilder().buildAsync(uri, messages).get(10, TimeUnit.SECONDS);
            try {
                await().atMost(Duration.ofSeconds(10)).until(() -> !messages.all().isEmpty());
                JsonNode hello = messages.all().get(0);
                assertThat(hello.path("type").asText()).isEqualTo("bot_status");
                assertThat(hello.path("data").path("state").asText()).isNotBlank();

                CandleClosed candle = TestEvents.candle("WSUSDT", 7, "4321.5");
                infra.publish(Topics.CANDLES, candle);

                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(messages.all())
                        .filteredOn(m -> m.path("type").asText().equals("price_update"))
                        .anySatisfy(m -> {
                            JsonNode data = m.path("data");
                            assertThat(data.path("eventId").asText()).isEqualTo(candle.eventId().value());
                            assertThat(data.path("symbol").asText()).isEqualTo("WSUSDT");
                            assertThat(data.path("close").decimalValue()).isEqualByComparingTo("4321.5");
                            assertThat(data.path("openTime").asText()).isEqualTo(candle.openTime().toString());
                        }));
            } finally {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void theDashboardAndItsChartLibraryAreServed() {
        given().when().get("/")
                .then().statusCode(200)
                .contentType(containsString("text/html"))
                .body(containsString("id=\"chart\""))
                .body(containsString("id=\"bot-status\""))
                .body(containsString("id=\"btn-pause\""))
                .body(containsString("id=\"live-performance\""))
                .body(containsString("id=\"page-backtests\""))
                .body(containsString("id=\"bt-form\""))
                .body(containsString("/backtests.js"))
                .body(containsString("Binance public market data"))
                .body(containsString("/vendor/lightweight-charts/lightweight-charts.standalone.production.js"));
        given().when().get("/vendor/lightweight-charts/lightweight-charts.standalone.production.js")
                .then().statusCode(200)
                .body(containsString("window.LightweightCharts"))
                .body(containsString("createSeriesMarkers"));
        given().when().get("/dashboard.js")
                .then().statusCode(200).body(containsString("new WebSocket("));
        given().when().get("/backtests.js")
                .then().statusCode(200).body(containsString("/backtests")).body(containsString("backtest_progress"));
        given().when().get("/dashboard.css").then().statusCode(200);
    }

    @Test
    void theOpenApiDocumentListsTheEndpoints() {
        String doc = given().accept("application/json").when().get("/q/openapi?format=json")
                .then().statusCode(200).extract().asString();
        assertThat(doc).contains("/api/v1/status", "/api/v1/market/candles", "/api/v1/market/price",
                "/api/v1/predictions/latest", "/api/v1/predictions/history", "/api/v1/trades", "/api/v1/positions",
                "/api/v1/bot/start", "/api/v1/bot/stop", "/api/v1/bot/pause", "/api/v1/bot/resume", "/api/v1/backtests",
                "/api/v1/backtests/{id}", "/api/v1/backtests/{id}/report", "/api/v1/backtests/{id}/trades.csv",
                "/api/v1/backtests/{id}/equity.csv", "/api/v1/backtests/options", "/api/v1/performance");
        given().when().get("/q/swagger-ui/").then().statusCode(200);
    }

    /** Collects whole text messages as JSON. */
    static final class Collector implements WebSocket.Listener {
        private final List<JsonNode> messages = new CopyOnWriteArrayList<>();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    messages.add(JSON.readTree(partial.toString()));
                } catch (Exception e) {
                    throw new IllegalStateException("not JSON: " + partial, e);
                } finally {
                    partial.setLength(0);
                }
            }
            webSocket.request(1);
            return null;
        }

        List<JsonNode> all() {
            return List.copyOf(messages);
        }
    }
}
