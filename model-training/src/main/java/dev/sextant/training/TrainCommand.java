package dev.sextant.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.sextant.contracts.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Trains {@value Training#MODEL_ID} (or, with {@code --interval 1m}, {@value Training#MODEL_ID}-1m) and writes
 * {@code model.onnx} + {@code metadata.json} into {@code <models-dir>/<model id>} or {@code --output-dir}.
 *
 * <pre>
 * ./mvnw -B -pl model-training compile exec:java [-Dtraining.interval=1m]
 * java dev.sextant.training.TrainCommand --data-dir data/market [--interval 1h|1m] [--models-dir DIR | --output-dir DIR]
 *     [--symbols BTCUSDT,ETHUSDT]
 * </pre>
 */
public final class TrainCommand {
    private TrainCommand() {}

    public static void main(String[] args) throws IOException {
        Path dataDir = Path.of("data/market");
        Path modelsDir = Path.of("core/prediction/src/main/resources/models");
        Path outputDir = null;
        String interval = Training.INTERVAL;
        List<String> symbols = null;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--data-dir" -> dataDir = Path.of(require(args[i], value));
                case "--output-dir" -> outputDir = Path.of(require(args[i], value));
                case "--models-dir" -> modelsDir = Path.of(require(args[i], value));
                case "--interval" -> interval = require(args[i], value);
                case "--symbols" -> symbols = Arrays.asList(require(args[i], value).split(","));
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; usage: TrainCommand [--data-dir DIR] [--interval "
                        + String.join("|", Training.INTERVALS) + "] [--models-dir DIR | --output-dir DIR] [--symbols A,B]");
            }
            i++;
        }
        Training.Config preset = Training.Config.forInterval(dataDir, interval);
        Training.Config config = symbols == null ? preset : preset.withSymbols(symbols);
        if (outputDir == null) {
            outputDir = modelsDir.resolve(config.modelId());
        }
        long started = System.nanoTime();
        Training.Result result = Training.run(config);
        write(result, outputDir);
        ModelMetadata m = result.metadata();
        System.out.printf("trained %s v%s on %d rows, tested on %d rows in %.1f s%n", m.modelId(), m.modelVersion(),
                m.rows().train(), m.rows().test(), (System.nanoTime() - started) / 1e9);
        System.out.printf("test accuracy %.4f (baseline always-%s %.4f), log loss %.4f, AUC %.4f%n",
                m.testMetrics().accuracy(), m.testMetrics().baselineLabel(), m.testMetrics().baselineAccuracy(),
                m.testMetrics().logLoss(), m.testMetrics().auc());
        System.out.println("wrote " + outputDir.toAbsolutePath().normalize());
    }

    /** Writes {@code model.onnx} and {@code metadata.json} into {@code outputDir} (created if missing). */
    public static void write(Training.Result result, Path outputDir) throws IOException {
        Files.createDirectories(outputDir);
        Files.write(outputDir.resolve(result.metadata().onnx().file()), result.onnx());
        Files.writeString(outputDir.resolve("metadata.json"), metadataJson(result.metadata()));
    }

    public static String metadataJson(ModelMetadata metadata) throws IOException {
        ObjectMapper mapper = Json.mapper().copy().enable(SerializationFeature.INDENT_OUTPUT);
        return mapper.writeValueAsString(metadata) + System.lineSeparator();
    }

    private static String require(String option, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("option " + option + " needs a value");
        }
        return value;
    }
}
