package dev.sextant.risk.adapter;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** The default {@code kernel} sequencing, with a step timeout short enough for a test. */
public class KernelSequencing implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("sextant.risk.sequencing", "kernel", "sextant.risk.sequencer.step-timeout", "3s");
    }
}
