package dev.sextant.feature.micro;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One microstructure feature vector, names in {@link MicroFeatureSet#NAMES} order.
 *
 * @param version the feature set, {@value MicroFeatureSet#VERSION}
 * @param eventTime the event time the vector was asked for
 * @param names the feature names
 * @param values the values; NaN marks a missing one (see {@link MicroFeatureSet} for when each is)
 * @param warm true once the trade window and the profile window have each run a whole length and
 *     the zones' ATR is defined; says nothing about the book (see {@code staleBook})
 * @param staleBook true when there is no book snapshot or the last one is more than the allowed age
 *     older than {@code eventTime}: every book feature is then NaN. A consumer that needs the book
 *     (risk) must check this flag.
 * @param bookAge eventTime minus the last snapshot's event time, null without a snapshot (negative
 *     when the snapshot is newer than the event time)
 */
public record MicroFeatureVector(String version, Instant eventTime, List<String> names, double[] values, boolean warm,
        boolean staleBook, Duration bookAge) {

    public MicroFeatureVector {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(eventTime, "eventTime");
        names = List.copyOf(names);
        values = values.clone();
        if (names.size() != values.length) {
            throw new IllegalArgumentException("names and values differ in length: " + names.size() + " vs " + values.length);
        }
    }

    /** A copy of the values. */
    @Override
    public double[] values() {
        return values.clone();
    }

    /** The value of the named feature (NaN when missing). */
    public double value(String name) {
        int index = names.indexOf(name);
        if (index < 0) {
            throw new IllegalArgumentException("no feature named '" + name + "' in this vector");
        }
        return values[index];
    }

    /** True when the named feature is missing (NaN). */
    public boolean missing(String name) {
        return Double.isNaN(value(name));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MicroFeatureVector v && version.equals(v.version) && eventTime.equals(v.eventTime)
                && names.equals(v.names) && Arrays.equals(values, v.values) && warm == v.warm && staleBook == v.staleBook
                && Objects.equals(bookAge, v.bookAge);
    }

    @Override
    public int hashCode() {
        return Objects.hash(version, eventTime, names, Arrays.hashCode(values), warm, staleBook, bookAge);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("MicroFeatureVector[").append(version).append(' ').append(eventTime)
                .append(warm ? " warm" : " cold").append(staleBook ? " stale-book" : "");
        for (int i = 0; i < values.length; i++) {
            s.append(i == 0 ? " {" : ", ").append(names.get(i)).append('=').append(values[i]);
        }
        return s.append("}]").toString();
    }
}
