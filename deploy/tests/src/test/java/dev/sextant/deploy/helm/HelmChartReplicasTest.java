package dev.sextant.deploy.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.LintResult;
import dev.sextant.deploy.helm.ChartFixture.Rendering;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replicas, rollout strategy and PodDisruptionBudgets of helm/sextant: risk-service and execution-service run one
 * active instance and any number of standbys (a lease in PostgreSQL), so a rollout brings the new pod up (as a standby)
 * before the old one stops and releases its lease; a node drain must never be blocked, and with a standby it may take
 * one pod of the two.
 */
class HelmChartReplicasTest {

    static final List<String> LEASED = List.of("risk-service", "execution-service");
    static final List<String> SERVICES = List.of("api-gateway", "collector-service", "feature-service",
            "prediction-service", "risk-service", "execution-service");

    @TempDir
    static Path tmp;

    static Path copy;

    @BeforeAll
    static void copyTheChart() {
        copy = ChartFixture.copy(tmp.resolve("checkout"), Map.of(), Map.of());
    }

    @Test
    void riskAndExecutionWithAStandbyRenderRollWithASurgeAndMayLoseOnePodToADrain() throws IOException {
        Map<String, Object> standbys = Map.of("services.risk.replicas", 2, "services.execution.replicas", 2);
        Rendering r = ChartFixture.render(copy, List.of(), standbys);
        for (String s : LEASED) {
            Deployment d = r.one(Deployment.class, "sx-sextant-" + s);
            assertThat(d.getSpec().getReplicas()).as(s).isEqualTo(2);
            assertSurgeOfOne(s, d);
            PodDisruptionBudget pdb = pdbOf(r, d);
            assertThat(disruptionsAllowed(pdb.getSpec(), 2)).as(s + ": a drain may evict one of the two, not both")
                    .isEqualTo(1);
        }

        // The same values pass helm lint --strict (values checked against the schema).
        Path values = tmp.resolve("standbys.yaml");
        Files.writeString(values, """
                services:
                  risk: {replicas: 2}
                  execution: {replicas: 3}
                """);
        Path chart = ChartFixture.copy(tmp.resolve("lint-standbys"), Map.of(), Map.of());
        LintResult lint = ChartFixture.lint(chart, values);
        assertThat(lint.isFailed()).as("helm lint --strict with standbys: %s", lint.getMessages()).isFalse();
        assertThat(lint.getMessages()).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
    }

    @Test
    void oneReplicaByDefaultRollsWithASurgeAndNoPodDisruptionBudgetBlocksADrain() {
        Rendering r = ChartFixture.render(copy, List.of(), Map.of());
        for (String s : LEASED) {
            Deployment d = r.one(Deployment.class, "sx-sextant-" + s);
            assertThat(d.getSpec().getReplicas()).as(s).isEqualTo(1);
            assertSurgeOfOne(s, d);
        }
        assertThat(r.all(PodDisruptionBudget.class)).hasSize(SERVICES.size());
        for (String s : SERVICES) {
            Deployment d = r.one(Deployment.class, "sx-sextant-" + s);
            PodDisruptionBudget pdb = pdbOf(r, d);
            assertThat(disruptionsAllowed(pdb.getSpec(), d.getSpec().getReplicas()))
                    .as(s + ": a drain may evict its single pod").isGreaterThanOrEqualTo(1);
            assertThat(pdb.getSpec().getUnhealthyPodEvictionPolicy()).as(s).isEqualTo("AlwaysAllow");
        }
    }

    @Test
    void theSchemaRefusesZeroReplicasOfRiskAndExecution() {
        for (String key : List.of("risk", "execution")) {
            assertThatThrownBy(() -> ChartFixture.render(copy, List.of(), Map.of("services." + key + ".replicas", 0)))
                    .as(key).hasMessageContaining("services." + key + ".replicas")
                    .hasMessageContaining("greater than or equal to 1");
        }
        // Others may still be scaled to 0 by values (e.g. for a rewind of their consumer group).
        assertThat(ChartFixture.render(copy, List.of(), Map.of("services.feature.replicas", 0))
                .one(Deployment.class, "sx-sextant-feature-service").getSpec().getReplicas()).isZero();
    }

    /** RollingUpdate, one new pod at a time and ready before an old one stops: a new risk or execution pod is a standby. */
    private static void assertSurgeOfOne(String service, Deployment d) {
        DeploymentStrategy strategy = d.getSpec().getStrategy();
        assertThat(strategy.getType()).as(service).isEqualTo("RollingUpdate");
        assertThat(strategy.getRollingUpdate().getMaxSurge()).as(service + " maxSurge").isEqualTo(new IntOrString(1));
        assertThat(strategy.getRollingUpdate().getMaxUnavailable()).as(service + " maxUnavailable")
                .isEqualTo(new IntOrString(0));
    }

    /** The one PodDisruptionBudget whose selector picks the Deployment's pods. */
    private static PodDisruptionBudget pdbOf(Rendering r, Deployment d) {
        Map<String, String> podLabels = d.getSpec().getTemplate().getMetadata().getLabels();
        List<PodDisruptionBudget> matching = r.all(PodDisruptionBudget.class).stream()
                .filter(p -> podLabels.entrySet().containsAll(p.getSpec().getSelector().getMatchLabels().entrySet()))
                .toList();
        assertThat(matching).as("PodDisruptionBudgets selecting the pods of " + d.getMetadata().getName()).hasSize(1);
        assertThat(matching.getFirst().getSpec().getSelector().getMatchExpressions()).isNullOrEmpty();
        return matching.getFirst();
    }

    /**
     * How many of {@code replicas} healthy pods the budget lets a drain evict, as Kubernetes' disruption controller
     * counts it: desired healthy = minAvailable, or replicas - maxUnavailable (percentages rounded up).
     */
    static int disruptionsAllowed(PodDisruptionBudgetSpec spec, int replicas) {
        assertThat(spec.getMinAvailable() == null ^ spec.getMaxUnavailable() == null)
                .as("exactly one of minAvailable and maxUnavailable").isTrue();
        int desiredHealthy = spec.getMaxUnavailable() != null
                ? Math.max(0, replicas - scaled(spec.getMaxUnavailable(), replicas))
                : scaled(spec.getMinAvailable(), replicas);
        return Math.max(0, replicas - desiredHealthy);
    }

    private static int scaled(IntOrString value, int replicas) {
        if (value.getIntVal() != null) {
            return value.getIntVal();
        }
        String s = value.getStrVal();
        assertThat(s).matches("[0-9]+%");
        int percent = Integer.parseInt(s.substring(0, s.length() - 1));
        return (int) Math.ceil(replicas * percent / 100.0);
    }
}
