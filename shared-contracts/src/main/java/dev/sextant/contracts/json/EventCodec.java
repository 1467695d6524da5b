package dev.sextant.contracts.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.sextant.contracts.event.Event;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Encodes events to JSON and decodes them back, turning every failure into a message that names the field.
 *
 * <p>Decoding is strict (docs/reliability.md, "Validation"): the payload must be one JSON object of at most
 * {@link #MAX_PAYLOAD_BYTES} bytes with nothing after it, with no key twice, no number longer than
 * {@link #MAX_NUMBER_LENGTH} characters and no nesting deeper than {@link #MAX_NESTING_DEPTH}; the event's
 * constructor then holds every field to its rules ({@code dev.sextant.contracts.event.EventBounds}). So
 * {@code decode} returns only an event that passed every static rule, or throws
 * {@link EventDecodingException}. Event time (is this event's time plausible now?) is the consumer's
 * {@link dev.sextant.contracts.time.EventTimeWindow}.
 *
 * <p>The JSON is that of {@link Json#mapper()} byte for byte; instants are written and read without
 * {@code DateTimeFormatter} ({@link IsoInstants}), and each event type has its own reader and writer.
 */
public final class EventCodec {
    /** Largest payload: 1 MiB (Kafka's default largest record); a String payload is held to as many characters. */
    public static final int MAX_PAYLOAD_BYTES = 1 << 20;
    /** Longest number literal: 64 characters (a decimal of the platform has at most 40 places and 15 digits before). */
    public static final int MAX_NUMBER_LENGTH = 64;
    /** Deepest nesting of objects and arrays: 16 (an event nests at most 3 deep). */
    public static final int MAX_NESTING_DEPTH = 16;

    /** A constructor's message names the field: "field 'x'" or, for a rule between two, "fields 'x' and 'y'". */
    private static final Pattern FIELD_IN_MESSAGE = Pattern.compile("fields? '([^']+)'");
    private static final Pattern DUPLICATE_NAME = Pattern.compile("Duplicate (?:Object property|field) [\"']([^\"']+)[\"']");
    private static final ObjectMapper MAPPER = mapper();
    private static final ClassValue<ObjectReader> READERS = new ClassValue<>() {
        @Override
        protected ObjectReader computeValue(Class<?> type) {
            return MAPPER.readerFor(type);
        }
    };
    private static final ClassValue<ObjectWriter> WRITERS = new ClassValue<>() {
        @Override
        protected ObjectWriter computeValue(Class<?> type) {
            return MAPPER.writerFor(type);
        }
    };

    private EventCodec() {}

    private static ObjectMapper mapper() {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNumberLength(MAX_NUMBER_LENGTH)
                        .maxNestingDepth(MAX_NESTING_DEPTH)
                        .maxStringLength(MAX_PAYLOAD_BYTES)
                        .maxDocumentLength(MAX_PAYLOAD_BYTES)
                        .build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
                .enable(StreamReadFeature.USE_FAST_BIG_NUMBER_PARSER)
                .build();
        return Json.configure(JsonMapper.builder(factory))
                .addModule(new IsoInstantModule())
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }

    public static String encode(Event event) {
        try {
            return WRITERS.get(event.getClass()).writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot encode " + event.getClass().getSimpleName(), e);
        }
    }

    /** The UTF-8 bytes of {@link #encode}, written directly (no String in between). */
    public static byte[] encodeBytes(Event event) {
        try {
            return WRITERS.get(event.getClass()).writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot encode " + event.getClass().getSimpleName(), e);
        }
    }

    public static <T extends Event> T decode(String json, Class<T> type) {
        if (json == null || json.isBlank()) {
            throw empty(type);
        }
        if (json.length() > MAX_PAYLOAD_BYTES) {
            throw tooLarge(json.length() + " characters", type);
        }
        if (firstSignificantChar(json) != '{') {
            throw notAnObject(type);
        }
        T event;
        try {
            event = READERS.get(type).readValue(json);
        } catch (IOException e) {
            throw translate(e, type);
        }
        return nonNull(event, type);
    }

    /** Decodes UTF-8 bytes directly (no String in between), with the rules of {@link #decode(String, Class)}. */
    public static <T extends Event> T decode(byte[] json, Class<T> type) {
        if (json == null) {
            throw empty(type);
        }
        if (json.length > MAX_PAYLOAD_BYTES) {
            throw tooLarge(json.length + " bytes", type);
        }
        int first = firstSignificantByte(json);
        if (first < 0) {
            throw empty(type);
        }
        if (first != '{') {
            throw notAnObject(type);
        }
        T event;
        try {
            event = READERS.get(type).readValue(json);
        } catch (IOException e) {
            throw translate(e, type);
        }
        return nonNull(event, type);
    }

    private static <T> T nonNull(T event, Class<T> type) {
        if (event == null) {
            throw empty(type);
        }
        return event;
    }

    private static EventDecodingException empty(Class<?> type) {
        return new EventDecodingException("empty payload, expected a " + type.getSimpleName(), null, null);
    }

    private static EventDecodingException notAnObject(Class<?> type) {
        // Also catches the JSON literal null, which Jackson would decode to a null event.
        return new EventDecodingException("invalid " + type.getSimpleName()
                + ": not a JSON object (an event is a JSON object with a 'type' field)", null, null);
    }

    private static EventDecodingException tooLarge(String size, Class<?> type) {
        return new EventDecodingException("invalid " + type.getSimpleName() + ": payload of " + size
                + " is larger than the limit of " + MAX_PAYLOAD_BYTES + " bytes", null, null);
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

    /** The first byte that is not JSON whitespace or a UTF-8 byte-order mark, or -1 when there is none. */
    private static int firstSignificantByte(byte[] json) {
        int i = 0;
        if (json.length >= 3 && (json[0] & 0xff) == 0xEF && (json[1] & 0xff) == 0xBB && (json[2] & 0xff) == 0xBF) {
            i = 3;
        }
        for (; i < json.length; i++) {
            byte b = json[i];
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return b & 0xff;
            }
        }
        return -1;
    }

    private static EventDecodingException translate(IOException e, Class<?> type) {
        String what = type.getSimpleName();
        if (e instanceof InvalidTypeIdException typeId) {
            return new EventDecodingException(
                    "invalid " + what + ": field 'type' is missing or unknown (" + typeId.getTypeId() + ")", "type", e);
        }
        if (e instanceof MismatchedInputException mismatched && e.getMessage() != null
                && e.getMessage().startsWith("Trailing token")) {
            return new EventDecodingException("invalid " + what
                    + ": content after the JSON object (an event is exactly one JSON object)", null, e);
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
            Matcher duplicate = DUPLICATE_NAME.matcher(reason == null ? "" : firstLine(reason));
            if (duplicate.find()) {
                // a key twice inside a nested object
                return duplicate(what, path.isEmpty() ? duplicate.group(1) : path + "." + duplicate.group(1), e);
            }
            String field = emptyToNull(path);
            return new EventDecodingException(
                    "invalid " + what + (field == null ? "" : ": field '" + field + "'") + ": " + firstLine(reason), field, e);
        }
        String message = firstLine(e instanceof JsonProcessingException p ? p.getOriginalMessage() : e.getMessage());
        Matcher duplicate = DUPLICATE_NAME.matcher(message);
        if (duplicate.find()) {
            return duplicate(what, duplicate.group(1), e);
        }
        if (e instanceof StreamConstraintsException) {
            return new EventDecodingException("invalid " + what + ": too large (" + message + ")", null, e);
        }
        return new EventDecodingException("invalid " + what + ": not JSON (" + message + ")", null, e);
    }

    private static EventDecodingException duplicate(String what, String field, IOException e) {
        return new EventDecodingException("invalid " + what + ": field '" + field
                + "' appears more than once (duplicate keys are refused)", field, e);
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
