package dev.sextant.deploy.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.LintResult;
import dev.sextant.deploy.ServiceCatalog;
import dev.sextant.deploy.helm.ChartFixture.Doc;
import dev.sextant.deploy.helm.ChartFixture.Rendering;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * helm/sextant, linted and rendered with helm-java for the default values and the value sets under helm/sextant/ci/,
 * the manifests parsed into fabric8 objects and checked against the services' own configuration (ServiceCatalog).
 */
class HelmChartTest {

    /** Recognisable secret values (also those of ci/values-production.yaml): none may appear outside a Secret. */
    static final String KAFKA_PASSWORD = "PW-kafka-2d4f6a8c";
    static final String SAMPLE_DASHBOARD = "zz-helm-test-sample.json";
    static final String SAMPLE_RULES = "zz-helm-test-sample.yml";

    static final ServiceCatalog CATALOG = ServiceCatalog.load(ServiceCatalog.root());

    @TempDir
    static Path tmp;

    static Path copy;
    /** Value set name -> its values (merged over the chart's) and its rendering. */
    static final Map<String, Map<String, Object>> VALUES = new LinkedHashMap<>();
    static final Map<String, Rendering> RENDERED = new LinkedHashMap<>();
    static final Map<String, String> SAMPLE_DASHBOARDS = new LinkedHashMap<>();
    static final Map<String, String> SAMPLE_RULE_FILES = new LinkedHashMap<>();

    @BeforeAll
    static void renderAllValueSets() throws IOException {
        Path root = ServiceCatalog.root();
        if (jsonFiles(root.resolve("deploy/grafana/dashboards")).isEmpty()) {
            SAMPLE_DASHBOARDS.put(SAMPLE_DASHBOARD, """
                    {
                      "title": "helm test sample",
                      "uid": "helm-test-sample",
                      "panels": [{"type": "stat", "targets": [{"expr": "up{job=\\"risk-service\\"} < 1 & 2 > 1"}]}]
                    }
                    """);
        }
        if (filesEnding(root.resolve("deploy/prometheus/rules"), ".yml").isEmpty()) {
            SAMPLE_RULE_FILES.put(SAMPLE_RULES, """
                    groups:
                      - name: helm-test-sample
                        rules:
                          - alert: SampleServiceDown
                            expr: up{job="risk-service"} == 0
                            for: 1m
                            annotations:
                              summary: "{{ $labels.job }} is down"
                    """);
        }
        copy = ChartFixture.copy(tmp.resolve("checkout"), SAMPLE_DASHBOARDS, SAMPLE_RULE_FILES);
        Map<String, Object> defaults = ChartFixture.loadYaml(copy.resolve("values.yaml"));
        put("default", defaults, List.of(), Map.of());
        for (String set : List.of("values-external-kafka-sasl.yaml", "values-production.yaml")) {
            Path file = ChartFixture.valueSet(set);
            put(set, ChartFixture.merge(defaults, ChartFixture.loadYaml(file)), List.of(file), Map.of());
        }
        // The chart-created Secret with SASL too, so the JAAS line's password is checked for leaks as well.
        Map<String, Object> sasl = new LinkedHashMap<>();
        sasl.put("kafka.securityProtocol", "SASL_PLAINTEXT");
        sasl.put("kafka.sasl.username", "sextant-user");
        sasl.put("kafka.sasl.password", KAFKA_PASSWORD);
        sasl.put("kafka.createTopics", false);
        Path prod = ChartFixture.valueSet("values-production.yaml");
        Map<String, Object> saslValues = ChartFixture.merge(defaults, ChartFixture.loadYaml(prod));
        @SuppressWarnings("unchecked")
        Map<String, Object> kafka = new LinkedHashMap<>((Map<String, Object>) saslValues.get("kafka"));
        kafka.put("securityProtocol", "SASL_PLAINTEXT");
        kafka.put("createTopics", false);
        kafka.put("sasl", Map.of("mechanism", "SCRAM-SHA-512", "username", "sextant-user", "password", KAFKA_PASSWORD));
        saslValues.put("kafka", kafka);
        put("production+sasl", saslValues, List.of(prod), sasl);
    }

    private static void put(String name, Map<String, Object> values, List<Path> files, Map<String, Object> sets) {
        VALUES.put(name, values);
        RENDERED.put(name, ChartFixture.render(copy, files, sets));
    }

    // --- lint --------------------------------------------------------------------------------------------------------

    @Test
    void lintPassesStrictForTheChartAsCheckedInAndEveryValueSet() throws IOException {
        LintResult real = ChartFixture.lint(ChartFixture.chart(), null);
        assertThat(real.isFailed()).as("helm lint --strict helm/sextant: %s", real.getMessages()).isFalse();
        for (String set : List.of("values-external-kafka-sasl.yaml", "values-production.yaml")) {
            Path chart = ChartFixture.copy(tmp.resolve("lint-" + set), SAMPLE_DASHBOARDS, SAMPLE_RULE_FILES);
            LintResult r = ChartFixture.lint(chart, ChartFixture.valueSet(set));
            assertThat(r.isFailed()).as("helm lint --strict with %s: %s", set, r.getMessages()).isFalse();
            assertThat(r.getMessages()).as(set).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
        }
    }

    @Test
    void theCheckedInChartRendersThroughItsLinks() throws IOException {
        Rendering r = ChartFixture.render(ChartFixture.chart(), List.of(), Map.of());
        assertThat(r.all(Deployment.class)).hasSize(6);
        for (Path dashboard : jsonFiles(ServiceCatalog.root().resolve("deploy/grafana/dashboards"))) {
            assertThat(dashboardConfigMap(r, dashboard.getFileName().toString()).getData())
                    .containsEntry(dashboard.getFileName().toString(), Files.readString(dashboard));
        }
    }

    // --- workloads -----------------------------------------------------------------------------------------------

    @Test
    void everyServiceHasADeploymentWithProbesOnItsOwnPort() {
        RENDERED.forEach((set, r) -> {
            for (ServiceCatalog.Service s : CATALOG.all()) {
                Deployment d = r.one(Deployment.class, "sx-sextant-" + s.name());
                List<Container> containers = d.getSpec().getTemplate().getSpec().getContainers();
                assertThat(containers).as(set).hasSize(1);
                Container c = containers.getFirst();
                assertThat(c.getImage()).as(set).matches("(.+/)?sextant/" + s.name() + ":.+");
                assertThat(c.getPorts()).as(set + " " + s.name()).extracting(ContainerPort::getContainerPort)
                        .containsExactly(s.httpPort());
                assertProbe(set, s, c, c.getLivenessProbe(), "/q/health/live");
                assertProbe(set, s, c, c.getReadinessProbe(), "/q/health/ready");
                assertProbe(set, s, c, c.getStartupProbe(), "/q/health/");

                Service svc = r.one(Service.class, "sx-sextant-" + s.name());
                assertThat(svc.getSpec().getPorts()).as(set).hasSize(1);
                assertThat(svc.getSpec().getPorts().getFirst().getPort()).as(set).isEqualTo(s.httpPort());
                assertThat(portNumber(c, svc.getSpec().getPorts().getFirst().getTargetPort())).as(set)
                        .isEqualTo(s.httpPort());
                assertThat(svc.getSpec().getSelector()).as(set)
                        .isEqualTo(d.getSpec().getSelector().getMatchLabels());
            }
        });
    }

    private static void assertProbe(String set, ServiceCatalog.Service s, Container c, Probe probe, String path) {
        String what = set + " " + s.name() + " probe " + path;
        assertThat(probe).as(what).isNotNull();
        HTTPGetAction get = probe.getHttpGet();
        assertThat(get).as(what).isNotNull();
        assertThat(get.getPath()).as(what).startsWith(path);
        assertThat(portNumber(c, get.getPort())).as(what).isEqualTo(s.httpPort());
    }

    /** A port given by number or by the name of one of the container's ports. */
    private static Integer portNumber(Container c, IntOrString port) {
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        return c.getPorts().stream().filter(p -> port.getStrVal().equals(p.getName()))
                .map(ContainerPort::getContainerPort).findFirst().orElse(null);
    }

    @Test
    void everyContainerHasRequestsAndLimitsAndARestrictedSecurityContext() {
        RENDERED.forEach((set, r) -> {
            List<Map.Entry<String, PodSpec>> pods = pods(r);
            assertThat(pods).as(set).hasSizeGreaterThanOrEqualTo(6);
            for (var pod : pods) {
                PodSpec spec = pod.getValue();
                String where = set + " " + pod.getKey();
                assertThat(spec.getSecurityContext().getRunAsNonRoot()).as(where).isTrue();
                assertThat(spec.getSecurityContext().getRunAsUser()).as(where).isEqualTo(185L);
                assertThat(spec.getSecurityContext().getSeccompProfile().getType()).as(where).isEqualTo("RuntimeDefault");
                assertThat(spec.getAutomountServiceAccountToken()).as(where).isFalse();
                Volume tmpVolume = spec.getVolumes().stream().filter(v -> v.getEmptyDir() != null)
                        .filter(v -> v.getName().equals("tmp")).findFirst().orElse(null);
                assertThat(tmpVolume).as(where + ": an emptyDir for /tmp").isNotNull();
                for (Container c : containers(spec)) {
                    String cw = where + "/" + c.getName();
                    for (String kind : List.of("cpu", "memory")) {
                        Quantity req = c.getResources().getRequests().get(kind);
                        Quantity lim = c.getResources().getLimits().get(kind);
                        assertThat(req).as(cw + " request " + kind).isNotNull();
                        assertThat(lim).as(cw + " limit " + kind).isNotNull();
                        assertThat(Quantity.getAmountInBytes(req)).as(cw + " request <= limit " + kind)
                                .isLessThanOrEqualTo(Quantity.getAmountInBytes(lim));
                    }
                    var sc = c.getSecurityContext();
                    assertThat(sc).as(cw).isNotNull();
                    assertThat(sc.getRunAsNonRoot()).as(cw).isTrue();
                    assertThat(sc.getRunAsUser()).as(cw).isEqualTo(185L);
                    assertThat(sc.getReadOnlyRootFilesystem()).as(cw).isTrue();
                    assertThat(sc.getAllowPrivilegeEscalation()).as(cw).isFalse();
                    assertThat(sc.getCapabilities().getDrop()).as(cw).containsExactly("ALL");
                    assertThat(sc.getCapabilities().getAdd()).as(cw).isNullOrEmpty();
                    assertThat(sc.getSeccompProfile().getType()).as(cw).isEqualTo("RuntimeDefault");
                    assertThat(c.getVolumeMounts()).as(cw)
                            .anyMatch(m -> m.getName().equals("tmp") && m.getMountPath().equals("/tmp"));
                }
            }
        });
    }

    @Test
    void imagesComeFromTheConfiguredRegistryWithTheAppVersionAsDefaultTag() {
        String appVersion = String.valueOf(ChartFixture.loadYaml(ChartFixture.chart().resolve("Chart.yaml")).get("appVersion"));
        for (var pod : pods(RENDERED.get("default"))) {
            assertThat(containers(pod.getValue())).as(pod.getKey()).allSatisfy(c ->
                    assertThat(c.getImage()).matches("sextant/[a-z-]+:" + Pattern.quote(appVersion)));
            assertThat(pod.getValue().getImagePullSecrets()).as(pod.getKey()).isNullOrEmpty();
        }
        for (var pod : pods(RENDERED.get("values-external-kafka-sasl.yaml"))) {
            assertThat(containers(pod.getValue())).as(pod.getKey()).allSatisfy(c ->
                    assertThat(c.getImage()).matches("registry\\.example\\.com/trading/sextant/[a-z-]+:1\\.4\\.2"));
            assertThat(pod.getValue().getImagePullSecrets()).as(pod.getKey())
                    .extracting(io.fabric8.kubernetes.api.model.LocalObjectReference::getName).containsExactly("regcred");
        }
    }

    @Test
    void jvmContainersAreSizedForHalfAGibibyte() {
        RENDERED.forEach((set, r) -> {
            for (Deployment d : r.all(Deployment.class)) {
                Container c = d.getSpec().getTemplate().getSpec().getContainers().getFirst();
                long limit = Quantity.getAmountInBytes(c.getResources().getLimits().get("memory")).longValue();
                assertThat(limit).as(set + " " + d.getMetadata().getName())
                        .isBetween(256L << 20, 1024L << 20);
            }
        });
    }

    @Test
    void replicasAndRolloutsFollowWhatEachServiceCanShare() {
        RENDERED.forEach((set, r) -> {
            for (String key : List.of("gateway", "collector", "feature", "prediction", "risk", "execution")) {
                Deployment d = r.one(Deployment.class, "sx-sextant-" + CATALOG_NAMES.get(key));
                assertThat(d.getSpec().getReplicas()).as(set + " " + key)
                        .isEqualTo(path(VALUES.get(set), "services", key, "replicas"));
            }
            // The new pod is ready before an old one stops: feature and prediction share the partitions meanwhile,
            // a new risk or execution pod waits as a standby until the old one releases its lease.
            for (String s : List.of("api-gateway", "feature-service", "prediction-service", "risk-service",
                    "execution-service")) {
                Deployment d = r.one(Deployment.class, "sx-sextant-" + s);
                assertThat(d.getSpec().getStrategy().getType()).as(set + " " + s).isEqualTo("RollingUpdate");
                assertThat(d.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable()).as(set + " " + s)
                        .isEqualTo(new IntOrString(0));
            }
            // Two collectors of one configuration would both replay the same symbols.
            assertThat(r.one(Deployment.class, "sx-sextant-collector-service").getSpec().getStrategy().getType())
                    .as(set).isEqualTo("Recreate");
            assertThat(r.all(PodDisruptionBudget.class)).as(set).hasSize(6)
                    .allSatisfy(p -> assertThat(p.getSpec().getMaxUnavailable()).isEqualTo(new IntOrString(1)));
        });
    }

    static final Map<String, String> CATALOG_NAMES = Map.of("gateway", "api-gateway", "collector", "collector-service",
            "feature", "feature-service", "prediction", "prediction-service", "risk", "risk-service",
            "execution", "execution-service");

    // --- configuration ---------------------------------------------------------------------------------------------

    @Test
    void everyEnvironmentVariableIsOneTheServiceReadsAndServicesListenOnAllInterfaces() {
        RENDERED.forEach((set, r) -> {
            for (ServiceCatalog.Service s : CATALOG.all()) {
                Deployment d = r.one(Deployment.class, "sx-sextant-" + s.name());
                Map<String, String> env = environment(r, d.getSpec().getTemplate().getSpec().getContainers().getFirst());
                assertThat(env.keySet()).as(set + " " + s.name()).allSatisfy(name ->
                        assertThat(s.reads(name)).as("%s: %s reads %s", set, s.name(), name).isTrue());
                assertThat(env).as(set + " " + s.name()).containsEntry("QUARKUS_HTTP_HOST", "0.0.0.0")
                        .containsKeys("SEXTANT_KAFKA_BOOTSTRAP", "SEXTANT_DB_URL", "SEXTANT_DB_USER",
                                "SEXTANT_DB_PASSWORD", "SEXTANT_REDIS_URL", "QUARKUS_REDIS_PASSWORD");
                assertThat(env.get("SEXTANT_DB_URL")).as(set).startsWith("jdbc:postgresql://");
            }
            Deployment gateway = r.one(Deployment.class, "sx-sextant-api-gateway");
            Map<String, String> env = environment(r, gateway.getSpec().getTemplate().getSpec().getContainers().getFirst());
            for (ServiceCatalog.Service s : CATALOG.all()) {
                if (!s.name().equals("api-gateway")) {
                    String key = "SEXTANT_" + s.name().replace("-service", "").toUpperCase() + "_URL";
                    assertThat(env).as(set).containsEntry(key, "http://sx-sextant-" + s.name() + ":" + s.httpPort());
                }
            }
        });
        Rendering sasl = RENDERED.get("values-external-kafka-sasl.yaml");
        Map<String, String> env = environment(sasl, sasl.one(Deployment.class, "sx-sextant-risk-service")
                .getSpec().getTemplate().getSpec().getContainers().getFirst());
        assertThat(env).containsEntry("KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
                .containsEntry("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512").containsKey("KAFKA_SASL_JAAS_CONFIG")
                .containsEntry("KAFKA_SSL_TRUSTSTORE_TYPE", "PEM")
                .containsEntry("SEXTANT_REDIS_URL", "rediss://sextant-redis.redis.svc:6380");
    }

    /**
     * The container's environment: envFrom ConfigMaps' and Secrets' keys, then env; values of ConfigMap entries and
     * plain values, {@code <secret>} for Secret references.
     */
    private static Map<String, String> environment(Rendering r, Container c) {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvFromSource from : Objects.requireNonNullElse(c.getEnvFrom(), List.<EnvFromSource>of())) {
            if (from.getConfigMapRef() != null) {
                Objects.requireNonNullElse(r.one(ConfigMap.class, from.getConfigMapRef().getName()).getData(),
                        Map.<String, String>of()).forEach(env::put);
            }
            if (from.getSecretRef() != null) {
                Secret s = r.one(Secret.class, from.getSecretRef().getName());
                s.getData().keySet().forEach(k -> env.put(k, "<secret>"));
            }
        }
        for (EnvVar e : Objects.requireNonNullElse(c.getEnv(), List.<EnvVar>of())) {
            env.put(e.getName(), e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null
                    ? "<secret>" : e.getValue());
        }
        return env;
    }

    @Test
    void everyReferencedConfigMapSecretAndKeyIsRenderedUnlessItIsTheUsersOwn() {
        RENDERED.forEach((set, r) -> {
            Map<String, Object> values = VALUES.get(set);
            Set<String> userSecrets = new LinkedHashSet<>();
            addIfSet(userSecrets, path(values, "secrets", "existingSecret"));
            addIfSet(userSecrets, path(values, "kafka", "tls", "caSecret"));
            addIfSet(userSecrets, path(values, "ingress", "tlsSecret"));
            Map<String, Set<String>> configMaps = new HashMap<>();
            r.all(ConfigMap.class).forEach(cm -> configMaps.put(cm.getMetadata().getName(),
                    Objects.requireNonNullElse(cm.getData(), Map.<String, String>of()).keySet()));
            Map<String, Set<String>> secrets = new HashMap<>();
            r.all(Secret.class).forEach(s -> {
                Set<String> keys = new LinkedHashSet<>();
                keys.addAll(Objects.requireNonNullElse(s.getData(), Map.<String, String>of()).keySet());
                keys.addAll(Objects.requireNonNullElse(s.getStringData(), Map.<String, String>of()).keySet());
                secrets.put(s.getMetadata().getName(), keys);
            });
            int refs = 0;
            for (var pod : pods(r)) {
                String where = set + " " + pod.getKey();
                for (Container c : containers(pod.getValue())) {
                    for (EnvFromSource from : Objects.requireNonNullElse(c.getEnvFrom(), List.<EnvFromSource>of())) {
                        if (from.getConfigMapRef() != null) {
                            assertThat(configMaps).as(where).containsKey(from.getConfigMapRef().getName());
                            refs++;
                        }
                        if (from.getSecretRef() != null) {
                            assertExists(where, secrets, userSecrets, from.getSecretRef().getName(), null);
                            refs++;
                        }
                    }
                    for (EnvVar e : Objects.requireNonNullElse(c.getEnv(), List.<EnvVar>of())) {
                        if (e.getValueFrom() == null) {
                            continue;
                        }
                        var sk = e.getValueFrom().getSecretKeyRef();
                        if (sk != null) {
                            assertThat(sk.getOptional()).as(where + " " + e.getName() + " optional").isNotEqualTo(true);
                            assertExists(where + " " + e.getName(), secrets, userSecrets, sk.getName(), sk.getKey());
                            refs++;
                        }
                        var ck = e.getValueFrom().getConfigMapKeyRef();
                        if (ck != null) {
                            assertThat(configMaps).as(where).containsKey(ck.getName());
                            assertThat(configMaps.get(ck.getName())).as(where + " " + e.getName()).contains(ck.getKey());
                            refs++;
                        }
                    }
                }
                for (Volume v : pod.getValue().getVolumes()) {
                    if (v.getConfigMap() != null) {
                        assertThat(configMaps).as(where).containsKey(v.getConfigMap().getName());
                    }
                    if (v.getSecret() != null) {
                        assertExists(where + " volume " + v.getName(), secrets, userSecrets,
                                v.getSecret().getSecretName(), null);
                        for (var item : Objects.requireNonNullElse(v.getSecret().getItems(), List.<io.fabric8.kubernetes.api.model.KeyToPath>of())) {
                            assertExists(where + " volume " + v.getName(), secrets, userSecrets,
                                    v.getSecret().getSecretName(), item.getKey());
                        }
                    }
                }
            }
            assertThat(refs).as(set + ": references checked").isGreaterThan(30);
            if ("".equals(path(values, "secrets", "existingSecret"))) {
                assertThat(secrets).as(set + ": the chart's own Secret").containsKey("sx-sextant-credentials");
            } else {
                assertThat(secrets).as(set + ": existingSecret means no Secret of the chart's").isEmpty();
            }
        });
    }

    private static void assertExists(String where, Map<String, Set<String>> secrets, Set<String> userSecrets,
            String name, String key) {
        if (userSecrets.contains(name)) {
            return;
        }
        assertThat(secrets).as(where + ": Secret " + name).containsKey(name);
        if (key != null) {
            assertThat(secrets.get(name)).as(where + ": key of Secret " + name).contains(key);
        }
    }

    @Test
    void noSecretValueAppearsOutsideASecret() {
        for (String set : List.of("values-production.yaml", "production+sasl")) {
            Rendering r = RENDERED.get(set);
            List<String> secretValues = new ArrayList<>();
            collectSecretValues(VALUES.get(set), "", secretValues);
            if (set.equals("production+sasl")) {
                assertThat(secretValues).contains(KAFKA_PASSWORD);
            }
            assertThat(secretValues).as(set).hasSize(set.equals("production+sasl") ? 8 : 7)
                    .allMatch(v -> v.startsWith("PW-"));
            StringBuilder secretData = new StringBuilder();
            for (Secret s : r.all(Secret.class)) {
                s.getData().values().forEach(v ->
                        secretData.append(new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)).append('\n'));
            }
            for (String v : secretValues) {
                assertThat(secretData.toString()).as(set + ": the value is in a Secret").contains(v);
                String b64 = Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8));
                for (Doc d : r.docs()) {
                    if (d.object() instanceof Secret) {
                        continue;
                    }
                    assertThat(d.text()).as("%s: %s/%s holds a secret value", set, d.kind(), d.name())
                            .doesNotContain(v).doesNotContain(b64);
                }
            }
        }
    }

    /** Every non-empty string under a key named password (the values' secrets). */
    @SuppressWarnings("unchecked")
    private static void collectSecretValues(Object node, String key, List<String> out) {
        if (node instanceof Map<?, ?> m) {
            m.forEach((k, v) -> collectSecretValues(v, String.valueOf(k), out));
        } else if (node instanceof String s && !s.isEmpty() && key.toLowerCase().contains("password")) {
            out.add(s);
        }
    }

    @Test
    void theSchemaRefusesWrongValues() {
        assertThatThrownBy(() -> ChartFixture.render(copy, List.of(), Map.of("services.gateway.replicas", "two")))
                .hasMessageContaining("services.gateway.replicas").hasMessageContaining("integer");
        assertThatThrownBy(() -> ChartFixture.render(copy, List.of(), Map.of("kafka.bootstarp", "x:9092")))
                .hasMessageContaining("bootstarp");
        assertThatThrownBy(() -> ChartFixture.render(copy, List.of(), Map.of("kafka.securityProtocol", "TLS")))
                .hasMessageContaining("kafka.securityProtocol");
        assertThatThrownBy(() -> ChartFixture.render(copy, List.of(), Map.of("database.port", "5432x")))
                .hasMessageContaining("database.port");
        // Replicas of risk and execution: HelmChartReplicasTest. Beyond the schema: the chart's own Secret needs every password, TopicAdmin cannot do SASL, and JVM options
        // that replace the image's must keep the log manager.
        assertThatThrownBy(() -> ChartFixture.render(copy, List.of(), Map.of("services.gateway.javaOptsAppend", "-Xmx300m")))
                .hasMessageContaining("services.gateway.javaOptsAppend");
        assertThatThrownBy(() -> ChartFixture.render(copy, List.of(), Map.of("secrets.existingSecret", "")))
                .hasMessageContaining("password is required");
        assertThatThrownBy(() -> ChartFixture.render(copy, List.of(), Map.of("kafka.securityProtocol", "SASL_SSL",
                "kafka.sasl.username", "u"))).hasMessageContaining("kafka.createTopics");
    }

    // --- network ---------------------------------------------------------------------------------------------------

    @Test
    void onlyTheGatewayIsReachableFromOutsideTheRelease() {
        RENDERED.forEach((set, r) -> {
            List<NetworkPolicy> policies = r.all(NetworkPolicy.class);
            Map<String, String> release = Map.of("app.kubernetes.io/name", "sextant", "app.kubernetes.io/instance", "sx");
            NetworkPolicy deny = policies.stream()
                    .filter(p -> p.getSpec().getPodSelector().getMatchLabels().equals(release))
                    .filter(p -> p.getSpec().getIngress().isEmpty() && p.getSpec().getEgress().isEmpty())
                    .findFirst().orElseThrow(() -> new AssertionError(set + ": no default-deny policy"));
            assertThat(deny.getSpec().getPolicyTypes()).as(set).containsExactlyInAnyOrder("Ingress", "Egress");

            List<Map<String, Object>> metricsFrom = list(path(VALUES.get(set), "networkPolicy", "metricsFrom"));
            Set<String> reachableFromAnywhere = new LinkedHashSet<>();
            for (NetworkPolicy p : policies) {
                Map<String, String> selector = p.getSpec().getPodSelector().getMatchLabels();
                String component = selector.getOrDefault("app.kubernetes.io/component", "*");
                for (NetworkPolicyIngressRule rule : p.getSpec().getIngress()) {
                    String where = set + " " + p.getMetadata().getName();
                    if (rule.getFrom() == null || rule.getFrom().isEmpty()) {
                        reachableFromAnywhere.add(component);
                        continue;
                    }
                    if (component.equals("api-gateway")) {
                        continue;
                    }
                    for (NetworkPolicyPeer peer : rule.getFrom()) {
                        boolean sameRelease = peer.getNamespaceSelector() == null && peer.getIpBlock() == null
                                && peer.getPodSelector() != null
                                && "sx".equals(peer.getPodSelector().getMatchLabels().get("app.kubernetes.io/instance"));
                        boolean monitoring = metricsFrom.stream().anyMatch(m ->
                                Serialization.asJson(m).equals(Serialization.asJson(peer)));
                        assertThat(sameRelease || monitoring)
                                .as("%s: ingress from %s to %s", where, Serialization.asJson(peer), component).isTrue();
                    }
                    assertThat(rule.getPorts()).as(where + ": ports").isNotEmpty();
                }
            }
            if (list(path(VALUES.get(set), "networkPolicy", "gatewayFrom")).isEmpty()) {
                assertThat(reachableFromAnywhere).as(set).containsExactly("api-gateway");
            } else {
                assertThat(reachableFromAnywhere).as(set).isEmpty();
            }
            // The gateway may ask the other services (its /api/v1/status), on their ports and nothing else.
            NetworkPolicy gw = r.one(NetworkPolicy.class, "sx-sextant-api-gateway");
            Set<Integer> gatewayEgress = new LinkedHashSet<>();
            gw.getSpec().getEgress().forEach(e -> e.getPorts().forEach(p -> gatewayEgress.add(p.getPort().getIntVal())));
            assertThat(gatewayEgress).as(set).containsExactlyInAnyOrderElementsOf(CATALOG.all().stream()
                    .filter(s -> !s.name().equals("api-gateway")).map(ServiceCatalog.Service::httpPort).toList());
            // Egress: DNS, Kafka, PostgreSQL, Redis.
            Set<Integer> egressPorts = new LinkedHashSet<>();
            policies.stream().filter(p -> p.getSpec().getPodSelector().getMatchLabels().equals(release))
                    .flatMap(p -> p.getSpec().getEgress().stream())
                    .flatMap(e -> e.getPorts().stream()).forEach(port -> egressPorts.add(port.getPort().getIntVal()));
            Map<String, Object> values = VALUES.get(set);
            assertThat(egressPorts).as(set).contains(53, (Integer) path(values, "database", "port"),
                    (Integer) path(values, "redis", "port"));
            for (String hp : String.valueOf(path(values, "kafka", "bootstrap")).split(",")) {
                assertThat(egressPorts).as(set).contains(Integer.parseInt(hp.substring(hp.lastIndexOf(':') + 1)));
            }
        });
    }

    // --- hooks and jobs --------------------------------------------------------------------------------------------

    @Test
    void theMigrationHookRunsEveryServiceImageWithInitAndExitThenTopicAdmin() throws IOException {
        Set<String> topicAdminOptions = options("contracts-kafka/src/main/java/dev/sextant/contracts/kafka/TopicAdmin.java");
        RENDERED.forEach((set, r) -> {
            Job job = r.one(Job.class, "sx-sextant-migrations");
            assertThat(job.getMetadata().getAnnotations()).as(set)
                    .containsEntry(ChartFixture.HOOK_ANNOTATION, "pre-install,pre-upgrade");
            PodSpec spec = job.getSpec().getTemplate().getSpec();
            assertThat(spec.getRestartPolicy()).isEqualTo("Never");
            List<Container> steps = containers(spec);
            List<String> expected = new ArrayList<>(CATALOG.all().stream().map(s -> "migrate-" + s.name()).toList());
            boolean topics = Boolean.TRUE.equals(path(VALUES.get(set), "kafka", "createTopics"));
            if (topics) {
                expected.add("create-topics");
            }
            assertThat(steps).as(set).extracting(Container::getName).containsExactlyElementsOf(expected);
            for (ServiceCatalog.Service s : CATALOG.all()) {
                assertThat(s.properties()).as(s.name()).containsEntry("quarkus.flyway.migrate-at-start", "true");
                Container c = steps.stream().filter(x -> x.getName().equals("migrate-" + s.name())).findFirst().orElseThrow();
                assertThat(c.getImage()).matches("(.+/)?sextant/" + s.name() + ":.+");
                assertThat(c.getCommand()).as("the image's own entrypoint").isNullOrEmpty();
                Map<String, String> env = environment(r, c);
                assertThat(env).as(set + " " + s.name()).containsEntry("QUARKUS_INIT_AND_EXIT", "true")
                        .containsKeys("SEXTANT_DB_URL", "SEXTANT_DB_USER", "SEXTANT_DB_PASSWORD");
                assertThat(env.keySet()).allSatisfy(n -> assertThat(s.reads(n)).as(s.name() + " reads " + n).isTrue());
                String user = c.getEnv().stream().filter(e -> e.getName().equals("SEXTANT_DB_USER")).findFirst()
                        .orElseThrow().getValueFrom().getSecretKeyRef().getKey();
                assertThat(user).as("each service migrates as its own role")
                        .isEqualTo("db-" + s.properties().get("sextant.db.schema") + "-user");
            }
            if (topics) {
                Container t = steps.getLast();
                assertThat(t.getImage()).matches("(.+/)?sextant/tools:.+");
                assertThat(t.getCommand()).startsWith("java", "-cp", "/deployments/lib/*",
                        "dev.sextant.contracts.kafka.TopicAdmin");
                assertThat(t.getCommand()).containsSequence("--bootstrap",
                        String.valueOf(path(VALUES.get(set), "kafka", "bootstrap")));
                assertThat(t.getCommand().stream().filter(a -> a.startsWith("--")))
                        .allSatisfy(o -> assertThat(topicAdminOptions).contains(o));
            }
            if ("".equals(path(VALUES.get(set), "secrets", "existingSecret"))) {
                Secret hookSecret = r.one(Secret.class, "sx-sextant-migrations");
                assertThat(hookSecret.getMetadata().getAnnotations())
                        .containsEntry(ChartFixture.HOOK_ANNOTATION, "pre-install,pre-upgrade")
                        .containsEntry("helm.sh/hook-weight", "-10");
                assertThat(hookSecret.getData())
                        .isEqualTo(r.one(Secret.class, "sx-sextant-credentials").getData());
            }
        });
    }

    @Test
    void theTrainingCronJobRunsTrainCommandIntoTheModelClaimThatPredictionLoads() throws IOException {
        Set<String> trainOptions = options("model-training/src/main/java/dev/sextant/training/TrainCommand.java");
        assertThat(RENDERED.get("default").all(CronJob.class)).isEmpty();
        Rendering r = RENDERED.get("values-production.yaml");
        CronJob cron = r.one(CronJob.class, "sx-sextant-model-training");
        assertThat(cron.getSpec().getConcurrencyPolicy()).isEqualTo("Forbid");
        PodSpec spec = cron.getSpec().getJobTemplate().getSpec().getTemplate().getSpec();
        Container c = spec.getContainers().getFirst();
        assertThat(c.getImage()).matches("(.+/)?sextant/tools:.+");
        assertThat(c.getCommand()).startsWith("java", "-cp", "/deployments/lib/*", "dev.sextant.training.TrainCommand");
        List<String> options = c.getCommand().stream().filter(a -> a.startsWith("--")).toList();
        assertThat(options).containsExactlyInAnyOrder("--data-dir", "--output-dir", "--symbols");
        assertThat(trainOptions).containsAll(options);
        String output = c.getCommand().get(c.getCommand().indexOf("--output-dir") + 1);
        assertThat(claimOf(spec, c, output)).isEqualTo("sextant-models");
        String data = c.getCommand().get(c.getCommand().indexOf("--data-dir") + 1);
        assertThat(claimOf(spec, c, data)).isEqualTo("sextant-market-data");

        Deployment prediction = r.one(Deployment.class, "sx-sextant-prediction-service");
        PodSpec pspec = prediction.getSpec().getTemplate().getSpec();
        Container pc = pspec.getContainers().getFirst();
        String modelDir = environment(r, pc).get("SEXTANT_PREDICTION_MODEL_DIR");
        assertThat(modelDir).isEqualTo(output);
        assertThat(claimOf(pspec, pc, modelDir)).isEqualTo("sextant-models");
    }

    /** The PVC mounted at (a parent of) {@code path} in the container. */
    private static String claimOf(PodSpec spec, Container c, String path) {
        var mount = c.getVolumeMounts().stream().filter(m -> path.equals(m.getMountPath())
                || path.startsWith(m.getMountPath() + "/")).findFirst().orElseThrow(() -> new AssertionError("nothing mounted at " + path));
        Volume v = spec.getVolumes().stream().filter(x -> x.getName().equals(mount.getName())).findFirst().orElseThrow();
        return v.getPersistentVolumeClaim() == null ? null : v.getPersistentVolumeClaim().getClaimName();
    }

    /** The {@code case "--option"} labels of a command-line tool's source. */
    private static Set<String> options(String source) throws IOException {
        Matcher m = Pattern.compile("case \"(--[a-z-]+)\"").matcher(Files.readString(ServiceCatalog.root().resolve(source)));
        Set<String> out = new LinkedHashSet<>();
        while (m.find()) {
            out.add(m.group(1));
        }
        assertThat(out).as(source).isNotEmpty();
        return out;
    }

    // --- monitoring ------------------------------------------------------------------------------------------------

    @Test
    void dashboardsAreConfigMapsForTheGrafanaSidecarWithTheFilesExactText() throws IOException {
        Path dashboards = copy.resolve("../../deploy/grafana/dashboards").normalize();
        List<Path> files = jsonFiles(dashboards);
        assertThat(files).isNotEmpty();
        RENDERED.forEach((set, r) -> {
            for (Path f : files) {
                String name = f.getFileName().toString();
                ConfigMap cm = dashboardConfigMap(r, name);
                assertThat(cm.getMetadata().getLabels()).as(set).containsEntry("grafana_dashboard", "1");
                try {
                    assertThat(cm.getData()).as(set).containsExactly(Map.entry(name, Files.readString(f)));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
            assertThat(r.all(ConfigMap.class).stream().filter(c -> c.getMetadata().getLabels().containsKey("grafana_dashboard")))
                    .as(set).hasSize(files.size());
        });
        assertThat(dashboardConfigMap(RENDERED.get("values-production.yaml"), files.getFirst().getFileName().toString())
                .getMetadata().getNamespace()).isEqualTo("monitoring");
    }

    private static ConfigMap dashboardConfigMap(Rendering r, String file) {
        return r.all(ConfigMap.class).stream().filter(c -> c.getData() != null && c.getData().containsKey(file))
                .filter(c -> c.getMetadata().getLabels().containsKey("grafana_dashboard")).findFirst()
                .orElseThrow(() -> new AssertionError("no dashboard ConfigMap holds " + file));
    }

    @Test
    void serviceMonitorAndPrometheusRulesAreOffByDefaultAndCarryTheRuleFiles() throws IOException {
        for (String set : List.of("default", "values-external-kafka-sasl.yaml")) {
            assertThat(RENDERED.get(set).all(GenericKubernetesResource.class)).as(set).isEmpty();
        }
        Rendering r = RENDERED.get("values-production.yaml");
        GenericKubernetesResource monitor = r.all(GenericKubernetesResource.class).stream()
                .filter(o -> o.getKind().equals("ServiceMonitor")).findFirst().orElseThrow();
        assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "kube-prometheus-stack");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> endpoints = (List<Map<String, Object>>) monitor.get("spec", "endpoints");
        assertThat(endpoints).singleElement().satisfies(e -> {
            assertThat(e).containsEntry("port", "http").containsEntry("path", "/q/metrics");
        });
        // The Services carry the label the monitor takes the job name from: job="risk-service" as locally.
        String jobLabel = monitor.get("spec", "jobLabel");
        for (Service s : r.all(Service.class)) {
            assertThat(s.getMetadata().getLabels().get(jobLabel)).isEqualTo(
                    s.getMetadata().getName().substring("sx-sextant-".length()));
        }

        Path rulesDir = copy.resolve("../../deploy/prometheus/rules").normalize();
        List<Path> ruleFiles = filesEnding(rulesDir, ".yml");
        List<GenericKubernetesResource> rules = r.all(GenericKubernetesResource.class).stream()
                .filter(o -> o.getKind().equals("PrometheusRule")).toList();
        assertThat(rules).hasSize(ruleFiles.size());
        for (Path f : ruleFiles) {
            Map<String, Object> file = ChartFixture.loadYaml(f);
            assertThat(rules).as(f.getFileName().toString())
                    .anySatisfy(rule -> assertThat(Serialization.asJson(rule.get("spec")))
                            .isEqualTo(Serialization.asJson(file)));
        }
    }

    // --- helpers ---------------------------------------------------------------------------------------------------

    /** Every pod spec: Deployments, Jobs, CronJobs. */
    private static List<Map.Entry<String, PodSpec>> pods(Rendering r) {
        List<Map.Entry<String, PodSpec>> out = new ArrayList<>();
        for (HasMetadata o : r.objects()) {
            String name = o.getKind() + "/" + o.getMetadata().getName();
            if (o instanceof Deployment d) {
                out.add(Map.entry(name, d.getSpec().getTemplate().getSpec()));
            } else if (o instanceof Job j) {
                out.add(Map.entry(name, j.getSpec().getTemplate().getSpec()));
            } else if (o instanceof CronJob c) {
                out.add(Map.entry(name, c.getSpec().getJobTemplate().getSpec().getTemplate().getSpec()));
            }
        }
        return out;
    }

    private static List<Container> containers(PodSpec spec) {
        List<Container> all = new ArrayList<>(Objects.requireNonNullElse(spec.getInitContainers(), List.of()));
        all.addAll(spec.getContainers());
        return all;
    }

    @SuppressWarnings("unchecked")
    private static Object path(Map<String, Object> values, String... keys) {
        Object node = values;
        for (String k : keys) {
            node = node instanceof Map<?, ?> m ? m.get(k) : null;
        }
        return node == null ? "" : node;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object o) {
        return o instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
    }

    private static void addIfSet(Set<String> out, Object value) {
        if (value instanceof String s && !s.isEmpty()) {
            out.add(s);
        }
    }

    private static List<Path> jsonFiles(Path dir) throws IOException {
        return filesEnding(dir, ".json");
    }

    private static List<Path> filesEnding(Path dir, String suffix) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
    }
}
