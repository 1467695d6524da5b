package dev.sextant.contracts.id;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Name of a model family, e.g. {@code direction-logreg}; its version travels beside it. */
public record ModelId(String value) {
    public ModelId {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("model id must not be blank");
        }
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
