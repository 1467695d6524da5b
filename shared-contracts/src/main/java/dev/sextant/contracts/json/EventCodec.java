package dev.sextant.contracts.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.sextant.contracts.event.Event;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Encodes events to JSON and decodes them back, turning every failure into a message that names the field. */
public final class EventCodec {
    /** A constructor's message names the field: "field 'x'" or, for a rule between two, "fields 'x' and 'y'". */
    private static final Pattern FIELD_IN_MESSAGE = Pattern.compile("fields? '([^']+)'");
    private static final ObjectMapper MAPPER = Json.mapper();

    private EventCodec() {}

    public static String encode(Event event) {
        try {
            return MAPPER.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot encode " + event.getClass().getSimpleName(), e);
        }
    }

    public static byte[] encodeBytes(Event event) {
        return encode(event).getBytes(StandardCharsets.UTF_8);
    }

    public static <T extends Event> T decode(String json, Class<T> type) {
        if (json == null || json.isBlank()) {
            throw new EventDecodingException("empty payload, expected a " + type.getSimpleName(), null, null);
        }
        if (firstSignificantChar(json) != '{') {
            // Also catches the JSON literal null, which Jackson would decode to a null event.
            throw new EventDecodingException("invalid " + type.getSimpleName()
                    + ": not a JSON object (an event is a JSON object with a 'type' field)", null, null);
        }
        T event;
        try {
            event = MAPPER.readValue(json, type);
        } catch (IOException e) {
            throw translate(e, type);
        }
        if (event == null) {
            throw new EventDecodingException("empty payload, expected a " + type.getSimpleName(), null, null);
        }
        return event;
    }

    private static char firstSignificantChar(String json) {
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (!Character.isWhitespace(c) && c != '\uFEFF') {
                return c;
            }
        }
        return 0;
    }

    public static <T extends Event> T decode(byte[] json, Class<T> type) {
        return decode(json == null ? null : new String(json, StandardCharsets.UTF_8), type);
    }

    private static EventDecodingException translate(IOException e, Class<?> type) {
        String what = type.getSimpleName();
        if (e instanceof InvalidTypeIdException typeId) {
            return new EventDecodingException(
                    "invalid " + what + ": field 'type' is missing or unknown (" + typeId.getTypeId() + ")", "type", e);
        }
        if (e instanceof JsonMappingException mapping) {
            String path = mapping.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining("."))
                    .replace(".[", "[");
            Throwable root = e instanceof ValueInstantiationException && e.getCause() != null ? e.getCause() : e;
            String reason = root instanceof IllegalArgumentException ? root.getMessage() : mapping.getOriginalMessage();
            if (e instanceof ValueInstantiationException) {
                // The constructor names the missing or invalid field; the path names the enclosing object.
                Matcher m = FIELD_IN_MESSAGE.matcher(reason == null ? "" : reason);
                String field = m.find() ? m.group(1) : null;
                String full = field == null ? emptyToNull(path) : (path.isEmpty() ? field : path + "." + field);
                if (field == null && full != null) {
                    // e.g. a typed id or an enum refused the value: say which field held it.
                    reason = "field '" + full + "': " + reason;
                }
                return new EventDecodingException("invalid " + what + ": " + reason, full, e);
            }
            String field = emptyToNull(path);
            return new EventDecodingException(
                    "invalid " + what + (field == null ? "" : ": field '" + field + "'") + ": " + firstLine(reason), field, e);
        }
        return new EventDecodingException("invalid " + what + ": not JSON (" + firstLine(e.getMessage()) + ")", null, e);
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
