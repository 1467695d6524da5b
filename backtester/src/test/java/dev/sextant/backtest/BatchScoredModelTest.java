package dev.sextant.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.event.Interval;
import dev.sextant.execution.domain.ExecutionSettings;
import dev.sextant.feature.domain.FeatureSet;
import dev.sextant.kernel.ModelStrategy;
import dev.sextant.prediction.domain.DirectionProbabilities;
import dev.sextant.prediction.domain.Model;
import dev.sextant.prediction.domain.ModelMetadata;
import dev.sextant.risk.domain.RiskLimits;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The look-ahead batch scoring: it answers exactly the vectors it foresaw, and refuses a batch that scores differently. */
class BatchScoredModelTest {
    private static final ModelMetadata META = new ModelMetadata("fake", "1", FeatureSet.VERSION, FeatureSet.NAMES, "1h",
            "features", "probabilities", List.of("DOWN", "UP"), 1);
    private static List<CandleClosed> candles;

    @BeforeAll
    static void load() {
        MarketData market = new MarketData(MarketData.defaultDataDir());
        candles = MarketData.load(List.of(market.resolve("BTCUSDT", Interval.H1), market.resolve("ETHUSDT", Interval.H1)),
                Interval.H1, Instant.parse("2024-01-01T00:00:00Z"), Instant.parse("2024-07-01T00:00:00Z")).candles();
    }

    /** P(up) from the RSI; counts single and batch calls; {@code batchBias} is added to batch results only. */
    static class Fake implements Model {
        final AtomicLong single = new AtomicLong();
        final AtomicLong batches = new AtomicLong();
        final double batchBias;

        Fake(double batchBias) {
            this.batchBias = batchBias;
        }

        @Override
        public ModelMetadata metadata() {
            return META;
        }

        @Override
        public DirectionProbabilities predict(double[] x) {
            single.incrementAndGet();
            return score(x, 0);
        }

        @Override
        public DirectionProbabilities[] predictBatch(double[][] vectors) {
            batches.incrementAndGet();
            DirectionProbabilities[] out = new DirectionProbabilities[vectors.length];
            for (int i = 0; i < vectors.length; i++) {
                out[i] = score(vectors[i], batchBias);
            }
            return out;
        }

        private static DirectionProbabilities score(double[] x, double bias) {
            double up = Math.min(1, Math.max(0, x[FeatureSet.indexOf(FeatureSet.RSI_14)] / 100 + bias));
            return new DirectionProbabilities(up, 1 - up);
        }
    }

    private static KernelRun.Outcome run(Model model) {
        return KernelRun.run(candles, new ModelStrategy(model, KernelRun.CLOCK), RiskLimits.defaults(), ExecutionSettings.defaults());
    }

    @Test
    void everyVectorTheKernelAsksForComesFromABatchAndTheRunIsTheSame() {
        Fake plain = new Fake(0);
        KernelRun.Outcome expected = run(plain);
        Fake inner = new Fake(0);
        BatchScoredModel batched = new BatchScoredModel(inner, candles);
        KernelRun.Outcome actual = run(batched);

        assertThat(actual.equity()).isEqualTo(expected.equity());
        assertThat(actual.trades()).isEqualTo(expected.trades());
        assertThat(actual.decisions()).isEqualTo(expected.decisions()).isPositive();
        assertThat(batched.batching()).isNull();
        assertThat(batched.scoredAlone()).isZero();
        assertThat(batched.fromBatch()).isEqualTo(plain.single.get());
        // 8,736 candles of two symbols: 3 batches of up to 4,096 vectors; single calls only for the checks
        assertThat(inner.batches.get()).isEqualTo(3);
        assertThat(inner.single.get()).isLessThan(BatchScoredModel.CHUNK + 10);
    }

    @Test
    void closingItClosesTheWrappedModel() throws Exception {
        boolean[] closed = {false};
        class Closeable extends Fake implements AutoCloseable {
            Closeable() {
                super(0);
            }

            @Override
            public void close() {
                closed[0] = true;
            }
        }
        new BatchScoredModel(new Closeable(), candles).close();
        assertThat(closed[0]).isTrue();
        new BatchScoredModel(new Fake(0), candles).close(); // nothing to close
    }

    @Test
    void aVectorItDidNotForeseeIsScoredOnItsOwn() {
        Fake inner = new Fake(0);
        BatchScoredModel batched = new BatchScoredModel(inner, candles);
        double[] unknown = new double[FeatureSet.SIZE];
        unknown[FeatureSet.indexOf(FeatureSet.RSI_14)] = 42;
        assertThat(batched.predict(unknown).probUp()).isEqualTo(0.42);
        assertThat(batched.scoredAlone()).isEqualTo(1);
    }

    @Test
    void aModelWhoseFirstBatchScoresDifferentlyIsNotBatched() {
        Fake inner = new Fake(1e-12);
        BatchScoredModel batched = new BatchScoredModel(inner, candles);
        KernelRun.Outcome actual = run(batched);

        assertThat(batched.batching()).contains("scores a batch differently from one vector at a time");
        assertThat(batched.fromBatch()).isZero();
        assertThat(actual.trades()).isEqualTo(run(new Fake(0)).trades());
    }

    @Test
    void aLaterBatchThatScoresDifferentlyStopsTheRun() {
        Fake inner = new Fake(0) {
            @Override
            public DirectionProbabilities[] predictBatch(double[][] vectors) {
                return batches.incrementAndGet() == 1 ? super.predictBatch(vectors) : new Fake(1e-12).predictBatch(vectors);
            }
        };
        assertThatThrownBy(() -> run(new BatchScoredModel(inner, candles)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("differently in a batch than on its own; rerun with --model-scoring single");
    }
}
