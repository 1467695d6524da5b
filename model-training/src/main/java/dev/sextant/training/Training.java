package dev.sextant.training;

import dev.sextant.feature.domain.Bar;
import dev.sextant.feature.domain.FeatureSet;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tribuo.util.onnx.ONNXOperators;

/**
 * The whole pipeline: candles -> labelled rows -> time split -> z-score -> Tribuo -> ONNX + metadata.
 * One model per candle interval: {@value #MODEL_ID} on 1h candles (the default), {@value #MODEL_ID}-1m
 * on the carried 1m windows ({@link Config#forInterval}).
 */
public final class Training {
    public static final String MODEL_ID = "direction-logreg";
    public static final String MODEL_VERSION = "1";
    public static final String INTERVAL = "1h";
    public static final Duration INTERVAL_DURATION = Duration.ofHours(1);
    public static final int HORIZON_CANDLES = 1;
    /** The intervals {@link Config#forInterval} has a preset for. */
    public static final List<String> INTERVALS = List.of("1h", "1m");

    /**
     * What to train on.
     *
     * @param modelId  the model family written into the metadata and the ONNX graph
     * @param interval candle interval code, e.g. {@code 1h}; selects the files {@code binance_spot_<SYMBOL>_<interval>.csv.gz}
     * @param duration the interval's length (a row is labelled only when the next candle is exactly this much later)
     */
    public record Config(Path dataDir, List<String> symbols, TimeSplit split, String modelId, String interval,
                         Duration duration) {

        /** The 1h model (the committed default): train 2019-01-01 → 2024-07-01, test → 2026-05-01. */
        public static Config defaults(Path dataDir) {
            return new Config(dataDir, List.of("BTCUSDT", "ETHUSDT"), new TimeSplit(
                    Instant.parse("2019-01-01T00:00:00Z"), Instant.parse("2024-07-01T00:00:00Z"),
                    Instant.parse("2024-07-01T00:00:00Z"), Instant.parse("2026-05-01T00:00:00Z"),
                    INTERVAL_DURATION.multipliedBy(HORIZON_CANDLES)), MODEL_ID, INTERVAL, INTERVAL_DURATION);
        }

        /**
         * The model of one interval: {@code 1h} is {@link #defaults}; {@code 1m} trains on the carried 1m window
         * (2023-03-16 22:15 → 2023-05-01 21:01) from 2023-03-17 to 2023-04-17 and tests on 2023-04-17 → 2023-05-02.
         */
        public static Config forInterval(Path dataDir, String interval) {
            return switch (interval) {
                case "1h" -> defaults(dataDir);
                case "1m" -> {
                    Duration minute = Duration.ofMinutes(1);
                    yield new Config(dataDir, List.of("BTCUSDT", "ETHUSDT"), new TimeSplit(
                            Instant.parse("2023-03-17T00:00:00Z"), Instant.parse("2023-04-17T00:00:00Z"),
                            Instant.parse("2023-04-17T00:00:00Z"), Instant.parse("2023-05-02T00:00:00Z"),
                            minute.multipliedBy(HORIZON_CANDLES)), MODEL_ID + "-1m", "1m", minute);
                }
                default -> throw new IllegalArgumentException("no training preset for interval '" + interval
                        + "' (presets: " + String.join(", ", INTERVALS) + ")");
            };
        }

        /** The same model on other symbols. */
        public Config withSymbols(List<String> others) {
            return new Config(dataDir, List.copyOf(others), split, modelId, interval, duration);
        }
    }

    /** The trained model, its ONNX bytes, its metadata and the rows it saw. */
    public record Result(DirectionModel model, byte[] onnx, ModelMetadata metadata, TimeSplit.Parts parts) {}

    private Training() {}

    public static Result run(Config config) throws IOException {
        List<LabeledRow> rows = new ArrayList<>();
        DatasetBuilder builder = new DatasetBuilder(config.duration());
        for (String symbol : config.symbols()) {
            List<Bar> bars = CandleCsv.read(config.dataDir().resolve(CandleCsv.fileName(symbol, config.interval())));
            rows.addAll(builder.build(symbol, bars));
        }
        TimeSplit.Parts parts = config.split().apply(rows);
        if (parts.train().isEmpty() || parts.test().isEmpty()) {
            throw new IllegalStateException("the split left " + parts.train().size() + " train and " + parts.test().size()
                    + " test rows; check the windows against the data's range");
        }
        Standardizer standardizer = Standardizer.fit(parts.train());
        DirectionTrainer trainer = new DirectionTrainer(FeatureSet.NAMES);
        DirectionModel model = trainer.train(parts.train(), standardizer);

        boolean majorityUp = upRate(parts.train()) > 0.5;
        BinaryMetrics overall = evaluate(model, parts.test(), majorityUp);
        Map<String, BinaryMetrics> bySymbol = new LinkedHashMap<>();
        for (String symbol : config.symbols()) {
            List<LabeledRow> own = parts.test().stream().filter(r -> r.symbol().equals(symbol)).toList();
            if (!own.isEmpty()) {
                bySymbol.put(symbol, evaluate(model, own, majorityUp));
            }
        }
        TimeSplit split = config.split();
        ModelMetadata metadata = new ModelMetadata(
                config.modelId(), MODEL_VERSION, FeatureSet.VERSION, FeatureSet.NAMES, config.interval(),
                List.copyOf(config.symbols()),
                new ModelMetadata.Onnx("model.onnx", OnnxExport.INPUT, OnnxExport.OUTPUT, model.outputLabels(),
                        ONNXOperators.getOpsetVersion()),
                new ModelMetadata.Normalisation("z-score", "onnx-graph", standardizer.mean(), standardizer.std()),
                new ModelMetadata.LabelSpec("direction", "UP when close[t+1] > close[t], else DOWN", HORIZON_CANDLES,
                        DirectionModel.UP),
                new ModelMetadata.Window(split.trainFrom(), split.trainTo()),
                new ModelMetadata.Window(split.testFrom(), split.testTo()),
                new ModelMetadata.Rows(parts.train().size(), parts.test().size(), upRate(parts.train()), upRate(parts.test())),
                overall, bySymbol, model.logit(), trainer.description());
        byte[] onnx = OnnxExport.toBytes(model, config.modelId(), Long.parseLong(MODEL_VERSION),
                "Next-candle direction of " + config.symbols() + " " + config.interval() + " candles, feature set " + FeatureSet.VERSION
                        + "; input: raw features in metadata.json featureNames order; output: probabilities " + model.outputLabels());
        return new Result(model, onnx, metadata, parts);
    }

    static BinaryMetrics evaluate(DirectionModel model, List<LabeledRow> rows, boolean majorityUp) {
        double[] p = new double[rows.size()];
        boolean[] up = new boolean[rows.size()];
        for (int i = 0; i < p.length; i++) {
            p[i] = model.probabilityUp(rows.get(i).features());
            up[i] = rows.get(i).up();
        }
        return BinaryMetrics.of(p, up, majorityUp);
    }

    static double upRate(List<LabeledRow> rows) {
        return rows.stream().filter(LabeledRow::up).count() / (double) rows.size();
    }
}
