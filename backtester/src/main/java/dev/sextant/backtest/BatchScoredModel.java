package dev.sextant.backtest;

import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.feature.domain.FeatureStreams;
import dev.sextant.feature.domain.FeatureVector;
import dev.sextant.feature.domain.FeaturesEvents;
import dev.sextant.prediction.domain.DirectionProbabilities;
import dev.sextant.prediction.domain.Model;
import dev.sextant.prediction.domain.ModelMetadata;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A model for one replay of known candles: it scores the vectors the kernel is about to ask for in
 * batches of {@value #CHUNK} ({@link Model#predictBatch}, one ONNX Runtime call instead of thousands)
 * and hands each result out when the kernel asks for exactly that vector.
 *
 * <p>Why this is the same run: a feature vector depends on its series' candles only, never on what
 * risk or the paper exchange did, so the vectors of the coming candles can be computed ahead with a
 * feature engine of their own (the same {@link FeatureStreams}) without looking at anything the
 * kernel has not reached. A result is only handed out for a vector equal, value for value, to the
 * one it was computed for; any other vector (a replay the look-ahead did not foresee) is scored on its
 * own by the wrapped model. And the batch must score each row exactly as one-vector scoring does: the
 * first batch is checked row by row, bit for bit, against {@link Model#predict} (batching is switched
 * off for the run when a single row differs, see {@link #batching()}), and every
 * {@value #CHECK_EVERY}th row after it is checked again (a difference then stops the run: its results
 * would not be the live pipeline's). The bundled model scores all 145,634 vectors of BTCUSDT and
 * ETHUSDT 2017–2026 bit-identically in batches (see the kernel parity test).
 *
 * <p>Not thread-safe in the sense of {@link Model}: it follows one sequential pass (the kernel's). Closing
 * it closes the wrapped model when that holds resources (an ONNX Runtime session).
 */
final class BatchScoredModel implements Model, AutoCloseable {
    static final int CHUNK = 4096;
    static final int CHECK_EVERY = 1024;

    private final Model model;
    private final List<CandleClosed> candles;
    private final String interval;
    private final FeatureStreams features = new FeatureStreams();
    private int nextCandle;
    private boolean lookaheadEnded;
    private double[][] rows = new double[0][];
    private DirectionProbabilities[] results = new DirectionProbabilities[0];
    private int head;
    private boolean firstBatchChecked;
    private String notBatching;
    private long fromBatch;
    private long scoredAlone;
    private long rowsScored;

    /** @param candles the replay the kernel runs, in its order */
    BatchScoredModel(Model model, List<CandleClosed> candles) {
        this.model = model;
        this.candles = candles;
        this.interval = model.metadata().interval();
    }

    @Override
    public ModelMetadata metadata() {
        return model.metadata();
    }

    @Override
    public synchronized DirectionProbabilities predict(double[] vector) {
        if (notBatching == null && head == rows.length && !lookaheadEnded) {
            refill();
        }
        if (notBatching == null && head < rows.length && Arrays.equals(rows[head], vector)) {
            fromBatch++;
            return results[head++];
        }
        scoredAlone++;
        return model.predict(vector);
    }

    /** Scores the next batch of the replay's vectors (those the predictor scores: warm, of the model's interval). */
    private void refill() {
        List<double[]> next = new ArrayList<>(CHUNK);
        while (next.size() < CHUNK && nextCandle < candles.size()) {
            CandleClosed candle = candles.get(nextCandle);
            Optional<FeatureVector> vector;
            try {
                vector = features.accept(FeaturesEvents.key(candle), FeaturesEvents.bar(candle));
            } catch (RuntimeException e) {
                // The kernel will meet this candle itself (and fail on it there): look no further.
                lookaheadEnded = true;
                break;
            }
            nextCandle++;
            if (vector.isPresent() && vector.get().warm() && interval.equals(candle.interval().code())) {
                next.add(vector.get().toArray());
            }
        }
        if (nextCandle >= candles.size()) {
            lookaheadEnded = true;
        }
        rows = next.toArray(new double[0][]);
        results = model.predictBatch(rows);
        head = 0;
        for (int i = 0; i < rows.length; i++, rowsScored++) {
            boolean check = !firstBatchChecked || rowsScored % CHECK_EVERY == 0;
            if (check && !sameBits(results[i], model.predict(rows[i]))) {
                if (!firstBatchChecked) {
                    notBatching = "model " + model.metadata().modelId() + " scores a batch differently from one vector at a"
                            + " time on this machine (row " + i + "): every vector is scored on its own";
                    rows = new double[0][];
                    return;
                }
                throw new IllegalStateException("model " + model.metadata().modelId() + " scored vector " + rowsScored
                        + " of the replay differently in a batch than on its own; rerun with --model-scoring single");
            }
        }
        firstBatchChecked = true;
    }

    private static boolean sameBits(DirectionProbabilities a, DirectionProbabilities b) {
        return Double.doubleToRawLongBits(a.probUp()) == Double.doubleToRawLongBits(b.probUp())
                && Double.doubleToRawLongBits(a.probDown()) == Double.doubleToRawLongBits(b.probDown());
    }

    @Override
    public void close() throws Exception {
        if (model instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    /** Null while batches are used; else why every vector is scored on its own. */
    synchronized String batching() {
        return notBatching;
    }

    /** Vectors answered from a batch. */
    synchronized long fromBatch() {
        return fromBatch;
    }

    /** Vectors scored on their own (not foreseen, or batching off). */
    synchronized long scoredAlone() {
        return scoredAlone;
    }
}
