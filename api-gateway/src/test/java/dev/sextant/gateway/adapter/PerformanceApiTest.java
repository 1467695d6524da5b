package dev.sextant.gateway.adapter;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.sextant.contracts.topic.Topics;
import dev.sextant.gateway.PerformanceFixture;
import dev.sextant.testing.InjectInfra;
import dev.sextant.testing.RealInfraResource;
import dev.sextant.testing.TestInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/v1/performance}: the live figures from the gateway's own candles and trades (published on the
 * topics), computed as the backtester computes them, checked against the hand-worked {@link PerformanceFixture}.
 * The fixture's events are on 2024-01-15 before 06:00, before every other test's market time, so they do not move
 * "today" of the account tests.
 */
@QuarkusTest
@QuarkusTestResource(value = RealInfraResource.class, initArgs = @ResourceArg(name = "schema", value = "gateway"))
class PerformanceApiTest {
    private static final String SYMBOL = "PERFUSDT";

    @InjectInfra
    TestInfra infra;

    @Test
    void liveFiguresBesideBuyAndHoldOverTheSameCandles() {
        PerformanceFixture.candles(SYMBOL).forEach(c -> infra.publish(Topics.CANDLES, c));
        PerformanceFixture.decisions(SYMBOL).forEach(d -> infra.publish(Topics.SIGNALS, d));
        PerformanceFixture.fills(SYMBOL).forEach(f -> infra.publish(Topics.FILLS, f));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given()
                .queryParam("symbols", SYMBOL).queryParam("interval", "1h")
                .when().get("/api/v1/performance")
                .then().statusCode(200)
                .body("candles", equalTo(6))
                .body("strategy.trades", equalTo(2))
                .body("openTrades", equalTo(1)));

        JsonNode p = BacktestApiTest.read(given().queryParam("symbols", SYMBOL).queryParam("interval", "1h")
                .when().get("/api/v1/performance").then().statusCode(200).extract().asString());
        assertThat(p.path("symbols").toString()).isEqualTo("[\"" + SYMBOL + "\"]");
        assertThat(p.path("interval").asText()).isEqualTo("1h");
        assertThat(p.path("start").asText()).isEqualTo("2024-01-15T00:00:00Z");
        assertThat(p.path("end").asText()).isEqualTo("2024-01-15T05:59:59.999Z");
        assertThat(p.path("initialCapital").decimalValue()).isEqualByComparingTo("10000");
        JsonNode live = p.path("strategy");
        assertThat(live.path("totalReturn").asDouble()).isCloseTo(PerformanceFixture.TOTAL_RETURN, within(1e-12));
        assertThat(live.path("maxDrawdown").asDouble()).isCloseTo(PerformanceFixture.MAX_DRAWDOWN, within(1e-12));
        assertThat(live.path("winRate").asDouble()).isEqualTo(0.5);
        assertThat(live.path("profitFactor").asDouble()).isCloseTo(1 / 3.0, within(1e-12));
        assertThat(live.path("feesPaid").decimalValue()).isEqualByComparingTo("2");
        assertThat(live.path("finalEquity").decimalValue()).isEqualByComparingTo("9984.5");
        assertThat(live.path("losesMoney").asBoolean()).isTrue();
        JsonNode hold = p.path("buyAndHold");
        assertThat(hold.path("totalReturn").asDouble()).isCloseTo(PerformanceFixture.HOLD_RETURN, within(1e-9));
        assertThat(hold.path("maxDrawdown").asDouble()).isCloseTo(PerformanceFixture.HOLD_MAX_DRAWDOWN, within(1e-9));
        assertThat(hold.path("trades").asInt()).isZero();
        assertThat(hold.path("winRate").isNull()).isTrue();
    }

    @Test
    void badParametersGet400AndNoCandles404() {
        given().queryParam("symbols", "btc-usdt").when().get("/api/v1/performance")
                .then().statusCode(400).body("message", containsString("invalid symbol 'btc-usdt'"));
        given().queryParam("interval", "7m").when().get("/api/v1/performance")
                .then().statusCode(400).body("message", containsString("unknown interval '7m'"));
        given().queryParam("symbols", "NOCANDLEUSDT").queryParam("interval", "1h").when().get("/api/v1/performance")
                .then().statusCode(404).body("message", equalTo("no 1h candle of [NOCANDLEUSDT] yet: nothing to measure"));
    }
}
