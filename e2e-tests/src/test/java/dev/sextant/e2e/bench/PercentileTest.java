package dev.sextant.e2e.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class PercentileTest {
    @Test
    void nearestRankPercentiles() {
        List<Long> hundred = LongStream.rangeClosed(1, 100).boxed().toList();
        assertThat(E2eLatencyBenchmark.percentile(hundred, 50)).isEqualTo(50);
        assertThat(E2eLatencyBenchmark.percentile(hundred, 99)).isEqualTo(99);
        assertThat(E2eLatencyBenchmark.percentile(List.of(7L), 99)).isEqualTo(7);
        assertThat(E2eLatencyBenchmark.percentile(List.of(1L, 2L, 3L), 50)).isEqualTo(2);
    }
}
