package dev.sextant.risk.adapter;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * The default {@code kernel} sequencing, with a step timeout short enough for a test (20 s instead of 30 s) and long
 * enough that a step whose inputs all come is never timed out on a loaded 2-core machine (3 s was not: the suite
 * once denied a step whose settlement and rejection were on their way).
 */
public class KernelSequencing implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("sextant.risk.sequencing", "kernel", "sextant.risk.sequencer.step-timeout", "20s");
    }
}
