package dev.sextant.gateway.domain;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A request body the gateway refuses, with one message per bad field (field name to what to change); the REST layer
 * answers 400 with {@code message} (every field's message) and {@code fields}.
 */
public class InvalidFieldsException extends InvalidRequestException {
    private final Map<String, String> fields;

    public InvalidFieldsException(String what, Map<String, String> fields) {
        super(what + ": " + fields.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining("; ")));
        this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** Field name (as in the body; {@code settings.<name>} for one setting) to its message, in the body's order. */
    public Map<String, String> fields() {
        return fields;
    }
}
