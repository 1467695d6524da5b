package dev.sextant.e2e.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sextant.contracts.event.Interval;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StackOptionsTest {
    @Test
    void theReplayWindowEndsAfterTheGivenNumberOfHourlyCandles() {
        StackOptions options = StackOptions.replay(Instant.parse("2024-01-01T00:00:00Z"), 72, "max", "BTCUSDT", "ETHUSDT");
        assertThat(options.end()).isEqualTo(Instant.parse("2024-01-04T00:00:00Z"));
        assertThat(options.totalCandles()).isEqualTo(144);
        assertThat(options.interval()).isEqualTo(Interval.H1);
    }

    @Test
    void aMinuteReplayOfOneDayEndsADayLaterAndKeepsItsOverrides() {
        StackOptions options = StackOptions.replay(Instant.parse("2023-04-20T00:00:00Z"), 1440, "max", "BTCUSDT", "ETHUSDT")
                .with(Service.RISK, "sextant.risk.confidence-threshold", "0.5")
                .withInterval(Interval.M1);
        assertThat(options.end()).isEqualTo(Instant.parse("2023-04-21T00:00:00Z"));
        assertThat(options.interval()).isEqualTo(Interval.M1);
        assertThat(options.overrides().get(Service.RISK)).containsEntry("sextant.risk.confidence-threshold", "0.5");
        assertThat(options.with(Service.FEATURE, "a", "b").interval()).isEqualTo(Interval.M1);
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

    @Test
    void benchSetEntriesBecomeServiceOverridesAndABadOneSaysWhatIsExpected() {
        StackOptions base = StackOptions.replay(Instant.parse("2024-01-01T00:00:00Z"), 10, "max", "BTCUSDT");
        var entries = StackOptions.overrides(
                "collector:sextant.collector.replay.max-lead=0; ;risk:quarkus.log.category.\"dev.sextant\".level=DEBUG");
        assertThat(entries).hasSize(2);
        StackOptions changed = base.withOverrides(entries);
        assertThat(changed.overrides().get(Service.COLLECTOR)).isEqualTo(Map.of("sextant.collector.replay.max-lead", "0"));
        assertThat(changed.overrides().get(Service.RISK)).isEqualTo(Map.of("quarkus.log.category.\"dev.sextant\".level", "DEBUG"));
        assertThatThrownBy(() -> StackOptions.overrides("risk=1")).hasMessageContaining("expected <schema>:<property>=<value>");
        assertThatThrownBy(() -> StackOptions.overrides("nope:a=1")).hasMessageContaining("no service with schema nope");
    }
}
