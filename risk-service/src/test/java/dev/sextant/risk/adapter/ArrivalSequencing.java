package dev.sextant.risk.adapter;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * {@code sextant.risk.sequencing=arrival}: inputs applied as they arrive, for the tests written before
 * execution's settlements existed (they publish features, predictions and fills without settlements).
 */
public class ArrivalSequencing implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("sextant.risk.sequencing", "arrival");
    }
}
