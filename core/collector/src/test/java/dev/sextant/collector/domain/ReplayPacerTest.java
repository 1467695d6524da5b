package dev.sextant.collector.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sextant.collector.exchange.TestClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReplayPacerTest {
    private final TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));

    @Test
    void parsesTheAcceptedForms() {
        assertThat(Pace.parse("max").isMax()).isTrue();
        assertThat(Pace.parse(" MAX ").isMax()).isTrue();
        assertThat(Pace.parse("1s").period()).isEqualTo(Duration.ofSeconds(1));
        assertThat(Pace.parse("250ms").period()).isEqualTo(Duration.ofMillis(250));
        assertThat(Pace.parse("2m").period()).isEqualTo(Duration.ofMinutes(2));
        assertThat(Pace.parse("1h").period()).isEqualTo(Duration.ofHours(1));
        assertThat(Pace.parse("PT0.5S").period()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void rejectsAnythingElseWithASentence() {
        assertThatThrownBy(() -> Pace.parse("fast"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("pace must be 'max' or a positive duration such as 1s, 500ms, 2m or PT1S, got 'fast'");
        assertThatThrownBy(() -> Pace.parse("0s")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Pace.parse("PT-1S")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void maxNeverWaits() {
        ReplayPacer pacer = new ReplayPacer(Pace.MAX, clock);
        pacer.start();
        assertThat(pacer.delayBeforeNextStep()).isZero();
        assertThat(pacer.delayBeforeNextStep()).isZero();
    }

    @Test
    void oneStepPerPeriodAtAFixedRate() {
        ReplayPacer pacer = new ReplayPacer(Pace.parse("1s"), clock);
        pacer.start();
        clock.advance(Duration.ofMillis(200)); // the first step took 200 ms
        assertThat(pacer.delayBeforeNextStep()).isEqualTo(Duration.ofMillis(800));
        clock.advance(Duration.ofMillis(800));
        clock.advance(Duration.ofMillis(50));
        assertThat(pacer.delayBeforeNextStep()).isEqualTo(Duration.ofMillis(950));
    }

    @Test
    void aLateStepDoesNotCauseABurst() {
        ReplayPacer pacer = new ReplayPacer(Pace.parse("1s"), clock);
        pacer.start();
        clock.advance(Duration.ofSeconds(5)); // a step that took 5 s
        assertThat(pacer.delayBeforeNextStep()).isZero();
        clock.advance(Duration.ofMillis(100));
        assertThat(pacer.delayBeforeNextStep()).isEqualTo(Duration.ofMillis(900));
    }
}
