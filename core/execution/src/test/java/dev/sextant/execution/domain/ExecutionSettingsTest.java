package dev.sextant.execution.domain;

import static dev.sextant.execution.domain.TestEvents.bd;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ExecutionSettingsTest {
    @Test
    void brokenSettingsSayWhatToFix() {
        assertThatThrownBy(() -> new ExecutionSettings(bd("0"), bd("0.0005"), bd("0.001"), "USDT", "paper", 50))
                .hasMessageContaining("sextant.execution.initial-capital must be a positive amount");
        assertThatThrownBy(() -> new ExecutionSettings(bd("10000"), bd("-0.1"), bd("0.001"), "USDT", "paper", 50))
                .hasMessageContaining("sextant.execution.slippage must be a fraction in [0, 0.1)");
        assertThatThrownBy(() -> new ExecutionSettings(bd("10000"), bd("0.0005"), bd("0.5"), "USDT", "paper", 50))
                .hasMessageContaining("sextant.execution.taker-fee");
        assertThatThrownBy(() -> new ExecutionSettings(bd("10000"), bd("0.0005"), bd("0.001"), "USDT", "paper", 1))
                .hasMessageContaining("sextant.execution.candle-window");
    }
}
