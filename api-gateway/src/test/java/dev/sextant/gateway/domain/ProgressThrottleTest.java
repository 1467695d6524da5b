package dev.sextant.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProgressThrottleTest {
    private static final long MS = 1_000_000;

    @Test
    void atMostOneUpdatePerGapWithinAPhaseAndEveryNewPhaseAtOnce() {
        ProgressThrottle throttle = new ProgressThrottle(250 * MS);
        assertThat(throttle.offer("loading", 0)).as("the first").isTrue();
        assertThat(throttle.offer("loading", 100 * MS)).isFalse();
        assertThat(throttle.offer("strategy", 120 * MS)).as("a new phase").isTrue();
        assertThat(throttle.offer("strategy", 200 * MS)).isFalse();
        assertThat(throttle.offer("strategy", 369 * MS)).isFalse();
        assertThat(throttle.offer("strategy", 370 * MS)).as("250 ms after the last sent").isTrue();
        assertThat(throttle.offer("strategy", 600 * MS)).isFalse();

        // 4 a second at most over a long phase: updates every 10 ms for 2 s
        ProgressThrottle steady = new ProgressThrottle(250 * MS);
        int sent = 0;
        for (long t = 0; t < 2000; t += 10) {
            sent += steady.offer("strategy", t * MS) ? 1 : 0;
        }
        assertThat(sent).isEqualTo(8);
    }

    @Test
    void aNegativeGapIsRefused() {
        assertThatThrownBy(() -> new ProgressThrottle(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
