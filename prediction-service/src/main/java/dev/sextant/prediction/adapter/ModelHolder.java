package dev.sextant.prediction.adapter;

import dev.sextant.prediction.config.PredictionConfig;
import dev.sextant.prediction.domain.Model;
import dev.sextant.prediction.onnx.ModelLoader;
import dev.sextant.prediction.onnx.OnnxModel;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/** Loads the configured model at start-up; a model that cannot be loaded stops the service. */
@Startup
@Singleton
public class ModelHolder {
    private static final Logger LOG = Logger.getLogger(ModelHolder.class);

    private final OnnxModel model;

    public ModelHolder(PredictionConfig config) {
        PredictionConfig.ModelSource source = config.model();
        this.model = source.dir().filter(d -> !d.isBlank())
                .map(d -> ModelLoader.fromDirectory(Path.of(d)))
                .orElseGet(() -> ModelLoader.fromClasspath(source.classpathLocation()));
        var m = model.metadata();
        LOG.infof("loaded model %s v%s (feature set %s, %d features, %s, horizon %d) from %s", m.modelId(), m.modelVersion(),
                m.featureSetVersion(), m.featureCount(), m.interval(), m.horizonCandles(),
                source.dir().filter(d -> !d.isBlank()).orElse("classpath:" + source.classpathLocation()));
    }

    public Model model() {
        return model;
    }

    /** True once a model is loaded (always, after a successful start). */
    public boolean loaded() {
        return model != null;
    }

    @PreDestroy
    void close() {
        model.close();
    }
}
