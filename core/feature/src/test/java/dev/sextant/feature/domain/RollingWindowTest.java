package dev.sextant.feature.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RollingWindowTest {

    @Test
    void meanAndPopulationVarianceOfTheLastValues() {
        RollingWindow w = new RollingWindow(3);
        w.push(1);
        w.push(2);
        assertThat(w.full()).isFalse();
        w.push(3);
        assertThat(w.full()).isTrue();
        assertThat(w.mean()).isCloseTo(2.0, within(1e-15));
        assertThat(w.variance()).isCloseTo(2.0 / 3, within(1e-15)); // (1 + 0 + 1) / 3
        w.push(7); // window 2, 3, 7
        assertThat(w.mean()).isCloseTo(4.0, within(1e-15));
        assertThat(w.variance()).isCloseTo(14.0 / 3, within(1e-14)); // (4 + 1 + 9) / 3
        assertThat(w.stddev()).isCloseTo(Math.sqrt(14.0 / 3), within(1e-14));
    }

    @Test
    void aWindowOfEqualValuesHasExactlyZeroVariance() {
        RollingWindow w = new RollingWindow(4);
        for (double v : new double[] {0.1, 0.7, 0.3, 0.3, 0.3, 0.3}) {
            w.push(v);
        }
        assertThat(w.variance()).isZero();
        w.push(0.30000000000000004);
        assertThat(w.variance()).isPositive();
    }

    @Test
    void doesNotDriftOverAMillionValuesAtPriceScaleWithTinyVariance() {
        int n = 20;
        RollingWindow w = new RollingWindow(n);
        double[] last = new double[n];
        Random random = new Random(42);
        double level = 10_000;
        for (int i = 0; i < 1_000_000; i++) {
            // a random walk over several orders of magnitude of level and volatility
            double volatility = (i / 100_000) % 2 == 1 ? 0.01 : 500; // the last stretch is the calm one
            level = Math.max(100, level + random.nextGaussian() * volatility);
            double value = level * (i < 500_000 ? 1 : 10);
            w.push(value);
            last[i % n] = value;
        }
        double mean = 0;
        for (double v : last) {
            mean += v;
        }
        mean /= n;
        double m2 = 0;
        for (double v : last) {
            m2 += (v - mean) * (v - mean);
        }
        double variance = m2 / n;
        assertThat(Math.abs(w.mean() - mean) / mean).isLessThan(1e-14);
        assertThat(Math.abs(w.variance() - variance) / variance).isLessThan(1e-9);
    }
}
