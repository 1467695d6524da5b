package dev.sextant.kit.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sextant.contracts.topic.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** sextant.retention.*: defaults, the accepted forms, and a one-sentence refusal for every broken value. */
class RetentionSettingsTest {
    private static final RetentionRule CANDLES = RetentionRule.of("candles", "candles", "open_time",
            RetentionRule.Basis.MARKET, Duration.ofDays(730)).partitioned(RetentionRule.Partitioning.MONTH);
    private static final RetentionRule COMMANDS = RetentionRule.of("applied-commands", "applied_commands", "applied_at",
            RetentionRule.Basis.WALL, Duration.ofDays(30)).withFloor(RetentionRule.Floor.replayableFrom(Topics.find("control").orElseThrow()));
    private static final RetentionRule FILLS = RetentionRule.of("applied-fills", "applied_fills", "applied_at",
            RetentionRule.Basis.WALL, null).withFloor(RetentionRule.Floor.replayableFrom(Topics.find("fills").orElseThrow()));
    private static final List<RetentionRule> RULES = List.of(CANDLES, COMMANDS, FILLS);

    private static RetentionSettings resolve(Map<String, String> props) {
        return RetentionSettings.resolve(RULES, k -> Optional.ofNullable(props.get(k)), props.keySet());
    }

    @Test
    void defaultsApplyWhenNothingIsSet() {
        RetentionSettings s = resolve(Map.of());
        assertThat(s.enabled()).isTrue();
        assertThat(s.interval()).isEqualTo(Duration.ofHours(1));
        assertThat(s.initialDelay()).isEqualTo(Duration.ofMinutes(1));
        assertThat(s.batchSize()).isEqualTo(5000);
        assertThat(s.partitionsAhead()).isEqualTo(2);
        assertThat(s.period(CANDLES)).isEqualTo(Duration.ofDays(730));
        assertThat(s.period(COMMANDS)).isEqualTo(Duration.ofDays(30));
        assertThat(s.period(FILLS)).isNull();
    }

    @Test
    void acceptsDaysHoursIsoAndKeep() {
        RetentionSettings s = resolve(Map.of("sextant.retention.candles", "P400D", "sextant.retention.applied-commands", "360h",
                "sextant.retention.applied-fills", "keep", "sextant.retention.interval", "15m",
                "sextant.retention.initial-delay", "0s", "sextant.retention.batch-size", "1000",
                "sextant.retention.partitions-ahead", "3", "sextant.retention.enabled", "false"));
        assertThat(s.period(CANDLES)).isEqualTo(Duration.ofDays(400));
        assertThat(s.period(COMMANDS)).isEqualTo(Duration.ofHours(360));
        assertThat(s.period(FILLS)).isNull();
        assertThat(s.interval()).isEqualTo(Duration.ofMinutes(15));
        assertThat(s.initialDelay()).isZero();
        assertThat(s.batchSize()).isEqualTo(1000);
        assertThat(s.partitionsAhead()).isEqualTo(3);
        assertThat(s.enabled()).isFalse();
        assertThat(resolve(Map.of("sextant.retention.candles", "90d")).period(CANDLES)).isEqualTo(Duration.ofDays(90));
    }

    @Test
    void refusesBrokenValuesWithOneSentenceNamingTheProperty() {
        assertThatThrownBy(() -> resolve(Map.of("sextant.retention.candles", "90 days")))
                .hasMessage("Invalid configuration: sextant.retention.candles=90 days is not a retention period"
                        + " (write e.g. 90d, 36h, P90D or keep).");
        assertThatThrownBy(() -> resolve(Map.of("sextant.retention.candles", "0d")))
                .hasMessageContaining("sextant.retention.candles=0d is not a retention period");
        assertThatThrownBy(() -> resolve(Map.of("sextant.retention.candels", "90d")))
                .hasMessage("Invalid configuration: sextant.retention.candels names no table of this service"
                        + " (known: candles, applied-commands, applied-fills).");
        assertThatThrownBy(() -> resolve(Map.of("sextant.retention.interval", "10s")))
                .hasMessageContaining("sextant.retention.interval=10s is not a duration of at least PT1M");
        assertThatThrownBy(() -> resolve(Map.of("sextant.retention.batch-size", "10")))
                .hasMessage("Invalid configuration: sextant.retention.batch-size=10 is not a whole number from 100 to 100000.");
        assertThatThrownBy(() -> resolve(Map.of("sextant.retention.partitions-ahead", "two")))
                .hasMessageContaining("sextant.retention.partitions-ahead=two");
        assertThatThrownBy(() -> resolve(Map.of("sextant.retention.enabled", "yes")))
                .hasMessage("Invalid configuration: sextant.retention.enabled=yes is not true or false.");
    }

    @Test
    void anIdempotencyTableCannotForgetWhatItsTopicCanStillReplay() {
        // control keeps 7 days; a record can outlive that by a segment roll (7 days) and a day: at least 15 days
        assertThat(resolve(Map.of("sextant.retention.applied-commands", "15d")).period(COMMANDS)).isEqualTo(Duration.ofDays(15));
        assertThatThrownBy(() -> resolve(Map.of("sextant.retention.applied-commands", "14d")))
                .hasMessage("Invalid configuration: sextant.retention.applied-commands=14d is too short for table"
                        + " applied_commands, which needs at least 15d: a record of topic control can be replayed for its"
                        + " retention (7d) plus a segment roll and a day (8d).");
        // fills are kept forever: their ids never expire
        assertThatThrownBy(() -> resolve(Map.of("sextant.retention.applied-fills", "3650d")))
                .hasMessage("Invalid configuration: sextant.retention.applied-fills=3650d is too short for table applied_fills,"
                        + " which must be kept (keep): topic fills keeps its records forever, so they can always be replayed.");
    }

    @Test
    void periodsAreWrittenBackReadably() {
        assertThat(RetentionPeriods.format(Duration.ofDays(30))).isEqualTo("30d");
        assertThat(RetentionPeriods.format(Duration.ofHours(36))).isEqualTo("36h");
        assertThat(RetentionPeriods.format(null)).isEqualTo("keep");
        assertThat(RetentionPeriods.parse("KEEP")).isNull();
    }
}
