package dev.sextant.e2e.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StackOptionsTest {
    @Test
    void theReplayWindowEndsAfterTheGivenNumberOfHourlyCandles() {
        StackOptions options = StackOptions.replay(Instant.parse("2024-01-01T00:00:00Z"), 72, "max", "BTCUSDT", "ETHUSDT");
        assertThat(options.end()).isEqualTo(Instant.parse("2024-01-04T00:00:00Z"));
        assertThat(options.totalCandles()).isEqualTo(144);
    }

    @Test
    void overridesAccumulatePerServiceWithoutChangingTheOriginal() {
        StackOptions base = StackOptions.replay(Instant.parse("2024-01-01T00:00:00Z"), 10, "1s", "BTCUSDT");
        StackOptions changed = base.with(Service.RISK, "sextant.risk.confidence-threshold", "0.5")
                .with(Service.RISK, "sextant.risk.max-atr-ratio", "0.05");
        assertThat(base.overrides()).isEmpty();
        assertThat(changed.overrides()).containsOnlyKeys(Service.RISK);
        assertThat(changed.overrides().get(Service.RISK)).isEqualTo(Map.of(
                "sextant.risk.confidence-threshold", "0.5", "sextant.risk.max-atr-ratio", "0.05"));
    }
}
