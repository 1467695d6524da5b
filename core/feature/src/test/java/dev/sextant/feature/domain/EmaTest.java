package dev.sextant.feature.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class EmaTest {

    @Test
    void exponentialIsUndefinedForPeriodBarsThenSeededWithTheInputThenSmoothed() {
        Ema ema = Ema.exponential(3); // alpha = 2/(3+1) = 0.5
        assertThat(ema.update(0, 1.0)).isNull();
        assertThat(ema.update(1, 2.0)).isNull();
        assertThat(ema.update(2, 3.0)).isNull();
        assertThat(ema.update(3, 4.0)).isEqualTo(4.0); // seed = input at index == period
        assertThat(ema.update(4, 5.0)).isEqualTo(4.5); // 4 + (5 - 4) * 0.5
        assertThat(ema.update(5, 6.0)).isEqualTo(5.25); // 4.5 + (6 - 4.5) * 0.5
    }

    @Test
    void wilderUsesOneOverPeriod() {
        Ema mma = Ema.wilder(4); // alpha = 0.25
        for (int i = 0; i < 4; i++) {
            assertThat(mma.update(i, 8.0)).isNull();
        }
        assertThat(mma.update(4, 4.0)).isEqualTo(4.0);
        assertThat(mma.update(5, 8.0)).isEqualTo(5.0); // 4 + (8 - 4) / 4
        assertThat(mma.update(6, 0.0)).isCloseTo(3.75, within(1e-15)); // 5 + (0 - 5) / 4
    }

    @Test
    void anUndefinedInputMakesItUndefinedAndTheNextDefinedInputReseedsIt() {
        Ema ema = Ema.exponential(1);
        assertThat(ema.update(0, 5.0)).isNull();
        assertThat(ema.update(1, null)).isNull();
        assertThat(ema.update(2, 7.0)).isEqualTo(7.0);
        Ema three = Ema.exponential(3);
        for (int i = 0; i < 5; i++) {
            three.update(i, 10.0);
        }
        assertThat(three.update(5, null)).isNull();
        assertThat(three.update(6, 2.0)).isEqualTo(2.0); // reseeded, ta4j's "graceful recovery"
    }
}
