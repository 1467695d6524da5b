package dev.sextant.feature.domain;

import dev.sextant.contracts.event.FeatureValues;
import java.util.List;
import java.util.Objects;

/**
 * The features of one bar.
 *
 * @param names feature names in {@link FeatureSet#NAMES} order
 * @param values values parallel to {@code names}; an element is null while that feature is undefined
 *     (warming up)
 * @param warm true once every value is defined
 */
public record FeatureVector(List<String> names, List<Double> values, boolean warm) {

    public FeatureVector {
        names = List.copyOf(Objects.requireNonNull(names, "names"));
        Objects.requireNonNull(values, "values");
        if (names.size() != values.size()) {
            throw new IllegalArgumentException("names and values differ in length: " + names.size() + " vs " + values.size());
        }
        FeatureValues frozen = FeatureValues.copyOf(values); // immutable, nulls allowed
        values = frozen;
        if (warm && frozen.hasUndefined()) {
            throw new IllegalArgumentException("a warm feature vector cannot hold undefined (null) values");
        }
    }

    /** The value of the named feature, or null while it is undefined. */
    public Double value(String name) {
        int index = names.indexOf(name);
        if (index < 0) {
            throw new IllegalArgumentException("no feature named '" + name + "' in this vector");
        }
        return values.get(index);
    }

    /** The values as a primitive array (undefined values become NaN), e.g. for a model input. */
    public double[] toArray() {
        double[] out = new double[values.size()];
        for (int i = 0; i < out.length; i++) {
            Double v = values.get(i);
            out[i] = v == null ? Double.NaN : v;
        }
        return out;
    }
}
