package dev.sextant.collector.domain;

import static dev.sextant.collector.domain.Fixtures.BTC;
import static dev.sextant.collector.domain.Fixtures.ETH;
import static dev.sextant.collector.domain.Fixtures.H1;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GapDetectorTest {

    @Test
    void consecutiveCandlesHaveNoGap() {
        assertThat(GapDetector.between(BTC, H1, Instant.parse("2024-01-01T00:00:00Z"), Instant.parse("2024-01-01T01:00:00Z")))
                .isEmpty();
    }

    @Test
    void theFirstCandleHasNoGap() {
        assertThat(GapDetector.between(BTC, H1, null, Instant.parse("2024-01-01T00:00:00Z"))).isEmpty();
    }

    @Test
    void oneMissingCandle() {
        assertThat(GapDetector.between(BTC, H1, Instant.parse("2024-01-01T00:00:00Z"), Instant.parse("2024-01-01T02:00:00Z")))
                .contains(new Gap(BTC, H1, Instant.parse("2024-01-01T01:00:00Z"), Instant.parse("2024-01-01T01:00:00Z"), 1));
    }

    @Test
    void findsTheReal33HourGapOfFebruary2018InTheBtcFile() {
        List<Gap> gaps = replayGaps(new SymbolSource(BTC, Fixtures.realFile(BTC), null));

        assertThat(gaps).contains(new Gap(BTC, H1, Instant.parse("2018-02-08T01:00:00Z"),
                Instant.parse("2018-02-09T09:00:00Z"), 33));
        assertThat(gaps.stream().mapToLong(Gap::missing).max()).hasValue(33);
        // data/market/README.md: 27 gaps, 122 missing hours, none after 2023-03-24 13:00
        assertThat(gaps).hasSize(27);
        assertThat(gaps.stream().mapToLong(Gap::missing).sum()).isEqualTo(122);
        assertThat(gaps).allMatch(g -> !g.to().isAfter(Instant.parse("2023-03-24T13:00:00Z")));
    }

    @Test
    void theEthFileHasTheSameGaps() {
        List<Gap> gaps = replayGaps(new SymbolSource(ETH, Fixtures.realFile(ETH), null));

        assertThat(gaps).hasSize(27);
        assertThat(gaps.stream().mapToLong(Gap::missing).sum()).isEqualTo(122);
    }

    private static List<Gap> replayGaps(SymbolSource source) {
        ReplayEngine engine = new ReplayEngine(List.of(source), H1,
                new ReplayWindow(Instant.parse("2018-01-01T00:00:00Z"), null, null), new CandleValidator(),
                new CandleNormalizer("binance", Clock.fixed(Instant.EPOCH, ZoneOffset.UTC)));
        List<Gap> gaps = new ArrayList<>();
        List<ReplayOutcome> batch;
        long rejected = 0;
        while (!(batch = engine.nextSteps(5000)).isEmpty()) {
            for (ReplayOutcome o : batch) {
                if (o instanceof ReplayOutcome.Accepted a) {
                    a.gap().ifPresent(gaps::add);
                } else {
                    rejected++;
                }
            }
        }
        assertThat(rejected).as("rows of the real file rejected").isZero();
        return gaps;
    }
}
