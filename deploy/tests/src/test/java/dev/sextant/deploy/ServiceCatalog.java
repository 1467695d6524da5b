package dev.sextant.deploy;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What each of the six services really reads, taken from its own sources: the HTTP port and the properties of
 * {@code src/main/resources/application.properties}, the {@code ${ENV}} variables those properties name, and the
 * prefixes of its {@code @ConfigMapping} interfaces. Deployment descriptors (Helm, compose) are checked against it, so
 * a port or variable that no service reads fails a test instead of being silently ignored at run time.
 */
public final class ServiceCatalog {

    /** The six services, in the order of {@code deploy/local/services.sh}. */
    public static final List<String> SERVICES = List.of(
            "api-gateway", "collector-service", "feature-service", "prediction-service", "risk-service",
            "execution-service");

    private static final Pattern ENV_REF = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::[^}]*)?}");
    private static final Pattern CONFIG_MAPPING = Pattern.compile("@ConfigMapping\\(prefix\\s*=\\s*\"([^\"]+)\"");

    /** One service's configuration surface. */
    public record Service(String name, int httpPort, Map<String, String> properties, Set<String> envReferences,
            Set<String> mappingPrefixes) {

        /**
         * Whether setting {@code env} in the process environment changes this service's configuration: it is named
         * in a {@code ${...}} reference, or it is the environment form (MicroProfile Config: upper case, every
         * non-alphanumeric character as {@code _}) of a property the service declares, of a property under one of
         * its {@code @ConfigMapping} prefixes, or of a Quarkus or Kafka property (any {@code QUARKUS_}/{@code KAFKA_}
         * name: those are read by the framework, e.g. {@code QUARKUS_HTTP_HOST}).
         */
        public boolean reads(String env) {
            if (envReferences.contains(env) || env.startsWith("QUARKUS_") || env.startsWith("KAFKA_")
                    || env.equals("JAVA_OPTS") || env.equals("JAVA_OPTS_APPEND")) {
                return true;
            }
            for (String key : properties.keySet()) {
                if (envName(key).equals(env)) {
                    return true;
                }
            }
            for (String prefix : mappingPrefixes) {
                if (env.startsWith(envName(prefix) + "_")) {
                    return true;
                }
            }
            return false;
        }
    }

    private final Map<String, Service> services;

    private ServiceCatalog(Map<String, Service> services) {
        this.services = services;
    }

    /** Reads the six services' configuration from the checkout at {@code root}. */
    public static ServiceCatalog load(Path root) {
        Map<String, Service> out = new LinkedHashMap<>();
        for (String name : SERVICES) {
            Path module = root.resolve(name);
            Properties props = new Properties();
            try (Reader r = Files.newBufferedReader(module.resolve("src/main/resources/application.properties"))) {
                props.load(r);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Map<String, String> properties = new LinkedHashMap<>();
            Set<String> env = new LinkedHashSet<>();
            for (String key : props.stringPropertyNames()) {
                String value = props.getProperty(key);
                properties.put(key, value);
                Matcher m = ENV_REF.matcher(value);
                while (m.find()) {
                    env.add(m.group(1));
                }
            }
            int port = Integer.parseInt(props.getProperty("quarkus.http.port").trim());
            out.put(name, new Service(name, port, Map.copyOf(properties), Set.copyOf(env),
                    mappingPrefixes(root, module)));
        }
        return new ServiceCatalog(out);
    }

    /** The checkout's root, from the working directory of a test run in {@code deploy/tests} (or the root itself). */
    public static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("sextant")) && Files.isDirectory(p.resolve("deploy"))) {
                return p;
            }
        }
        throw new IllegalStateException("no Sextant checkout above " + dir);
    }

    public Service service(String name) {
        Service s = services.get(name);
        if (s == null) {
            throw new IllegalArgumentException("unknown service " + name + "; known: " + services.keySet());
        }
        return s;
    }

    public List<Service> all() {
        return List.copyOf(services.values());
    }

    /** MicroProfile Config's environment-variable form of a property name. */
    public static String envName(String property) {
        StringBuilder b = new StringBuilder(property.length());
        for (char c : property.toCharArray()) {
            b.append(Character.isLetterOrDigit(c) ? Character.toUpperCase(c) : '_');
        }
        return b.toString();
    }

    /** {@code @ConfigMapping} prefixes in the service's own sources and in the shared modules it uses (cache-kit, service-kit). */
    private static Set<String> mappingPrefixes(Path root, Path module) {
        Set<String> prefixes = new LinkedHashSet<>();
        for (Path src : List.of(module.resolve("src/main/java"), root.resolve("service-kit/src/main/java"),
                root.resolve("cache-kit/src/main/java"))) {
            if (!Files.isDirectory(src)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(src)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    Matcher m = CONFIG_MAPPING.matcher(Files.readString(f));
                    while (m.find()) {
                        prefixes.add(m.group(1));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return Set.copyOf(prefixes);
    }
}
