package dev.sextant.feature.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.event.FeaturesComputed;
import dev.sextant.contracts.event.Interval;
import dev.sextant.contracts.id.Ids;
import dev.sextant.contracts.id.Symbol;
import dev.sextant.contracts.json.EventCodec;
import dev.sextant.contracts.topic.Topics;
import dev.sextant.feature.BtcCandles;
import dev.sextant.feature.Candles;
import dev.sextant.feature.domain.FeatureEngine;
import dev.sextant.feature.domain.FeatureSet;
import dev.sextant.feature.domain.FeatureVector;
import dev.sextant.feature.domain.SeriesKey;
import dev.sextant.testing.InjectInfra;
import dev.sextant.testing.RealInfraResource;
import dev.sextant.testing.TestInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = RealInfraResource.class, initArgs = @ResourceArg(name = "schema", value = "feature"))
class FeatureServiceTest {

    private static final Instant TS_INIT = Instant.parse("2026-11-21T00:00:00Z");
    /** 60 consecutive real candles, across the 2018-02-08 33-hour gap. */
    private static final int FIRST = 880;
    private static final int COUNT = 60;

    @InjectInfra
    TestInfra infra;

    @Inject
    FeatureMetrics metrics;

    @Inject
    io.micrometer.core.instrument.MeterRegistry registry;

    @Inject
    FeatureState state;

    @Inject
    CandleWindowRepository repository;

    @Inject
    StateRebuilder rebuilder;

    @Test
    void publishesOneFeatureVectorPerCandleAndDropsDuplicates() {
        List<BtcCandles.Row> rows = BtcCandles.all().subList(FIRST, FIRST + COUNT);
        assertThat(rows.get(31).openTime()).isEqualTo(Instant.parse("2018-02-08T00:00:00Z"));
        assertThat(rows.get(32).openTime()).isEqualTo(Instant.parse("2018-02-09T10:00:00Z"));
        List<CandleClosed> candles = rows.stream().map(r -> Candles.of("BTCUSDT", r, TS_INIT)).toList();
        candles.forEach(c -> infra.publish(Topics.CANDLES, c));

        List<FeaturesComputed> features = readFeatures("BTCUSDT", COUNT, Duration.ofSeconds(60));
        assertThat(features).hasSize(COUNT);
        FeatureEngine reference = new FeatureEngine();
        for (int i = 0; i < COUNT; i++) {
            CandleClosed candle = candles.get(i);
            FeaturesComputed f = features.get(i);
            FeatureVector expected = reference.update(rows.get(i).toBar());
            assertThat(f.eventId()).isEqualTo(Ids.derivedFrom("features", candle.eventId()));
            assertThat(f.causationId()).isEqualTo(candle.eventId());
            assertThat(f.tsEvent()).isEqualTo(candle.closeTime());
            assertThat(f.candleOpenTime()).isEqualTo(candle.openTime());
            assertThat(f.symbol()).isEqualTo(Symbol.of("BTCUSDT"));
            assertThat(f.interval()).isEqualTo(Interval.H1);
            assertThat(f.featureSetVersion()).isEqualTo("fs-v1");
            assertThat(f.names()).containsExactlyElementsOf(FeatureSet.NAMES);
            assertThat(f.warm()).as("warm at candle %d", i).isEqualTo(i >= FeatureEngine.WARM_UP_BARS - 1);
            assertThat(f.values()).as("values at candle %d", i).containsExactlyElementsOf(expected.values());
        }
        assertThat(features.get(0).values().subList(1, FeatureSet.SIZE)).containsOnlyNulls();
        assertThat(features.get(COUNT - 1).values()).doesNotContainNull();

        double duplicatesBefore = metrics.duplicates();
        infra.publish(Topics.CANDLES, candles.get(30));
        infra.publish(Topics.CANDLES, candles.get(COUNT - 1));
        await().atMost(Duration.ofSeconds(30)).until(() -> metrics.duplicates() >= duplicatesBefore + 2);
        assertThat(readFeatures("BTCUSDT", COUNT + 1, Duration.ofSeconds(3))).hasSize(COUNT);
        assertThat(repository.count(new SeriesKey(Symbol.of("BTCUSDT"), Interval.H1))).isEqualTo(COUNT);
    }

    @Test
    void malformedCandlesGoToTheDeadLetterTopicWithAReason() throws Exception {
        String notACandle = "{\"type\":\"CandleClosed\",\"symbol\":\"ETHUSDT\"}";
        infra.publishRaw(Topics.CANDLES, "ETHUSDT", notACandle);
        CandleClosed real = Candles.of("ETHUSDT", BtcCandles.all().get(5000), TS_INIT);
        // No constructor builds a candle whose high is below its low: the payload is edited as a forger would.
        com.fasterxml.jackson.databind.node.ObjectNode highBelowLow = (com.fasterxml.jackson.databind.node.ObjectNode)
                dev.sextant.contracts.json.Json.mapper().readTree(EventCodec.encode(real));
        highBelowLow.put("high", real.low());
        highBelowLow.put("low", real.high().add(BigDecimal.ONE));
        String badPrices = highBelowLow.toString();
        infra.publishRaw(Topics.CANDLES, "ETHUSDT", badPrices);

        List<ConsumerRecord<String, String>> dead = infra.read(Topics.dlq(Topics.CANDLES), 2, Duration.ofSeconds(60));
        assertThat(dead).extracting(ConsumerRecord::value).containsExactlyInAnyOrder(notACandle, badPrices);
        for (ConsumerRecord<String, String> r : dead) {
            String reason = TestInfra.header(r, Topics.DLQ_REASON_HEADER);
            assertThat(reason).as("reason of %s", r.value()).isNotBlank();
            if (r.value().equals(badPrices)) {
                assertThat(reason).contains("is below low");
            } else {
                assertThat(reason).contains("CandleClosed");
            }
        }
        assertThat(registry.counter("sextant.consumer.records", "consumer", Topics.CANDLES, "outcome", "dead_lettered").count())
                .isGreaterThanOrEqualTo(2);
        assertThat(readFeatures("ETHUSDT", 1, Duration.ofSeconds(2))).isEmpty();
    }

    @Test
    void stateRebuiltFromTheStoredWindowGivesTheSameNextVectorAsAnUninterruptedEngine() {
        await().atMost(Duration.ofSeconds(30)).until(state::isRebuilt);
        SeriesKey key = new SeriesKey(Symbol.of("SOLUSDT"), Interval.H1);
        List<BtcCandles.Row> rows = BtcCandles.all().subList(20_000, 20_701);
        FeatureEngine uninterrupted = new FeatureEngine();
        for (int i = 0; i < 700; i++) {
            repository.save(Candles.of("SOLUSDT", rows.get(i), TS_INIT), (i + 1) % CandleWindowRepository.TRIM_EVERY == 0);
            uninterrupted.update(rows.get(i).toBar());
        }
        assertThat(repository.count(key)).isBetween(500L, 500L + CandleWindowRepository.TRIM_EVERY);

        StateRebuilder.Rebuilt rebuilt = rebuilder.rebuild();
        assertThat(rebuilt.streams().barCount(key)).isEqualTo(500);
        assertThat(rebuilt.streams().lastOpenTime(key)).isEqualTo(rows.get(699).openTime());
        // none of them was published: a start-up would publish their features
        assertThat(rebuilt.pending()).filteredOn(p -> p.candle().symbol().equals(key.symbol())).hasSize(500);

        FeatureVector expected = uninterrupted.update(rows.get(700).toBar());
        FeatureVector actual = rebuilt.streams().accept(key, rows.get(700).toBar()).orElseThrow();
        assertThat(actual.warm()).isTrue();
        for (int i = 0; i < FeatureSet.SIZE; i++) {
            double want = expected.values().get(i);
            double got = actual.values().get(i);
            assertThat(Math.abs(got - want)).as(FeatureSet.NAMES.get(i))
                    .isLessThanOrEqualTo(1e-12 * Math.max(1.0, Math.abs(want)));
        }
        // a duplicate after the rebuild is recognised
        assertThat(rebuilt.streams().accept(key, rows.get(699).toBar())).isEmpty();
    }

    @Test
    void readinessReportsTheRebuiltStateAndMetricsAreExposed() {
        await().atMost(Duration.ofSeconds(30)).until(state::isRebuilt);
        RestAssured.get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'feature-state-rebuilt' }.status", equalTo("UP"));
        RestAssured.get("/q/metrics").then().statusCode(200)
                .body(containsString("sextant_feature_candles_total"))
                .body(containsString("sextant_feature_candle_seconds_bucket"));
    }

    private List<FeaturesComputed> readFeatures(String symbol, int atLeast, Duration within) {
        return TestInfra.decode(infra.read(Topics.FEATURES, atLeast, within), FeaturesComputed.class).stream()
                .filter(f -> f.symbol().value().equals(symbol))
                .sorted(Comparator.comparing(FeaturesComputed::candleOpenTime))
                .toList();
    }
}
