package dev.sextant.contracts.id;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Name of a model family, e.g. {@code direction-logreg}; its version travels beside it. 1-64 characters
 * of {@code [A-Za-z0-9._:+-]}, the first a letter or digit.
 */
public record ModelId(String value) {
    public static final int MAX_LENGTH = 64;

    public ModelId {
        if (!isName(value, MAX_LENGTH)) {
            throw new IllegalArgumentException("model id must be 1-" + MAX_LENGTH
                    + " letters, digits or any of \"._:+-\" (starting with a letter or digit), got: " + EventId.abbreviate(value));
        }
    }

    /** 1-{@code max} characters of {@code [A-Za-z0-9._:+-]}, the first a letter or digit. */
    static boolean isName(String value, int max) {
        if (value == null || value.isEmpty() || value.length() > max) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (!alnum && (i == 0 || "._:+-".indexOf(c) < 0)) {
                return false;
            }
        }
        return true;
    }

    @JsonCreator
    public static ModelId of(String value) {
        return new ModelId(value);
    }

    @JsonValue
    @Override
    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return value;
    }
}
