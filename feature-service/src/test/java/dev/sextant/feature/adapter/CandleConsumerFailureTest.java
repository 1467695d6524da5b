package dev.sextant.feature.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.event.FeaturesComputed;
import dev.sextant.contracts.id.EventId;
import dev.sextant.contracts.json.EventCodec;
import dev.sextant.contracts.topic.Topics;
import dev.sextant.kit.consumer.TestPolicy;
import dev.sextant.feature.BtcCandles;
import dev.sextant.feature.Candles;
import dev.sextant.feature.config.FeatureConfig;
import dev.sextant.feature.domain.FeatureStreams;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * The real CandleConsumer under the platform's consumer policy, with fake failing dependencies: an infrastructure
 * failure (database write, Kafka publish) is retried until it succeeds, never dead-lettered; invalid input is
 * dead-lettered at once without touching the database; a batch is stored in one write and published together.
 */
class CandleConsumerFailureTest {

    private static final Instant TS_INIT = Instant.parse("2026-01-01T00:00:00Z");
    private static final Clock CLOCK = Clock.fixed(TS_INIT, ZoneOffset.UTC);

    private final FeatureConfig config = new FeatureConfig() {
        @Override
        public int windowSize() {
            return 500;
        }

        @Override
        public Duration rebuildWait() {
            return Duration.ofSeconds(1);
        }

        @Override
        public Duration publishTimeout() {
            return Duration.ofSeconds(1);
        }
    };

    private final List<CandleClosed> stored = new ArrayList<>();
    private final List<EventId> marked = new ArrayList<>();
    private final List<FeaturesComputed> published = new ArrayList<>();
    private int saveFailuresLeft;
    private int saveCalls;
    private int publishFailuresLeft;

    private final CandleWindowRepository repository = new CandleWindowRepository(null, CLOCK, config) {
        @Override
        public void saveAll(List<CandleClosed> candles, java.util.Collection<dev.sextant.feature.domain.SeriesKey> trim) {
            saveCalls++;
            if (saveFailuresLeft-- > 0) {
                throw new IllegalStateException("cannot store candles in candle_window: Connection to 127.0.0.1:15432 refused",
                        new java.sql.SQLException("Connection refused", "08001"));
            }
            stored.addAll(candles);
        }

        @Override
        public void markPublished(List<EventId> candleIds) {
            marked.addAll(candleIds);
        }
    };

    private final FeaturesPublisher publisher = new FeaturesPublisher(null) {
        @Override
        public CompletableFuture<Void> publish(FeaturesComputed event) {
            if (publishFailuresLeft-- > 0) {
                return CompletableFuture.failedFuture(new TimeoutException("Kafka publish timed out"));
            }
            published.add(event);
            return CompletableFuture.completedFuture(null);
        }
    };

    private final FeatureMetrics metrics = new FeatureMetrics(new SimpleMeterRegistry());
    private final TestPolicy policy = new TestPolicy();
    private final CandleConsumer consumer;

    CandleConsumerFailureTest() {
        FeatureState state = new FeatureState();
        state.install(new FeatureStreams());
        consumer = new CandleConsumer(state, repository, publisher, metrics, config, CLOCK, null);
    }

    private static CandleClosed candle() {
        return Candles.of("BTCUSDT", BtcCandles.all().get(100), TS_INIT);
    }

    @Test
    void databaseAndKafkaFailuresAreRetriedNotDeadLettered() {
        saveFailuresLeft = 1;
        publishFailuresLeft = 1;
        CandleClosed candle = candle();

        policy.process(Topics.CANDLES, consumer, EventCodec.encode(candle)); // returns: the offset is committed only now

        assertThat(saveCalls).isEqualTo(3); // failed once, stored, stored again (idempotent) when the publish was retried
        assertThat(stored).containsOnly(candle);
        assertThat(published).singleElement().extracting(FeaturesComputed::causationId).isEqualTo(candle.eventId());
        assertThat(marked).containsExactly(candle.eventId());
        assertThat(policy.deadLetters.sent).isEmpty();
        assertThat(policy.sleeps).hasSize(2);
        assertThat(metrics.processed()).isEqualTo(1.0);
    }

    @Test
    void aBatchIsStoredInOneWriteAndItsFeaturesPublishedTogether() {
        List<CandleClosed> candles = BtcCandles.all().subList(100, 110).stream()
                .map(r -> Candles.of("BTCUSDT", r, TS_INIT)).toList();

        policy.process(Topics.CANDLES, consumer, candles.stream().map(EventCodec::encode).toArray(String[]::new));

        assertThat(saveCalls).isEqualTo(1);
        assertThat(stored).containsExactlyElementsOf(candles);
        assertThat(published).extracting(FeaturesComputed::causationId)
                .containsExactlyElementsOf(candles.stream().map(CandleClosed::eventId).toList());
        assertThat(marked).hasSize(10);
        assertThat(metrics.processed()).isEqualTo(10.0);
    }

    @Test
    void invalidPayloadsAreDeadLetteredWithoutTouchingTheDatabase() throws Exception {
        CandleClosed real = candle();
        // No constructor builds a candle whose high is below its low: the payload is edited as a forger would.
        com.fasterxml.jackson.databind.node.ObjectNode highBelowLow = (com.fasterxml.jackson.databind.node.ObjectNode)
                dev.sextant.contracts.json.Json.mapper().readTree(EventCodec.encode(real));
        highBelowLow.put("high", real.low());
        highBelowLow.put("low", real.high().add(BigDecimal.ONE));

        policy.process(Topics.CANDLES, consumer, "{\"type\":\"CandleClosed\",\"symbol\":\"ETHUSDT\"}",
                highBelowLow.toString());

        assertThat(policy.deadLetters.reasons()).hasSize(2);
        assertThat(policy.deadLetters.reasons().get(0)).contains("CandleClosed");
        assertThat(policy.deadLetters.reasons().get(1)).contains("is below low");
        assertThat(saveCalls).isZero();
        assertThat(published).isEmpty();
        assertThat(policy.parked.rows).isEmpty();
    }
}
