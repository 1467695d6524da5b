package dev.sextant.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimeSplitTest {
    private static final Duration HOUR = Duration.ofHours(1);
    private static final Instant T0 = Instant.parse("2024-06-30T20:00:00Z");
    private static final Instant BOUNDARY = Instant.parse("2024-07-01T00:00:00Z");

    private final TimeSplit split = new TimeSplit(Instant.parse("2024-06-30T21:00:00Z"), BOUNDARY, BOUNDARY,
            Instant.parse("2024-07-01T04:00:00Z"), HOUR);

    @Test
    void trainAndTestAreDisjointOrderedAndPurgedAtTheBoundary() {
        List<LabeledRow> rows = new ArrayList<>();
        for (int h = 9; h >= 0; h--) { // out of order, two symbols
            rows.add(Fixtures.row("ETHUSDT", T0.plus(HOUR.multipliedBy(h)), h % 2 == 0, h));
            rows.add(Fixtures.row("BTCUSDT", T0.plus(HOUR.multipliedBy(h)), h % 2 == 1, h));
        }

        TimeSplit.Parts parts = split.apply(rows);

        // train: 21:00 and 22:00 only; 23:00's label is the close of 00:00, inside the test window -> purged
        assertThat(parts.train()).extracting(LabeledRow::openTime).containsExactly(
                at("2024-06-30T21:00:00Z"), at("2024-06-30T21:00:00Z"), at("2024-06-30T22:00:00Z"), at("2024-06-30T22:00:00Z"));
        assertThat(parts.train()).extracting(LabeledRow::symbol).containsExactly("BTCUSDT", "ETHUSDT", "BTCUSDT", "ETHUSDT");
        assertThat(parts.test()).extracting(LabeledRow::openTime).containsExactly(
                at("2024-07-01T00:00:00Z"), at("2024-07-01T00:00:00Z"), at("2024-07-01T01:00:00Z"), at("2024-07-01T01:00:00Z"),
                at("2024-07-01T02:00:00Z"), at("2024-07-01T02:00:00Z"), at("2024-07-01T03:00:00Z"), at("2024-07-01T03:00:00Z"));
        Instant lastTrainLabel = parts.train().get(parts.train().size() - 1).openTime().plus(HOUR);
        assertThat(lastTrainLabel).isBefore(parts.test().get(0).openTime());
        assertThat(parts.train()).noneMatch(parts.test()::contains);
    }

    @Test
    void refusesATestWindowThatStartsInsideTheTrainWindow() {
        assertThatThrownBy(() -> new TimeSplit(T0, BOUNDARY, BOUNDARY.minus(HOUR), BOUNDARY.plus(HOUR), HOUR))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must start at or after the end of the train window");
    }

    private static Instant at(String text) {
        return Instant.parse(text);
    }
}
