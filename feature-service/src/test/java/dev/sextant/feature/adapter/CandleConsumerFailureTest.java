package dev.sextant.feature.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.event.FeaturesComputed;
import dev.sextant.contracts.id.EventId;
import dev.sextant.contracts.json.EventCodec;
import dev.sextant.contracts.json.EventDecodingException;
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
 * The real CandleConsumer with fake failing dependencies: an infrastructure failure (database write,
 * Kafka publish) is retried until it succeeds and never escapes the {@code @Incoming} method (which
 * would dead-letter the candle); invalid input escapes at once (SmallRye dead-letters it).
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
        public void save(CandleClosed candle, boolean trim) {
            saveCalls++;
            if (saveFailuresLeft-- > 0) {
                throw new IllegalStateException("cannot store candle " + candle.eventId()
                        + " in candle_window: Connection to 127.0.0.1:15432 refused");
            }
            stored.add(candle);
        }

        @Override
        public void markPublished(EventId candleId) {
            marked.add(candleId);
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
    private final CandleConsumer consumer;

    CandleConsumerFailureTest() {
        FeatureState state = new FeatureState();
        state.install(new FeatureStreams());
        consumer = new CandleConsumer(state, repository, publisher, metrics, config, CLOCK);
    }

    private static CandleClosed candle() {
        return Candles.of("BTCUSDT", BtcCandles.all().get(100), TS_INIT);
    }

    @Test
    void databaseAndKafkaFailuresAreRetriedNotDeadLettered() {
        saveFailuresLeft = 1;
        publishFailuresLeft = 1;
        CandleClosed candle = candle();

        consumer.onCandle(EventCodec.encode(candle)); // returns normally: the offset is committed only now

        assertThat(saveCalls).isEqualTo(2);
        assertThat(stored).containsExactly(candle);
        assertThat(published).singleElement().extracting(FeaturesComputed::causationId).isEqualTo(candle.eventId());
        assertThat(marked).containsExactly(candle.eventId());
        assertThat(metrics.deadLetteredCount()).isZero();
        assertThat(metrics.processed()).isEqualTo(1.0);
    }

    @Test
    void invalidPayloadsEscapeForTheDeadLetterQueueWithoutTouchingTheDatabase() throws Exception {
        assertThatThrownBy(() -> consumer.onCandle("{\"type\":\"CandleClosed\",\"symbol\":\"ETHUSDT\"}"))
                .isInstanceOf(EventDecodingException.class);

        CandleClosed real = candle();
        // No constructor builds a candle whose high is below its low: the payload is edited as a forger would.
        com.fasterxml.jackson.databind.node.ObjectNode highBelowLow = (com.fasterxml.jackson.databind.node.ObjectNode)
                dev.sextant.contracts.json.Json.mapper().readTree(EventCodec.encode(real));
        highBelowLow.put("high", real.low());
        highBelowLow.put("low", real.high().add(BigDecimal.ONE));
        // refused by the decoder (the candle's own rules), before the feature engine sees it
        assertThatThrownBy(() -> consumer.onCandle(highBelowLow.toString()))
                .isInstanceOf(EventDecodingException.class)
                .hasMessageContaining("is below low");

        assertThat(saveCalls).isZero();
        assertThat(published).isEmpty();
        assertThat(metrics.deadLetteredCount()).isEqualTo(2.0);
    }
}
