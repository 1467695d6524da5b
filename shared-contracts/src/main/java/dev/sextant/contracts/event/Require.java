package dev.sextant.contracts.event;

import java.math.BigDecimal;
import java.util.List;

/** Validation used by the events' constructors; messages name the offending field. */
final class Require {
    private Require() {}

    static <T> T field(T value, String name) {
        if (value == null) {
            throw new IllegalArgumentException("missing required field '" + name + "'");
        }
        return value;
    }

    static String text(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("missing required field '" + name + "'");
        }
        return value;
    }

    static BigDecimal nonNegative(BigDecimal value, String name) {
        field(value, name);
        if (value.signum() < 0) {
            throw new IllegalArgumentException("field '" + name + "' must not be negative, got " + value.toPlainString());
        }
        return value;
    }

    static BigDecimal positive(BigDecimal value, String name) {
        field(value, name);
        if (value.signum() <= 0) {
            throw new IllegalArgumentException("field '" + name + "' must be positive, got " + value.toPlainString());
        }
        return value;
    }

    static int schemaVersion(int version) {
        if (version < 1) {
            throw new IllegalArgumentException("missing required field 'schemaVersion' (must be >= 1, got " + version + ")");
        }
        return version;
    }

    static double probability(double value, String name) {
        if (!(value >= 0.0 && value <= 1.0)) {
            throw new IllegalArgumentException("field '" + name + "' must be a probability in [0, 1], got " + value);
        }
        return value;
    }

    static <T> List<T> list(List<T> value, String name) {
        return List.copyOf(field(value, name));
    }
}
