package dev.sextant.deploy.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * An OCI image archive (an OCI layout in a tar, as {@code jib:buildTar} writes it with format OCI): the reference
 * name, the image configuration, and the entries of each layer (bottom first).
 */
record OciImage(String refName, JsonNode config, List<List<Tar.Entry>> layers) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static OciImage read(Path archive) throws IOException {
        Map<String, byte[]> files = new HashMap<>();
        try (InputStream in = Files.newInputStream(archive)) {
            for (Tar.Entry e : Tar.read(in, true)) {
                if (e.isFile()) {
                    files.put(e.name(), e.content());
                }
            }
        }
        JsonNode layout = JSON.readTree(files.get("oci-layout"));
        if (!"1.0.0".equals(layout.path("imageLayoutVersion").asText())) {
            throw new IOException(archive + " is not an OCI layout: " + layout);
        }
        JsonNode index = JSON.readTree(files.get("index.json"));
        JsonNode descriptor = index.path("manifests").get(0);
        JsonNode manifest = JSON.readTree(blob(files, descriptor));
        if (!"application/vnd.oci.image.manifest.v1+json".equals(manifest.path("mediaType").asText())) {
            throw new IOException("not an OCI manifest: " + manifest.path("mediaType"));
        }
        JsonNode config = JSON.readTree(blob(files, manifest.path("config")));
        List<List<Tar.Entry>> layers = new ArrayList<>();
        for (JsonNode layer : manifest.path("layers")) {
            if (!layer.path("mediaType").asText().equals("application/vnd.oci.image.layer.v1.tar+gzip")) {
                throw new IOException("unexpected layer type " + layer.path("mediaType"));
            }
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(blob(files, layer)))) {
                layers.add(Tar.read(in, true));
            }
        }
        return new OciImage(descriptor.path("annotations").path("org.opencontainers.image.ref.name").asText(),
                config, layers);
    }

    private static byte[] blob(Map<String, byte[]> files, JsonNode descriptor) throws IOException {
        String digest = descriptor.path("digest").asText();
        byte[] b = files.get("blobs/" + digest.replace(':', '/'));
        if (b == null) {
            throw new IOException("no blob " + digest);
        }
        return b;
    }

    /** The container configuration ({@code config.config}). */
    JsonNode container() {
        return config.path("config");
    }

    /** The environment as NAME -> value. */
    Map<String, String> env() {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (JsonNode e : container().path("Env")) {
            String s = e.asText();
            int eq = s.indexOf('=');
            out.put(s.substring(0, eq), s.substring(eq + 1));
        }
        return out;
    }

    List<String> strings(String field) {
        List<String> out = new ArrayList<>();
        container().path(field).forEach(n -> out.add(n.asText()));
        return out;
    }

    /** The merged file system's entries by path (upper layers win). */
    Map<String, Tar.Entry> files() {
        Map<String, Tar.Entry> out = new java.util.TreeMap<>();
        for (List<Tar.Entry> layer : layers) {
            for (Tar.Entry e : layer) {
                out.put(e.name(), e);
            }
        }
        return out;
    }
}
