package dev.sextant.kit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BestEffortTest {

    @Test
    void failuresAreSwallowedAndCountedAndTheStepRunsAgainAfterwards() {
        AtomicInteger failures = new AtomicInteger();
        BestEffort cache = new BestEffort("Redis latest-state write", failures::incrementAndGet);

        assertThat(cache.run(() -> {
            throw new IllegalStateException("Client is closed");
        })).isFalse();
        assertThat(cache.run(() -> {
            throw new IllegalStateException("Client is closed");
        })).isFalse();
        AtomicInteger written = new AtomicInteger();
        assertThat(cache.run(written::incrementAndGet)).isTrue();

        assertThat(written).hasValue(1);
        assertThat(failures).hasValue(2);
    }
}
