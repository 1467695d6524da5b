package dev.sextant.training;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A chronological train/test split: train rows have {@code trainFrom <= t < trainTo} and their label
 * candle (t + horizon) also before {@code trainTo} (purged, so no train label peeks into the test
 * period); test rows have {@code testFrom <= t < testTo}, with {@code testFrom >= trainTo}.
 * Rows are never shuffled across the boundary.
 */
public record TimeSplit(Instant trainFrom, Instant trainTo, Instant testFrom, Instant testTo, Duration labelHorizon) {

    public TimeSplit {
        if (!trainFrom.isBefore(trainTo) || !testFrom.isBefore(testTo)) {
            throw new IllegalArgumentException("each window must start before it ends");
        }
        if (testFrom.isBefore(trainTo)) {
            throw new IllegalArgumentException("the test window (from " + testFrom + ") must start at or after the end of the train window ("
                    + trainTo + ")");
        }
    }

    /** The rows of both windows, each sorted by open time then symbol. */
    public Parts apply(List<LabeledRow> rows) {
        List<LabeledRow> train = new ArrayList<>();
        List<LabeledRow> test = new ArrayList<>();
        for (LabeledRow row : rows) {
            Instant t = row.openTime();
            if (!t.isBefore(trainFrom) && t.plus(labelHorizon).isBefore(trainTo)) {
                train.add(row);
            } else if (!t.isBefore(testFrom) && t.isBefore(testTo)) {
                test.add(row);
            }
        }
        Comparator<LabeledRow> order = Comparator.comparing(LabeledRow::openTime).thenComparing(LabeledRow::symbol);
        train.sort(order);
        test.sort(order);
        return new Parts(List.copyOf(train), List.copyOf(test));
    }

    /** The split rows. */
    public record Parts(List<LabeledRow> train, List<LabeledRow> test) {}
}
