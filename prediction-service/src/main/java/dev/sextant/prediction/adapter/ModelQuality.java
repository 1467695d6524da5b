package dev.sextant.prediction.adapter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sextant.contracts.event.FeaturesComputed;
import dev.sextant.contracts.event.PredictionMade;
import dev.sextant.prediction.config.PredictionConfig;
import dev.sextant.prediction.onnx.ModelLoader;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * How the live model compares with what it was trained and tested on (Prometheus names):
 * <ul>
 *   <li>{@code sextant_prediction_test_accuracy{symbol}} and {@code sextant_prediction_baseline_accuracy{symbol}}: the
 *       model's accuracy on its test window and that of the majority-label baseline on the same window, from the model's
 *       {@code metadata.json} ({@code testMetricsBySymbol}, else {@code testMetrics}): the line the live accuracy
 *       ({@code sextant_prediction_accuracy{symbol}}) is drawn beside;</li>
 *   <li>{@code sextant_prediction_confidence{symbol}}: the confidence of each prediction made (a histogram, 0.5 … 1);</li>
 *   <li>{@code sextant_prediction_drift{symbol}}: feature drift, the shift of the live feature means away from the
 *       training means in training standard deviations: over the last {@code sextant.prediction.drift.window} warm
 *       vectors of the symbol (default 100), the root mean square over the drift features
 *       ({@code sextant.prediction.drift.features}: the scale-free ones, whose training mean is meaningful for every
 *       symbol) of mean((x - mean_train) / std_train). 0 = the training distribution's centre; above 0.5 the inputs
 *       moved half a standard deviation on average (alert SextantModelDrift). NaN until the first warm vector.</li>
 * </ul>
 */
@Startup
@ApplicationScoped
public class ModelQuality {
    private static final Logger LOG = Logger.getLogger(ModelQuality.class);
    private static final double[] CONFIDENCE_BUCKETS = {0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1.0};

    private final MeterRegistry registry;
    private final int window;
    private final List<String> driftFeatures;
    private final Map<String, double[]> normalisation = new LinkedHashMap<>(); // name -> {mean, std}
    private final Map<String, Drift> drift = new ConcurrentHashMap<>();
    private final Map<String, DistributionSummary> confidence = new ConcurrentHashMap<>();

    public ModelQuality(MeterRegistry registry, PredictionConfig config,
                        @ConfigProperty(name = "sextant.prediction.drift.window", defaultValue = "100") int window,
                        @ConfigProperty(name = "sextant.prediction.drift.features",
                                defaultValue = "rsi_14,ret_1,ret_2,ret_3,bb_width,volume_ratio_20,zscore_20") List<String> driftFeatures) {
        if (window < 1) {
            throw new IllegalStateException("sextant.prediction.drift.window must be at least 1, got " + window);
        }
        this.registry = registry;
        this.window = window;
        this.driftFeatures = driftFeatures;
        JsonNode metadata = read(config);
        if (metadata != null) {
            registerTestMetrics(metadata);
            JsonNode n = metadata.path("normalisation");
            JsonNode names = metadata.path("featureNames");
            for (int i = 0; i < names.size(); i++) {
                double mean = n.path("mean").path(i).asDouble(Double.NaN);
                double std = n.path("std").path(i).asDouble(Double.NaN);
                if (driftFeatures.contains(names.get(i).asText()) && Double.isFinite(mean) && std > 0) {
                    normalisation.put(names.get(i).asText(), new double[] {mean, std});
                }
            }
        }
        if (normalisation.isEmpty()) {
            LOG.warnf("no training normalisation for the drift features %s in the model's metadata: sextant_prediction_drift stays NaN",
                    driftFeatures);
        }
    }

    /** A prediction made from {@code features}: its confidence, and the features' contribution to the drift. */
    public void observe(FeaturesComputed features, PredictionMade prediction) {
        String symbol = prediction.symbol().value();
        confidence.computeIfAbsent(symbol, s -> DistributionSummary.builder("sextant.prediction.confidence")
                .description("Confidence of the predictions made (max(probUp, probDown))")
                .tag("symbol", s).serviceLevelObjectives(CONFIDENCE_BUCKETS).register(registry))
                .record(prediction.confidence());
        if (normalisation.isEmpty()) {
            return;
        }
        double[] z = new double[normalisation.size()];
        int i = 0;
        for (Map.Entry<String, double[]> e : normalisation.entrySet()) {
            int at = features.names().indexOf(e.getKey());
            Double x = at < 0 ? null : features.values().get(at);
            if (x == null || !Double.isFinite(x)) {
                return; // an incomplete vector does not count
            }
            z[i++] = (x - e.getValue()[0]) / e.getValue()[1];
        }
        drift.computeIfAbsent(symbol, s -> {
            Drift d = new Drift(z.length, window);
            Gauge.builder("sextant.prediction.drift", d, Drift::value)
                    .description("RMS over the drift features of the windowed mean z-score against the training data")
                    .tag("symbol", s).register(registry);
            return d;
        }).add(z);
    }

    /** The windowed means of the z-scores of one symbol. */
    static final class Drift {
        private final Deque<double[]> last = new ArrayDeque<>();
        private final double[] sums;
        private final int window;

        Drift(int features, int window) {
            this.sums = new double[features];
            this.window = window;
        }

        synchronized void add(double[] z) {
            last.addLast(z);
            for (int i = 0; i < z.length; i++) {
                sums[i] += z[i];
            }
            if (last.size() > window) {
                double[] old = last.removeFirst();
                for (int i = 0; i < old.length; i++) {
                    sums[i] -= old[i];
                }
            }
        }

        synchronized double value() {
            if (last.isEmpty()) {
                return Double.NaN;
            }
            double sq = 0;
            for (double s : sums) {
                double mean = s / last.size();
                sq += mean * mean;
            }
            return Math.sqrt(sq / sums.length);
        }
    }

    private void registerTestMetrics(JsonNode metadata) {
        JsonNode bySymbol = metadata.path("testMetricsBySymbol");
        List<String> symbols = new java.util.ArrayList<>();
        metadata.path("symbols").forEach(s -> symbols.add(s.asText()));
        bySymbol.fieldNames().forEachRemaining(s -> {
            if (!symbols.contains(s)) {
                symbols.add(s);
            }
        });
        for (String symbol : symbols) {
            JsonNode m = bySymbol.has(symbol) ? bySymbol.path(symbol) : metadata.path("testMetrics");
            gauge("sextant.prediction.test.accuracy", "Accuracy of the model on its test window (metadata.json)", symbol,
                    m.path("accuracy").asDouble(Double.NaN));
            gauge("sextant.prediction.baseline.accuracy",
                    "Accuracy of the majority-label baseline on the model's test window (metadata.json)", symbol,
                    m.path("baselineAccuracy").asDouble(Double.NaN));
        }
    }

    private void gauge(String name, String description, String symbol, double value) {
        Gauge.builder(name, () -> value).description(description).tag("symbol", symbol).register(registry);
    }

    private static JsonNode read(PredictionConfig config) {
        PredictionConfig.ModelSource source = config.model();
        try {
            var dir = source.dir().filter(d -> !d.isBlank());
            if (dir.isPresent()) {
                return new ObjectMapper().readTree(Files.readAllBytes(Path.of(dir.get()).resolve(ModelLoader.METADATA_FILE)));
            }
            String base = source.classpathLocation().endsWith("/") ? source.classpathLocation() : source.classpathLocation() + "/";
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            try (InputStream in = (loader == null ? ModelQuality.class.getClassLoader() : loader)
                    .getResourceAsStream(base + ModelLoader.METADATA_FILE)) {
                return in == null ? null : new ObjectMapper().readTree(in);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warnf("cannot read the model's metadata for its test metrics and drift baseline: %s", e.getMessage());
            return null;
        }
    }
}
