package dev.sextant.gateway.adapter;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sextant.testing.RealInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A gateway started over a runs folder that holds a run left RUNNING by the previous process (as after a crash or a
 * restart mid-run), with room for one run and no queue: the old run reads FAILED, and a second request while one
 * runs gets 429.
 */
@QuarkusTest
@TestProfile(BacktestLimitsAndRestartTest.OneAtATime.class)
@QuarkusTestResource(value = RealInfraResource.class, initArgs = @ResourceArg(name = "schema", value = "gateway"))
class BacktestLimitsAndRestartTest {
    static final String INTERRUPTED = "bt-20250301-115900-00000a";

    /** max-running 1, max-queued 0, over a folder with one run.json of a RUNNING run. */
    public static class OneAtATime implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Path dir = Files.createTempDirectory(Path.of("target"), "backtests-restart-");
                Path run = Files.createDirectories(dir.resolve(INTERRUPTED));
                Files.writeString(run.resolve("run.json"), """
                        {"id": "%s", "status": "RUNNING",
                         "request": {"symbols": ["BTCUSDT"], "interval": "1h", "from": "2024-01-01T00:00:00Z",
                                     "to": "2024-06-01T00:00:00Z", "strategy": "model", "settings": {},
                                     "capital": 10000, "slippage": 0.0005, "takerFee": 0.001},
                         "createdAt": "2025-03-01T11:59:00Z", "startedAt": "2025-03-01T11:59:01Z", "finishedAt": null,
                         "error": null, "candles": 3648, "figures": null}
                        """.formatted(INTERRUPTED));
                return Map.of("sextant.gateway.backtests.dir", dir.toString(),
                        "sextant.gateway.backtests.max-running", "1",
                        "sextant.gateway.backtests.max-queued", "0");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Test
    void aRunInterruptedByTheRestartIsFailed() {
        given().when().get("/api/v1/backtests/" + INTERRUPTED)
                .then().statusCode(200)
                .body("status", equalTo("FAILED"))
                .body("error", startsWith("interrupted by a restart: the gateway stopped while the run was running"))
                .body("request.strategy", equalTo("model"))
                .body("links.report", equalTo(null));
        given().when().get("/api/v1/backtests/" + INTERRUPTED + "/report")
                .then().statusCode(404).body("message", startsWith("backtest " + INTERRUPTED + " has no report.html yet: it is FAILED"));
    }

    @Test
    void aRequestBeyondTheRunningAndQueuedLimitGets429() {
        String body = """
                {"symbols": ["BTCUSDT", "ETHUSDT"], "from": "2024-01-01", "to": "2025-01-01", "strategy": "always-long"}""";
        String first = BacktestApiTest.start(body);
        given().contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/backtests")
                .then().statusCode(429).contentType(ContentType.JSON)
                .body("status", equalTo(429))
                .body("message", equalTo("too many backtests: 1 running or queued, the limit is 1"
                        + " (sextant.gateway.backtests.max-running 1 + max-queued 0); try again when one has finished"));
        JsonNode run = BacktestApiTest.awaitEnd(first);
        assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("DONE");
        assertThat(run.path("candles").asLong()).isEqualTo(2 * 366 * 24);
        // room again
        String second = BacktestApiTest.start("""
                {"symbols": ["BTCUSDT"], "from": "2024-01-01", "to": "2024-01-03", "strategy": "always-long"}""");
        assertThat(BacktestApiTest.awaitEnd(second).path("status").asText()).isEqualTo("DONE");
    }
}
