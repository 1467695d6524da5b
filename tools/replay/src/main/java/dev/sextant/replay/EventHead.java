package dev.sextant.replay;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The common fields of an event record's JSON value, read with Jackson's streaming parser without binding the event
 * (any event type, any schema version, also a record that no longer decodes). {@link #valid} is false when the value is
 * not one well-formed JSON object (a malformed record, e.g. on a dead-letter topic).
 */
public record EventHead(boolean valid, String type, String eventId, Instant tsEvent, String causationId, String symbol) {

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
            .build();

    static final EventHead INVALID = new EventHead(false, null, null, null, null, null);

    public static EventHead read(byte[] value) {
        if (value == null || value.length == 0) {
            return INVALID;
        }
        String type = null;
        String eventId = null;
        String ts = null;
        String causation = null;
        String symbol = null;
        try (JsonParser p = JSON.createParser(value)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return INVALID;
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) {
                    p.skipChildren();
                    continue;
                }
                if (v != JsonToken.VALUE_STRING) {
                    continue;
                }
                switch (name) {
                    case "type" -> type = p.getText();
                    case "eventId" -> eventId = p.getText();
                    case "tsEvent" -> ts = p.getText();
                    case "causationId" -> causation = p.getText();
                    case "symbol" -> symbol = p.getText();
                    default -> { }
                }
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
                return INVALID;
            }
        } catch (IOException e) {
            return INVALID;
        }
        Instant tsEvent = null;
        if (ts != null) {
            try {
                tsEvent = Instant.parse(ts);
            } catch (DateTimeParseException e) {
                tsEvent = null;
            }
        }
        return new EventHead(true, type, eventId, tsEvent, causation, symbol);
    }
}
