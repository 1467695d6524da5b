package dev.sextant.prediction.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** {@code sextant.prediction.*}: where the model comes from. */
@ConfigMapping(prefix = "sextant.prediction")
public interface PredictionConfig {

    ModelSource model();

    interface ModelSource {
        /**
         * A directory holding {@code metadata.json} and the ONNX file it names. When unset, the model
         * bundled on the classpath at {@link #classpathLocation()} is used.
         */
        Optional<String> dir();

        /** Classpath folder of the bundled model. */
        @WithDefault("models/direction-logreg")
        String classpathLocation();
    }
}
