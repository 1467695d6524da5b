package dev.sextant.backtest.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Validation helpers of the report records: copies that keep order and refuse nulls with a clear message. */
final class Checks {
    private Checks() {
    }

    static String requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " is required");
        }
        return value;
    }

    static <T> T requireNonNull(T value, String what) {
        if (value == null) {
            throw new IllegalArgumentException(what + " is required");
        }
        return value;
    }

    /** An unmodifiable copy of {@code list} (order kept), refusing a null list or null elements. */
    static <T> List<T> copy(List<T> list, String what) {
        requireNonNull(list, what);
        for (T element : list) {
            if (element == null) {
                throw new IllegalArgumentException(what + " must not contain null");
            }
        }
        return List.copyOf(list);
    }

    /** An unmodifiable copy of {@code map} in its iteration order, refusing a null map, keys or values. */
    static <K, V> Map<K, V> copy(Map<K, V> map, String what) {
        requireNonNull(map, what);
        LinkedHashMap<K, V> copy = new LinkedHashMap<>();
        map.forEach((key, value) -> {
            if (key == null || value == null) {
                throw new IllegalArgumentException(what + " must not contain null keys or values");
            }
            copy.put(key, value);
        });
        return Collections.unmodifiableMap(copy);
    }
}
