package dev.sextant.feature.adapter;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sextant.contracts.event.MarketTradeExecuted;
import dev.sextant.contracts.event.OrderBookSnapshotTaken;
import dev.sextant.contracts.id.Ids;
import dev.sextant.contracts.id.Symbol;
import dev.sextant.contracts.json.EventCodec;
import dev.sextant.contracts.topic.Topics;
import dev.sextant.feature.micro.MarketSamples;
import dev.sextant.feature.micro.MicroConfig;
import dev.sextant.feature.micro.MicroFeatureSet;
import dev.sextant.feature.micro.MicroFeatureVector;
import dev.sextant.feature.micro.MicrostructureFeatures;
import dev.sextant.testing.InjectInfra;
import dev.sextant.testing.RealInfraResource;
import dev.sextant.testing.TestInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * feature-service keeps the microstructure features ms-v1 from the {@code orderbook} and {@code market-trades} topics:
 * the carried real Binance samples (2,002 spot trades and 452 best bid/ask updates of BTCUSDT on 2021-01-08) go
 * through the broker and the consumer policy, and the service's vector equals the domain's
 * ({@link MicrostructureFeatures}) fed the same events. A forged far-future book and a garbage payload are
 * dead-lettered with their reason and change nothing. The samples go under their own symbol, so that the candles of
 * the other tests of this application (which feed the zones) do not meet them.
 */
@QuarkusTest
@QuarkusTestResource(value = RealInfraResource.class, initArgs = @ResourceArg(name = "schema", value = "feature"))
class MicroFeaturesTest {
    private static final Symbol SAMPLE = Symbol.of("SAMPLEUSDT");
    private static final Instant TS_INIT = Instant.parse("2026-01-01T00:00:00Z");

    @InjectInfra
    TestInfra infra;

    @Test
    void theRealSamplesThroughTheBrokerGiveTheDomainsVectorAndForgedRecordsAreRefused() {
        List<MarketSamples.RawTrade> trades = MarketSamples.spotTrades();
        List<MarketSamples.Snapshot> books = MarketSamples.spotBookTicker();
        // trades first, then books: the consumers of the two topics run independently, and a read of the newest vector
        // moves the trade windows to the newest event time of either
        trades.forEach(t -> infra.publish(Topics.MARKET_TRADES, trade(t)));
        Instant lastTrade = trades.get(trades.size() - 1).time();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> Instant.parse(latest().getString("eventTime")).equals(lastTrade));
        for (int i = 0; i < books.size(); i++) {
            infra.publish(Topics.ORDERBOOK, book(books.get(i), i + 1));
        }
        Instant last = books.get(books.size() - 1).time().isAfter(lastTrade) ? books.get(books.size() - 1).time() : lastTrade;
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> Instant.parse(latest().getString("eventTime")).equals(last));

        MicrostructureFeatures reference = new MicrostructureFeatures(MicroConfig.defaults(10.0)
                .withMaxBookAge(Duration.ofSeconds(5)).withWindows(Duration.ofMinutes(1), Duration.ofHours(1))
                .withSlippageNotional(10_000));
        trades.forEach(t -> reference.onTrade(t.trade()));
        books.forEach(b -> reference.onBook(b.time(), b.book()));
        MicroFeatureVector expected = reference.vector(last);

        // numbers as doubles (JsonPath's default, float, would lose the values' precision)
        JsonPath served = new JsonPath(given().queryParam("at", last.toString()).when().get("/features/micro/" + SAMPLE.value())
                .then().statusCode(200).extract().asString())
                .using(JsonPathConfig.jsonPathConfig().numberReturnType(JsonPathConfig.NumberReturnType.DOUBLE));
        assertThat(served.getString("version")).isEqualTo(MicroFeatureSet.VERSION);
        assertThat(served.getDouble("profileTick")).as("5 bps of 39,433 floored to a power of ten").isEqualTo(10.0);
        assertThat(served.getBoolean("staleBook")).isEqualTo(expected.staleBook()).isFalse();
        assertThat(served.getBoolean("warm")).isEqualTo(expected.warm());
        Map<String, Object> features = served.getMap("features");
        assertThat(features.keySet()).containsExactlyElementsOf(MicroFeatureSet.NAMES);
        int defined = 0;
        for (String name : MicroFeatureSet.NAMES) {
            double want = expected.value(name);
            Object got = features.get(name);
            if (Double.isNaN(want)) {
                assertThat(got).as(name + " (missing)").isNull();
            } else {
                assertThat(((Number) got).doubleValue()).as(name).isEqualTo(want);
                defined++;
            }
        }
        assertThat(defined).as("book and trade features defined").isGreaterThanOrEqualTo(15);
        assertThat(served.getDouble("features.spread_bps")).isPositive();

        // a forged book dated a year ahead, and garbage: dead-lettered with the reason; the vector is unchanged
        MarketSamples.Snapshot lastBook = books.get(books.size() - 1);
        OrderBookSnapshotTaken forged = book(new MarketSamples.Snapshot(Instant.now().plus(Duration.ofDays(365)),
                lastBook.bids(), lastBook.asks()), books.size() + 1);
        infra.publish(Topics.ORDERBOOK, forged);
        infra.publishRaw(Topics.MARKET_TRADES, SAMPLE.value(), "{\"type\":\"MarketTradeExecuted\",\"price\":\"1e400\"}");
        List<ConsumerRecord<String, String>> dead = new java.util.ArrayList<>();
        dead.addAll(infra.read(Topics.dlq(Topics.ORDERBOOK), 1, Duration.ofSeconds(60)));
        dead.addAll(infra.read(Topics.dlq(Topics.MARKET_TRADES), 1, Duration.ofSeconds(60)));
        assertThat(dead).extracting(r -> TestInfra.header(r, Topics.DLQ_REASON_HEADER))
                .anySatisfy(reason -> assertThat(reason).contains("after the service's clock"))
                .anySatisfy(reason -> assertThat(reason).contains("MarketTradeExecuted"));
        assertThat(dead).extracting(ConsumerRecord::value).contains(EventCodec.encode(forged));
        assertThat(Instant.parse(latest().getString("eventTime"))).isEqualTo(last);
        // and the next genuine trade still flows
        MarketSamples.RawTrade lastTradeRow = trades.get(trades.size() - 1);
        Instant next = last.plusMillis(1);
        infra.publish(Topics.MARKET_TRADES, trade(new MarketSamples.RawTrade(lastTradeRow.id() + 1, next,
                lastTradeRow.price(), lastTradeRow.quantity(), lastTradeRow.aggressor())));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> Instant.parse(latest().getString("eventTime")).equals(next));

        assertThat(given().when().get("/features/micro").then().statusCode(200).extract().jsonPath().getList("symbols"))
                .contains(SAMPLE.value());
        given().when().get("/features/micro/NOPEUSDT").then().statusCode(404);
        given().queryParam("at", "yesterday").when().get("/features/micro/" + SAMPLE.value()).then().statusCode(400);
        given().when().get("/features/micro/not a symbol").then().statusCode(400);
    }

    private static JsonPath latest() {
        return given().when().get("/features/micro/" + SAMPLE.value()).then().statusCode(200).extract().jsonPath();
    }

    private static MarketTradeExecuted trade(MarketSamples.RawTrade t) {
        return new MarketTradeExecuted(Ids.derive("trade", SAMPLE, t.id()), t.time(), TS_INIT, null,
                MarketTradeExecuted.SCHEMA_VERSION, "binance", SAMPLE, t.id(), t.price(), t.quantity(), t.aggressor());
    }

    /** The sample's {@code n}th book (update id n: several share a millisecond). */
    private static OrderBookSnapshotTaken book(MarketSamples.Snapshot b, long n) {
        return new OrderBookSnapshotTaken(Ids.derive("book", SAMPLE, n), b.time(), TS_INIT, null,
                OrderBookSnapshotTaken.SCHEMA_VERSION, "binance", SAMPLE, n, b.bids(), b.asks());
    }
}
