package dev.sextant.prediction.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DirectionProbabilitiesTest {

    @Test
    void confidenceIsTheMaximumAndDirectionFollowsPUp() {
        assertThat(new DirectionProbabilities(0.7, 0.3).confidence()).isEqualTo(0.7);
        assertThat(new DirectionProbabilities(0.7, 0.3).predictsUp()).isTrue();
        assertThat(new DirectionProbabilities(0.2, 0.8).confidence()).isEqualTo(0.8);
        assertThat(new DirectionProbabilities(0.5, 0.5).predictsUp()).isFalse();
    }

    @Test
    void clampsFloatRoundingButRefusesNonProbabilities() {
        assertThat(new DirectionProbabilities(1.00000006, -0.00000006).probUp()).isEqualTo(1.0);
        assertThatThrownBy(() -> new DirectionProbabilities(Double.NaN, 0.5)).hasMessageContaining("not a probability");
        assertThatThrownBy(() -> new DirectionProbabilities(0.9, 0.9)).hasMessageContaining("!= 1");
    }
}
