package dev.sextant.prediction.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sextant.prediction.domain.ModelMetadata;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a model folder ({@code metadata.json} + the ONNX file it names) from a directory or the
 * classpath. Every failure is an {@link IllegalStateException} whose message says what to fix.
 */
public final class ModelLoader {
    public static final String METADATA_FILE = "metadata.json";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ModelLoader() {}

    /** Loads from a directory on disk. */
    public static OnnxModel fromDirectory(Path dir) {
        Path metadataFile = dir.resolve(METADATA_FILE);
        String where = "directory " + dir.toAbsolutePath();
        if (!Files.isRegularFile(metadataFile)) {
            throw new IllegalStateException("no " + METADATA_FILE + " in model " + where
                    + "; point sextant.prediction.model.dir at a folder written by model-training (or unset it to use the bundled model)");
        }
        try {
            ModelMetadata metadata = parse(Files.readAllBytes(metadataFile), metadataFile.toString());
            Path onnx = dir.resolve(onnxFile(Files.readAllBytes(metadataFile)));
            if (!Files.isRegularFile(onnx)) {
                throw new IllegalStateException("model file " + onnx + " named by " + metadataFile + " does not exist; copy it next to "
                        + METADATA_FILE + " or fix onnx.file");
            }
            return OnnxModel.load(metadata, Files.readAllBytes(onnx), onnx.toString());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the model in " + where + ": " + e.getMessage(), e);
        }
    }

    /** Loads from a classpath folder, e.g. {@code models/direction-logreg}. */
    public static OnnxModel fromClasspath(String folder) {
        String base = folder.endsWith("/") ? folder : folder + "/";
        byte[] metadataBytes = resource(base + METADATA_FILE, "set sextant.prediction.model.classpath-location to a bundled model"
                + " folder or sextant.prediction.model.dir to a directory");
        ModelMetadata metadata = parse(metadataBytes, "classpath:" + base + METADATA_FILE);
        String onnxName = base + onnxFile(metadataBytes);
        byte[] onnx = resource(onnxName, "re-run model-training or fix onnx.file in " + METADATA_FILE);
        return OnnxModel.load(metadata, onnx, "classpath:" + onnxName);
    }

    private static byte[] resource(String name, String fix) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        try (InputStream in = loader == null ? ModelLoader.class.getResourceAsStream("/" + name) : loader.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("no classpath resource " + name + "; " + fix);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read classpath resource " + name + ": " + e.getMessage(), e);
        }
    }

    private static String onnxFile(byte[] metadataJson) {
        try {
            JsonNode file = MAPPER.readTree(metadataJson).path("onnx").path("file");
            return file.isTextual() && !file.asText().isBlank() ? file.asText() : "model.onnx";
        } catch (IOException e) {
            throw new IllegalStateException("model metadata is not JSON: " + e.getMessage(), e);
        }
    }

    /** Parses {@code metadata.json} as model-training writes it. */
    public static ModelMetadata parse(byte[] json, String source) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("model metadata " + source + " is not valid JSON (" + e.getMessage().lines().findFirst().orElse("")
                    + "); restore it from model-training's output", e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalStateException("model metadata " + source + " must be a JSON object; restore it from model-training's output");
        }
        try {
            JsonNode onnx = root.path("onnx");
            return new ModelMetadata(
                    text(root, "modelId"),
                    text(root, "modelVersion"),
                    text(root, "featureSetVersion"),
                    strings(root.path("featureNames")),
                    text(root, "interval"),
                    text(onnx, "input"),
                    text(onnx, "output"),
                    strings(onnx.path("outputLabels")),
                    root.path("label").path("horizonCandles").asInt(0));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("model metadata " + source + " is unusable: " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || !value.isTextual() ? null : value.asText();
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array.isArray()) {
            array.forEach(n -> out.add(n.asText()));
        }
        return out;
    }
}
