package dev.sextant.deploy.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Renders helm/sextant with helm-java (Helm embedded, no cluster) and parses the result into fabric8 model objects.
 *
 * <p>Two things {@code helm template} of helm-java 0.0.15 cannot do are done on a copy of the chart, laid out like the
 * checkout ({@code <tmp>/helm/sextant} with its {@code dashboards} and {@code rules} links to {@code
 * <tmp>/deploy/grafana/dashboards} and {@code <tmp>/deploy/prometheus/rules}, so the links are what Helm follows):
 * <ul>
 *   <li>it leaves hooks out of its output: the copy renames the {@code helm.sh/hook} annotation to
 *       {@value #HOOK_ANNOTATION}, which makes the migration Job and its Secret plain manifests (with that annotation
 *       still telling when they would run);</li>
 *   <li>its lint takes no values file: a value set is linted as the copy's {@code values.yaml}, deep-merged over the
 *       chart's own.</li>
 * </ul>
 * Sample files can be added to the copy's dashboards and rules folders, so the ConfigMap and PrometheusRule paths are
 * exercised while deploy/grafana/dashboards and deploy/prometheus/rules are still empty.
 */
final class ChartFixture {

    static final String HOOK_ANNOTATION = "sextant.test/helm-hook";

    /** The chart in the checkout. */
    static Path chart() {
        return dev.sextant.deploy.ServiceCatalog.root().resolve("helm/sextant");
    }

    static Path valueSet(String name) {
        return chart().resolve("ci").resolve(name);
    }

    /** One rendered manifest: its text and its model object. */
    record Doc(String text, HasMetadata object) {
        String kind() {
            return object.getKind();
        }

        String name() {
            return object.getMetadata().getName();
        }
    }

    /** A rendering: all manifests, in order. */
    record Rendering(List<Doc> docs) {
        List<HasMetadata> objects() {
            return docs.stream().map(Doc::object).toList();
        }

        <T extends HasMetadata> List<T> all(Class<T> type) {
            return docs.stream().map(Doc::object).filter(type::isInstance).map(type::cast).toList();
        }

        <T extends HasMetadata> T one(Class<T> type, String name) {
            return all(type).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name + " in "
                            + docs.stream().map(d -> d.kind() + "/" + d.name()).toList()));
        }
    }

    /**
     * Copies the chart and the two deploy folders it links to into {@code tmp} (links recreated, not followed), adds
     * {@code extraDashboards}/{@code extraRules} (file name to content) and turns the hooks into plain manifests.
     */
    static Path copy(Path tmp, Map<String, String> extraDashboards, Map<String, String> extraRules) {
        Path root = dev.sextant.deploy.ServiceCatalog.root();
        try {
            Path chart = tmp.resolve("helm/sextant");
            copyTree(root.resolve("helm/sextant"), chart);
            for (String dir : List.of("deploy/grafana/dashboards", "deploy/prometheus/rules")) {
                copyTree(root.resolve(dir), tmp.resolve(dir));
            }
            for (var e : extraDashboards.entrySet()) {
                Files.writeString(tmp.resolve("deploy/grafana/dashboards").resolve(e.getKey()), e.getValue());
            }
            for (var e : extraRules.entrySet()) {
                Files.writeString(tmp.resolve("deploy/prometheus/rules").resolve(e.getKey()), e.getValue());
            }
            try (Stream<Path> files = Files.list(chart.resolve("templates"))) {
                for (Path f : files.toList()) {
                    String text = Files.readString(f);
                    String changed = text.replace("\"helm.sh/hook\":", "\"" + HOOK_ANNOTATION + "\":");
                    if (!changed.equals(text)) {
                        Files.writeString(f, changed);
                    }
                }
            }
            return chart;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> entries = Files.list(from)) {
            for (Path p : entries.toList()) {
                Path target = to.resolve(p.getFileName().toString());
                if (Files.isSymbolicLink(p)) {
                    Files.createSymbolicLink(target, Files.readSymbolicLink(p));
                } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    copyTree(p, target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    /** {@code helm template} of {@code chart} with the value files and --set pairs given, parsed. */
    static Rendering render(Path chart, List<Path> valueFiles, Map<String, Object> sets) {
        TemplateCommand cmd = new Helm(chart).template().withName("sx").withNamespace("trading");
        for (Path f : valueFiles) {
            cmd = cmd.withValuesFile(f);
        }
        for (var e : sets.entrySet()) {
            cmd = cmd.set(e.getKey(), e.getValue());
        }
        return parse(cmd.call());
    }

    static Rendering parse(String manifests) {
        List<Doc> docs = new ArrayList<>();
        for (String text : manifests.split("(?m)^---\\s*$")) {
            if (text.lines().allMatch(l -> l.isBlank() || l.trim().startsWith("#"))) {
                continue;
            }
            Object o = Serialization.unmarshal(text);
            if (!(o instanceof HasMetadata h)) {
                throw new AssertionError("not a Kubernetes object: " + text);
            }
            docs.add(new Doc(text, h));
        }
        return new Rendering(List.copyOf(docs));
    }

    /** {@code helm lint --strict} of {@code chart} with {@code valueFile} (if any) merged into its values.yaml. */
    static LintResult lint(Path chart, Path valueFile) {
        if (valueFile != null) {
            try {
                Path values = chart.resolve("values.yaml");
                Yaml yaml = new Yaml();
                Map<String, Object> base = yaml.load(Files.readString(values));
                Map<String, Object> over = yaml.load(Files.readString(valueFile));
                DumperOptions opts = new DumperOptions();
                opts.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
                Files.writeString(values, new Yaml(opts).dump(merge(base, over)), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new Helm(chart).lint().strict().call();
    }

    /** Helm's merge of values: maps deep-merged, anything else replaced. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> over) {
        Map<String, Object> out = new LinkedHashMap<>(base);
        for (var e : over.entrySet()) {
            Object b = out.get(e.getKey());
            if (b instanceof Map<?, ?> bm && e.getValue() instanceof Map<?, ?> om) {
                out.put(e.getKey(), merge((Map<String, Object>) bm, (Map<String, Object>) om));
            } else {
                out.put(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> loadYaml(Path file) {
        try {
            return new Yaml().load(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ChartFixture() {}
}
