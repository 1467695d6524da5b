package dev.sextant.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BinaryMetricsTest {

    @Test
    void accuracyLogLossAndBaseline() {
        double[] p = {0.9, 0.2, 0.6, 0.4};
        boolean[] up = {true, false, false, true};

        BinaryMetrics m = BinaryMetrics.of(p, up, true);

        assertThat(m.rows()).isEqualTo(4);
        assertThat(m.accuracy()).isEqualTo(0.5);
        assertThat(m.upRate()).isEqualTo(0.5);
        assertThat(m.logLoss()).isCloseTo(-(Math.log(0.9) + Math.log(0.8) + Math.log(0.4) + Math.log(0.4)) / 4, within(1e-12));
        assertThat(m.baselineLabel()).isEqualTo("UP");
        assertThat(m.baselineAccuracy()).isEqualTo(0.5);
        // positives {0.9, 0.4} vs negatives {0.2, 0.6}: pairs won 0.9>0.2, 0.9>0.6, 0.4>0.2 -> 3 of 4
        assertThat(m.auc()).isEqualTo(0.75);
    }

    @Test
    void aucIsOneWhenPerfectZeroWhenReversedAndHalfOnTies() {
        boolean[] up = {false, false, true, true};
        assertThat(BinaryMetrics.auc(new double[] {0.1, 0.2, 0.8, 0.9}, up)).isEqualTo(1.0);
        assertThat(BinaryMetrics.auc(new double[] {0.9, 0.8, 0.2, 0.1}, up)).isEqualTo(0.0);
        assertThat(BinaryMetrics.auc(new double[] {0.5, 0.5, 0.5, 0.5}, up)).isEqualTo(0.5);
    }

    @Test
    void downBaselineCountsDowns() {
        BinaryMetrics m = BinaryMetrics.of(new double[] {0.4, 0.4, 0.4}, new boolean[] {false, false, true}, false);
        assertThat(m.baselineLabel()).isEqualTo("DOWN");
        assertThat(m.baselineAccuracy()).isCloseTo(2.0 / 3, within(1e-12));
    }
}
