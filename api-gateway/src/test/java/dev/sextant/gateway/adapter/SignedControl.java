package dev.sextant.gateway.adapter;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** A signing key for control commands, and the day-jump bound spelled out; a run of its own (own topics, schema, keys). */
public class SignedControl implements QuarkusTestProfile {
    static final String KEY = "test-signing-key-0123456789abcdef-0123";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("sextant.control.signing-key", KEY, "sextant.gateway.max-day-jump", "7");
    }
}
