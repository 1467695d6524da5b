package dev.sextant.execution.adapter;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** The forged-input bounds spelled out (they are the defaults), and a run of its own (own topics, schema and keys). */
public class GuardedExecution implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("sextant.execution.max-day-jump", "7", "sextant.control.replay-window", "PT5M");
    }
}
