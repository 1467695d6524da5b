package dev.sextant.collector.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class BackoffTest {
    final TestClock clock = new TestClock("2026-03-02T12:00:00Z");

    /** A generator that always draws the top of the range: the delay is the envelope itself. */
    static final RandomGenerator HIGHEST = new RandomGenerator() {
        @Override
        public long nextLong() {
            return -1;
        }

        @Override
        public long nextLong(long bound) {
            return bound - 1;
        }
    };

    /** A generator that always draws 0. */
    static final RandomGenerator LOWEST = new RandomGenerator() {
        @Override
        public long nextLong() {
            return 0;
        }

        @Override
        public long nextLong(long bound) {
            return 0;
        }
    };

    static List<Long> seconds(Backoff backoff, int n) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(backoff.nextDelay().toSeconds());
        }
        return out;
    }

    @Test
    void theEnvelopeDoublesFromOneSecondToTheSixtySecondCap() {
        Backoff backoff = new Backoff(Backoff.Policy.DEFAULT, clock, HIGHEST);
        assertThat(backoff.nextEnvelope()).isEqualTo(Duration.ofSeconds(1));
        assertThat(seconds(backoff, 9)).containsExactly(1L, 2L, 4L, 8L, 16L, 32L, 60L, 60L, 60L);
        assertThat(backoff.failures()).isEqualTo(9);
        assertThat(Backoff.Policy.DEFAULT.envelope(10_000)).isEqualTo(Duration.ofSeconds(60));
        assertThat(Backoff.Policy.DEFAULT.envelope(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void fullJitterDrawsAnywhereFromZeroToTheEnvelope() {
        assertThat(seconds(new Backoff(Backoff.Policy.DEFAULT, clock, LOWEST), 8)).containsOnly(0L);

        Backoff backoff = new Backoff(Backoff.Policy.DEFAULT, clock, new SplittableRandom(42));
        int runs = 2000;
        int steps = 9;
        long[] lowest = new long[steps];
        long[] highest = new long[steps];
        java.util.Arrays.fill(lowest, Long.MAX_VALUE);
        for (int run = 0; run < runs; run++) {
            backoff.reset();
            for (int n = 0; n < steps; n++) {
                long envelope = backoff.nextEnvelope().toMillis();
                long ms = backoff.nextDelay().toMillis();
                assertThat(ms).as("attempt %d", n).isBetween(0L, envelope);
                assertThat(ms).isLessThanOrEqualTo(60_000L);
                lowest[n] = Math.min(lowest[n], ms);
                highest[n] = Math.max(highest[n], ms);
            }
        }
        for (int n = 0; n < steps; n++) {
            long envelope = Backoff.Policy.DEFAULT.envelope(n).toMillis();
            assertThat(lowest[n]).as("attempt %d reaches down to 0", n).isLessThan(envelope / 50 + 1);
            assertThat(highest[n]).as("attempt %d reaches up to its envelope", n).isGreaterThan(envelope * 49 / 50);
        }
    }

    @Test
    void theSameSeedGivesTheSameDelays() {
        Backoff one = new Backoff(Backoff.Policy.DEFAULT, clock, new SplittableRandom(7));
        Backoff two = new Backoff(Backoff.Policy.DEFAULT, clock, new SplittableRandom(7));
        for (int i = 0; i < 20; i++) {
            assertThat(one.nextDelay()).isEqualTo(two.nextDelay());
        }
    }

    @Test
    void aConnectionThatStayedUpLongEnoughResetsTheBackoffAShortOneDoesNot() {
        Backoff backoff = new Backoff(Backoff.Policy.DEFAULT, clock, HIGHEST);
        assertThat(seconds(backoff, 4)).containsExactly(1L, 2L, 4L, 8L);

        backoff.connected();
        clock.advance(Duration.ofSeconds(59)); // dropped before it was stable
        assertThat(backoff.nextDelay()).isEqualTo(Duration.ofSeconds(16));

        backoff.connected();
        clock.advance(Duration.ofSeconds(60)); // stable
        assertThat(backoff.nextDelay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.nextDelay()).isEqualTo(Duration.ofSeconds(2));

        clock.advance(Duration.ofHours(1)); // time without a connection does not count as stable
        assertThat(backoff.nextDelay()).isEqualTo(Duration.ofSeconds(4));

        backoff.reset();
        assertThat(backoff.failures()).isZero();
        assertThat(backoff.nextDelay()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void theStableTimeIsConfigurable() {
        Backoff backoff = new Backoff(new Backoff.Policy(Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofMinutes(5)),
                clock, HIGHEST);
        seconds(backoff, 3);
        backoff.connected();
        clock.advance(Duration.ofMinutes(4));
        assertThat(backoff.nextDelay()).isEqualTo(Duration.ofSeconds(8));
        backoff.connected();
        clock.advance(Duration.ofMinutes(5));
        assertThat(backoff.nextDelay()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aPolicyMustMakeSense() {
        assertThatThrownBy(() -> new Backoff.Policy(Duration.ZERO, Duration.ofSeconds(60), Duration.ofSeconds(60)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff.Policy(Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(60)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least base");
        assertThatThrownBy(() -> new Backoff.Policy(Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Backoff.Policy.DEFAULT.envelope(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
