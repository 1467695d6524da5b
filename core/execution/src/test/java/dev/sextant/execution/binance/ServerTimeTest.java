package dev.sextant.execution.binance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ServerTimeTest {
    private final AtomicLong localMillis = new AtomicLong(1_000_000);
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(localMillis.get());
        }
    };
    private final ServerTime serverTime = new ServerTime(clock, 3, Duration.ofMinutes(10));

    @Test
    void usesTheMidpointOfTheRoundTrip() {
        // Sent at 1000, answered at 1100: the server read its clock at about 1050 of ours.
        assertThat(serverTime.record(1_000, 1_500_050, 1_100)).isEqualTo(ServerTime.Outcome.ACCEPTED);
        assertThat(serverTime.offsetMillis()).contains(1_499_000L);

        localMillis.set(2_000);
        assertThat(serverTime.now()).isEqualTo(1_501_000L);
        ServerTime.Health health = serverTime.health();
        assertThat(health.status()).isEqualTo(ServerTime.Status.OK);
        assertThat(health.usable()).isTrue();
        assertThat(health.uncertaintyMillis()).isEqualTo(50);
        assertThat(health.ageMillis()).isEqualTo(900);
        assertThat(health.reason()).isEqualTo("offset 1499000 ms within 50 ms");
    }

    @Test
    void aNegativeOffsetWhenOurClockIsAhead() {
        serverTime.record(10_000, 7_010, 10_020);
        assertThat(serverTime.offsetMillis()).contains(-3_000L);
        localMillis.set(10_020);
        assertThat(serverTime.now()).isEqualTo(7_020);
    }

    @Test
    void keepsTheShortestRoundTripOfTheLastSamples() {
        serverTime.record(1_000, 5_000, 1_400);  // rtt 400, offset 3800
        serverTime.record(2_000, 6_020, 2_040);  // rtt 40,  offset 4000
        serverTime.record(3_000, 7_100, 3_200);  // rtt 200, offset 4000
        assertThat(serverTime.offsetMillis()).contains(4_000L);
        assertThat(serverTime.health().uncertaintyMillis()).isEqualTo(20);

        // The window is 3: the 40 ms sample falls out after two more.
        serverTime.record(4_000, 8_150, 4_300);  // rtt 300, offset 4000
        serverTime.record(5_000, 9_160, 5_120);  // rtt 120, offset 4100
        assertThat(serverTime.offsetMillis()).contains(4_100L);
        assertThat(serverTime.health().uncertaintyMillis()).isEqualTo(60);
    }

    @Test
    void aTieGoesToTheNewerSample() {
        serverTime.record(1_000, 5_050, 1_100);
        serverTime.record(2_000, 6_070, 2_100);
        assertThat(serverTime.offsetMillis()).contains(4_020L);
    }

    @Test
    void saysWhenThereIsNoSample() {
        assertThat(serverTime.offsetMillis()).isEmpty();
        assertThat(serverTime.now()).isEqualTo(1_000_000);
        assertThat(serverTime.health().status()).isEqualTo(ServerTime.Status.NO_SAMPLE);
        assertThat(serverTime.health().usable()).isFalse();
        assertThat(serverTime.health().reason()).isEqualTo("no GET /api/v3/time sample yet");
    }

    @Test
    void saysWhenTheBestSampleIsStale() {
        serverTime.record(1_000_000, 2_000_000, 1_000_010);
        localMillis.set(1_000_010 + 600_000);
        assertThat(serverTime.health().status()).isEqualTo(ServerTime.Status.OK);
        localMillis.set(1_000_010 + 600_001);
        ServerTime.Health stale = serverTime.health();
        assertThat(stale.status()).isEqualTo(ServerTime.Status.STALE);
        assertThat(stale.reason()).isEqualTo("the best server-time sample is 600001 ms old, more than 600000 ms");
    }

    @Test
    void saysWhenTheUncertaintyExceedsTheRecvWindow() {
        serverTime.record(1_000_000, 2_000_000, 1_012_001);  // rtt 12001: within 6001 ms
        localMillis.set(1_012_001);
        assertThat(serverTime.health(6_001).status()).isEqualTo(ServerTime.Status.OK);
        ServerTime.Health uncertain = serverTime.health(5_000);
        assertThat(uncertain.status()).isEqualTo(ServerTime.Status.UNCERTAIN);
        assertThat(uncertain.reason()).isEqualTo("the offset is only known to within 6001 ms, more than the recvWindow of 5000 ms");
    }

    @Test
    void rejectsImpossibleSamples() {
        assertThat(serverTime.record(2_000, 5_000, 1_999)).isEqualTo(ServerTime.Outcome.REJECTED);
        assertThat(serverTime.record(0, 5_000, 10)).isEqualTo(ServerTime.Outcome.REJECTED);
        assertThat(serverTime.record(1_000, 0, 1_010)).isEqualTo(ServerTime.Outcome.REJECTED);
        assertThat(serverTime.record(1_000, -5, 1_010)).isEqualTo(ServerTime.Outcome.REJECTED);
        assertThat(serverTime.record(1_000, 5_000, 1_000 + 600_001)).isEqualTo(ServerTime.Outcome.REJECTED);
        assertThat(serverTime.offsetMillis()).isEmpty();
        // Long.MAX_VALUE readings do not overflow the midpoint.
        assertThat(serverTime.record(Long.MAX_VALUE - 10, Long.MAX_VALUE, Long.MAX_VALUE)).isEqualTo(ServerTime.Outcome.ACCEPTED);
        assertThat(serverTime.offsetMillis()).contains(5L);
        // A zero round trip is a perfect sample.
        assertThat(serverTime.record(5_000, 5_007, 5_000)).isEqualTo(ServerTime.Outcome.ACCEPTED);
        assertThat(serverTime.offsetMillis()).contains(7L);
    }

    @Test
    void refusesAUselessConfiguration() {
        assertThatThrownBy(() -> new ServerTime(null, 3, Duration.ofMinutes(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ServerTime(clock, 0, Duration.ofMinutes(1))).hasMessageContaining("at least one");
        assertThatThrownBy(() -> new ServerTime(clock, 3, Duration.ZERO)).hasMessageContaining("positive");
    }
}
