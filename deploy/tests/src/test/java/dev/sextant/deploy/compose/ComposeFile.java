package dev.sextant.deploy.compose;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * deploy/compose/docker-compose.yml as compose reads it (YAML merge keys applied), with compose's variable syntax:
 * {@code ${VAR}}, {@code ${VAR:-default}}, {@code ${VAR-default}}, {@code ${VAR:?message}}, {@code ${VAR?message}}, and
 * {@code $$} for a literal {@code $}.
 */
public record ComposeFile(Path dir, String text, Map<String, Object> model) {

    private static final Pattern VARIABLE = Pattern.compile("\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?}");

    public static ComposeFile load(Path dir) {
        Path file = dir.resolve("docker-compose.yml");
        try (Reader r = Files.newBufferedReader(file)) {
            String text = Files.readString(file);
            Map<String, Object> model = new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
            return new ComposeFile(dir, text, model);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    public Map<String, Map<String, Object>> services() {
        return (Map<String, Map<String, Object>>) model.get("services");
    }

    public Map<String, Object> service(String name) {
        Map<String, Object> s = services().get(name);
        if (s == null) {
            throw new AssertionError("no service " + name + " in " + dir.resolve("docker-compose.yml"));
        }
        return s;
    }

    /** A service's environment as a map (compose accepts a map or a list of NAME=value). */
    @SuppressWarnings("unchecked")
    public static Map<String, String> environment(Map<String, Object> service) {
        Object env = service.get("environment");
        Map<String, String> out = new LinkedHashMap<>();
        if (env instanceof Map<?, ?> m) {
            m.forEach((k, v) -> out.put(String.valueOf(k), v == null ? null : String.valueOf(v)));
        } else if (env instanceof List<?> l) {
            for (Object o : l) {
                String s = String.valueOf(o);
                int eq = s.indexOf('=');
                out.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? null : s.substring(eq + 1));
            }
        }
        return out;
    }

    /** depends_on as target -> condition (the short list form means service_started). */
    public static Map<String, String> dependsOn(Map<String, Object> service) {
        Object deps = service.get("depends_on");
        Map<String, String> out = new LinkedHashMap<>();
        if (deps instanceof Map<?, ?> m) {
            m.forEach((k, v) -> out.put(String.valueOf(k), v instanceof Map<?, ?> c && c.get("condition") != null
                    ? String.valueOf(c.get("condition")) : "service_started"));
        } else if (deps instanceof List<?> l) {
            l.forEach(o -> out.put(String.valueOf(o), "service_started"));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    public static List<String> strings(Object listOrNull) {
        if (listOrNull == null) {
            return List.of();
        }
        if (listOrNull instanceof List<?> l) {
            return ((List<Object>) l).stream().map(String::valueOf).toList();
        }
        return List.of(String.valueOf(listOrNull));
    }

    /** The value compose would use with no variable set: defaults applied, {@code $$} as {@code $}. */
    public static String withDefaults(String value) {
        Matcher m = VARIABLE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement;
            if (m.group().equals("$$")) {
                replacement = "$";
            } else if (m.group(2) != null && m.group(2).endsWith("-")) {
                replacement = m.group(3);
            } else {
                throw new AssertionError("'" + value + "' has no default for ${" + m.group(1) + "}");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The variables a string interpolates (not {@code $$} escapes). */
    public static Set<String> variables(String value) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = VARIABLE.matcher(value);
        while (m.find()) {
            if (m.group(1) != null) {
                out.add(m.group(1));
            }
        }
        return out;
    }

    /** Whether the whole value is one required variable, {@code ${VAR:?message}}; returns its name or null. */
    public static String requiredVariable(String value) {
        Matcher m = VARIABLE.matcher(value);
        return m.matches() && m.group(1) != null && ":?".equals(m.group(2)) ? m.group(1) : null;
    }

    /** Every string in the model (keys and values), depth first. */
    public List<String> allStrings() {
        List<String> out = new ArrayList<>();
        collect(model, out);
        return out;
    }

    private static void collect(Object o, List<String> out) {
        if (o instanceof Map<?, ?> m) {
            m.forEach((k, v) -> {
                out.add(String.valueOf(k));
                collect(v, out);
            });
        } else if (o instanceof List<?> l) {
            l.forEach(v -> collect(v, out));
        } else if (o != null) {
            out.add(String.valueOf(o));
        }
    }
}
