package dev.sextant.prediction.adapter;

import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.event.FeaturesComputed;
import dev.sextant.contracts.event.PredictionMade;
import dev.sextant.contracts.json.EventCodec;
import dev.sextant.contracts.state.LatestStateKeys;
import dev.sextant.contracts.topic.Topics;
import dev.sextant.kit.consumer.TestPolicy;
import dev.sextant.prediction.domain.DirectionProbabilities;
import dev.sextant.prediction.domain.Model;
import dev.sextant.prediction.domain.ModelMetadata;
import dev.sextant.prediction.onnx.ModelLoader;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * The service's consumers as production wires them, without Quarkus: the real consumers, outcome tracker and
 * repository on a real schema (through a {@link CountingDataSource}), the real consumer policy ({@link TestPolicy});
 * a recording Kafka publisher and a Redis stand-in that keeps what the real store would keep.
 */
final class Pipeline {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-07-01T00:00:00Z"), ZoneOffset.UTC);
    static final ModelMetadata METADATA = metadata();

    final PredictionDb db;
    final CountingDataSource dataSource;
    final PredictionRepository repository;
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final PredictionMetrics metrics = new PredictionMetrics(registry);
    final OutcomeTracker tracker;
    final TestPolicy policy = new TestPolicy();
    final RecordingPublisher publisher = new RecordingPublisher();
    final RedisStandIn latest = new RedisStandIn(metrics);
    final FeaturesConsumer features;
    final CandlesConsumer candles;

    Pipeline(PredictionDb db) {
        this(db, PredictionRepository::new);
    }

    /** With the repository {@code repositories} makes of the counting data source. */
    Pipeline(PredictionDb db, Function<DataSource, PredictionRepository> repositories) {
        this.db = db;
        this.dataSource = new CountingDataSource(db.dataSource);
        this.repository = repositories.apply(dataSource);
        this.tracker = new OutcomeTracker(repository, metrics, CLOCK);
        this.features = new FeaturesConsumer(new StubModel(), tracker, latest, metrics, CLOCK, publisher, null);
        this.candles = new CandlesConsumer(tracker, null);
    }

    /** One consumed batch of {@code features}. */
    void features(List<FeaturesComputed> batch) {
        policy.process(Topics.FEATURES, features, batch.stream().map(EventCodec::encode).toArray(String[]::new));
    }

    /** One consumed batch of {@code candles}. */
    void candles(List<CandleClosed> batch) {
        policy.process(Topics.CANDLES, candles, batch.stream().map(EventCodec::encode).toArray(String[]::new));
    }

    /** The value of the accuracy gauge of {@code symbol}, if it exists. */
    Optional<Double> gauge(String symbol) {
        Gauge g = registry.find("sextant.prediction.accuracy").tag("symbol", symbol).gauge();
        return g == null ? Optional.empty() : Optional.of(g.value());
    }

    /** {@code sextant.prediction.outcomes.resolved}, both tags. */
    double resolvedCounter() {
        return registry.find("sextant.prediction.outcomes.resolved").counters().stream().mapToDouble(c -> c.count()).sum();
    }

    /** Every row of the prediction log, in a stable order. */
    List<List<String>> predictionRows() {
        return db.rows("SELECT * FROM predictions ORDER BY event_id");
    }

    /** P(up) = 0.7 when the integer part of the vector's close is even, else 0.3: some forecasts right, some wrong. */
    static final class StubModel implements Model {
        @Override
        public ModelMetadata metadata() {
            return METADATA;
        }

        @Override
        public DirectionProbabilities predict(double[] features) {
            double up = ((long) Math.floor(features[0])) % 2 == 0 ? 0.7 : 0.3;
            return new DirectionProbabilities(up, 1 - up);
        }
    }

    /** Records what is published; fails the next {@code failures} publishes like an unacknowledged send. */
    static final class RecordingPublisher extends PredictionPublisher {
        final List<PredictionMade> published = Collections.synchronizedList(new ArrayList<>());
        int failures;

        RecordingPublisher() {
            super(null);
        }

        @Override
        public CompletableFuture<Void> publish(PredictionMade prediction) {
            if (failures > 0) {
                failures--;
                return CompletableFuture.failedFuture(new TimeoutException("Kafka publish timed out"));
            }
            published.add(prediction);
            return CompletableFuture.completedFuture(null);
        }
    }

    /** Keeps per key what Redis would hold after the real store's writes (a newer candle is not replaced), and counts them. */
    static final class RedisStandIn extends LatestPredictionStore {
        final Map<String, PredictionMade> values = new TreeMap<>();
        int writes;

        RedisStandIn(PredictionMetrics metrics) {
            super(null, "t:", metrics);
        }

        @Override
        public boolean write(PredictionMade prediction) {
            writes++;
            values.merge(LatestStateKeys.prediction("t:", prediction.symbol()), prediction,
                    (current, next) -> current.candleOpenTime().isAfter(next.candleOpenTime()) ? current : next);
            return true;
        }
    }

    private static ModelMetadata metadata() {
        String name = "models/direction-logreg/" + ModelLoader.METADATA_FILE;
        try (InputStream in = Pipeline.class.getClassLoader().getResourceAsStream(name)) {
            return ModelLoader.parse(in.readAllBytes(), "classpath:" + name);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
