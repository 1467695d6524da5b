package dev.sextant.prediction.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class OutcomesTest {
    private static final Instant OPEN = Instant.parse("2026-01-01T10:00:00Z");

    @Test
    void theNextCandleDecidesAOneCandleForecast() {
        Instant target = Outcomes.targetOpenTime(OPEN, Duration.ofHours(1), 1);
        assertThat(target).isEqualTo(Instant.parse("2026-01-01T11:00:00Z"));
        assertThat(Outcomes.forecastOpenTime(target, Duration.ofHours(1), 1)).isEqualTo(OPEN);
        assertThat(Outcomes.targetOpenTime(OPEN, Duration.ofMinutes(15), 4)).isEqualTo(Instant.parse("2026-01-01T11:00:00Z"));
        assertThatThrownBy(() -> Outcomes.targetOpenTime(OPEN, Duration.ofHours(1), 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void resolvesUpDownAndEqualCloses() {
        assertThat(Outcomes.resolve(true, 100, 101)).isEqualTo(new Outcomes.Outcome(true, true));
        assertThat(Outcomes.resolve(false, 100, 101)).isEqualTo(new Outcomes.Outcome(true, false));
        assertThat(Outcomes.resolve(false, 100, 99)).isEqualTo(new Outcomes.Outcome(false, true));
        assertThat(Outcomes.resolve(true, 100, 99)).isEqualTo(new Outcomes.Outcome(false, false));
        // an unchanged close is "not up", as in the training labels
        assertThat(Outcomes.resolve(true, 100, 100)).isEqualTo(new Outcomes.Outcome(false, false));
    }

    @Test
    void accuracyIsCorrectOverResolved() {
        assertThat(new Outcomes.Accuracy(10, 4, 3).accuracy()).isEqualTo(0.75);
        assertThat(new Outcomes.Accuracy(2, 0, 0).accuracy()).isNaN();
        assertThatThrownBy(() -> new Outcomes.Accuracy(2, 3, 1)).hasMessageContaining("inconsistent");
    }
}
