package dev.sextant.feature.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The volume-profile tick of a symbol without one configured: the power of ten at or below 5 bps of its first price. */
class MicroStateTest {
    @Test
    void theAutomaticTickIsAPowerOfTenNearFiveBasisPointsOfThePrice() {
        assertThat(MicroState.autoTick(39_433.0)).isEqualTo(10.0);   // 19.7 -> 10
        assertThat(MicroState.autoTick(3_000.0)).isEqualTo(1.0);     // 1.5 -> 1
        assertThat(MicroState.autoTick(1_999.0)).isEqualTo(0.1);     // 0.9995 -> 0.1
        assertThat(MicroState.autoTick(150.0)).isEqualTo(0.01, org.assertj.core.data.Offset.offset(1e-15));
        assertThat(MicroState.autoTick(0.00001)).isEqualTo(1e-8);    // floor
        assertThat(MicroState.autoTick(0)).isEqualTo(1e-8);
        assertThat(MicroState.autoTick(Double.NaN)).isEqualTo(1e-8);
    }
}
