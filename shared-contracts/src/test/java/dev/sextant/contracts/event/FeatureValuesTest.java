package dev.sextant.contracts.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** FeatureValues behaves exactly as the unmodifiable copy FeaturesComputed used to make. */
class FeatureValuesTest {
    private final List<Double> source = Arrays.asList(1.5, null, -0.0, Double.NaN, 3.0);
    private final List<Double> before = Collections.unmodifiableList(new ArrayList<>(source));

    @Test
    void itIsAListWithTheSameElementsEqualityHashAndText() {
        FeatureValues values = FeatureValues.copyOf(source);
        assertThat(values).containsExactlyElementsOf(before);
        assertThat(values).isEqualTo(before);
        assertThat(before).isEqualTo(values);
        assertThat(values.hashCode()).isEqualTo(before.hashCode());
        assertThat(values.toString()).isEqualTo(before.toString());
        assertThat(values.indexOf(null)).isEqualTo(1);
        assertThat(values.contains(null)).isTrue();
        assertThat(values.contains(3.0)).isTrue();
        assertThat(values.hasUndefined()).isTrue();
        assertThat(FeatureValues.of(1.0, 2.0).hasUndefined()).isFalse();
        assertThat(FeatureValues.of(1.0, 2.0).contains(null)).isFalse();
    }

    @Test
    void itIsImmutableAndNeverCopiedTwice() {
        Double[] array = {1.0, 2.0};
        FeatureValues values = FeatureValues.of(array);
        array[0] = 9.0;
        assertThat(values.get(0)).isEqualTo(1.0);
        assertThat(FeatureValues.copyOf(values)).isSameAs(values);
        assertThatThrownBy(() -> values.set(0, 3.0)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> values.add(3.0)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> values.remove(0)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(values::clear).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> values.remove((Object) 7.0)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> values.addAll(List.of())).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> values.removeIf(v -> false)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> values.sort(null)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> values.get(2)).isInstanceOf(IndexOutOfBoundsException.class);
        Object[] copy = values.toArray();
        copy[0] = 5.0;
        assertThat(values.get(0)).isEqualTo(1.0);
    }
}
