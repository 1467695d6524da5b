package dev.sextant.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StandardizerTest {
    private static final Instant T = Instant.parse("2020-01-01T00:00:00Z");

    @Test
    void zScoresWithThePopulationStandardDeviation() {
        Standardizer s = Standardizer.fit(List.of(
                Fixtures.row("X", T, true, 1, 5), Fixtures.row("X", T, false, 3, 5), Fixtures.row("X", T, true, 5, 5)));

        assertThat(s.mean()).containsExactly(3.0, 5.0);
        assertThat(s.std()[0]).isCloseTo(Math.sqrt(8.0 / 3.0), within(1e-6)); // float32-rounded
        assertThat(s.std()[1]).isEqualTo(1.0); // constant feature: left unscaled
        assertThat(s.apply(new double[] {5, 7})[0]).isCloseTo(2 / Math.sqrt(8.0 / 3.0), within(1e-6));
        assertThat(s.apply(new double[] {5, 7})[1]).isEqualTo(2.0);
    }

    @Test
    void constantsAreFloat32LikeTheOnnxGraph() {
        Standardizer s = Standardizer.fit(List.of(Fixtures.row("X", T, true, 0.1), Fixtures.row("X", T, true, 0.2)));

        assertThat(s.mean()[0]).isEqualTo((double) (float) s.mean()[0]);
        assertThat(s.std()[0]).isEqualTo((double) (float) s.std()[0]);
    }
}
