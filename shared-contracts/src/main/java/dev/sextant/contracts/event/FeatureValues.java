package dev.sextant.contracts.event;

import java.util.AbstractList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The values of a feature vector: an immutable list of {@code Double}s in which {@code null} means
 * "undefined" (warming up). It behaves as the unmodifiable copy {@link FeaturesComputed} always made
 * ({@code equals}, {@code hashCode} and {@code toString} of a {@link List}, every mutator throws
 * {@link UnsupportedOperationException}), and, being immutable, is taken without a second copy by
 * the next event or vector built from it; whether it holds an undefined value is known without a scan.
 */
public final class FeatureValues extends AbstractList<Double> implements RandomAccess {
    private final Double[] values;
    private final int firstUndefined;

    private FeatureValues(Double[] values) {
        this.values = values;
        int first = -1;
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) {
                first = i;
                break;
            }
        }
        this.firstUndefined = first;
    }

    /** {@code values} itself when it already is a {@code FeatureValues}, else an immutable copy (nulls allowed). */
    public static FeatureValues copyOf(List<Double> values) {
        Objects.requireNonNull(values, "values");
        if (values instanceof FeatureValues frozen) {
            return frozen;
        }
        return new FeatureValues(values.toArray(new Double[0]));
    }

    /** An immutable copy of {@code values} (nulls allowed). */
    public static FeatureValues of(Double... values) {
        return new FeatureValues(values.clone());
    }

    /** True when a value is undefined (null). */
    public boolean hasUndefined() {
        return firstUndefined >= 0;
    }

    @Override
    public Double get(int index) {
        return values[Objects.checkIndex(index, values.length)];
    }

    @Override
    public int size() {
        return values.length;
    }

    @Override
    public boolean contains(Object o) {
        return o == null ? hasUndefined() : super.contains(o);
    }

    @Override
    public Object[] toArray() {
        return values.clone();
    }

    // Every mutator throws, even when it would change nothing (as an unmodifiable list does).

    @Override
    public boolean remove(Object o) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean addAll(Collection<? extends Double> c) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean addAll(int index, Collection<? extends Double> c) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean removeAll(Collection<?> c) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean retainAll(Collection<?> c) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean removeIf(Predicate<? super Double> filter) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void replaceAll(UnaryOperator<Double> operator) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void sort(Comparator<? super Double> c) {
        throw new UnsupportedOperationException();
    }
}
