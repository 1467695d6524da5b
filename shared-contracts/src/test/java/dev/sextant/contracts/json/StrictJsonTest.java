package dev.sextant.contracts.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sextant.contracts.TestEvents;
import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.event.Event;
import dev.sextant.contracts.event.FeaturesComputed;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The decoder reads exactly one JSON object of bounded size: no trailing content, no key twice, no giant tokens. */
class StrictJsonTest {
    private static final String CANDLE = EventCodec.encode(TestEvents.candle());

    private static EventDecodingException refused(String payload) {
        EventDecodingException asString = catchThrowableOfType(EventDecodingException.class,
                () -> EventCodec.decode(payload, CandleClosed.class));
        assertThat(asString).as("decode(String) of %s", abbreviate(payload)).isNotNull();
        EventDecodingException asBytes = catchThrowableOfType(EventDecodingException.class,
                () -> EventCodec.decode(payload.getBytes(StandardCharsets.UTF_8), CandleClosed.class));
        assertThat(asBytes).as("decode(byte[]) of %s", abbreviate(payload)).isNotNull();
        // The same refusal (a parser's own wording may differ between text and bytes, and a size is counted in
        // characters of a String, in bytes of a byte[]).
        assertThat(asBytes.getMessage()).startsWith("invalid CandleClosed: ");
        assertThat(asString.getMessage()).startsWith("invalid CandleClosed: ");
        assertThat(asBytes.field()).isEqualTo(asString.field());
        return asString;
    }

    private static String abbreviate(String s) {
        return s.length() < 200 ? s : s.substring(0, 200) + "...";
    }

    @ParameterizedTest
    @ValueSource(strings = {" garbage", "{}", " {\"type\":\"CandleClosed\"}", "x", " 1", "]", ",", " null", "\"\""})
    void contentAfterTheObjectIsRefused(String trailing) {
        EventDecodingException e = refused(CANDLE + trailing);
        assertThat(e.getMessage()).startsWith("invalid CandleClosed: ");
        assertThat(e.field()).isNull();
    }

    @Test
    void trailingContentIsNamedAsSuch() {
        assertThat(refused(CANDLE + " {}").getMessage())
                .isEqualTo("invalid CandleClosed: content after the JSON object (an event is exactly one JSON object)");
        assertThat(refused(CANDLE + CANDLE).getMessage()).contains("content after the JSON object");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\n", "\r\n\t "})
    void trailingWhitespaceIsFine(String trailing) {
        assertThat(EventCodec.decode(CANDLE + trailing, CandleClosed.class)).isEqualTo(TestEvents.candle());
        assertThat(EventCodec.decode((CANDLE + trailing).getBytes(StandardCharsets.UTF_8), CandleClosed.class))
                .isEqualTo(TestEvents.candle());
    }

    @Test
    void aLeadingByteOrderMarkIsFine() {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] json = CANDLE.getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[json.length + 3];
        System.arraycopy(bom, 0, withBom, 0, 3);
        System.arraycopy(json, 0, withBom, 3, json.length);
        assertThat(EventCodec.decode(withBom, CandleClosed.class)).isEqualTo(TestEvents.candle());
    }

    @Test
    void aDuplicateKeyIsRefusedAndNamed() {
        com.fasterxml.jackson.databind.JsonNode tree = dev.sextant.contracts.schema.EventSchemas.readTree(CANDLE);
        for (String field : List.of("close", "type", "openTime", "eventId", "tradeCount")) {
            // the same key with the same (valid) value twice: only the duplicate is wrong
            String twice = CANDLE.replaceFirst("\\{", "{\"" + field + "\":" + tree.get(field) + ",");
            EventDecodingException e = refused(twice);
            assertThat(e.field()).as(field).isEqualTo(field);
            assertThat(e.getMessage()).as(field)
                    .isEqualTo("invalid CandleClosed: field '" + field + "' appears more than once (duplicate keys are refused)");
        }
        // Also inside a nested object.
        String decision = EventCodec.encode(TestEvents.riskDecisionApproved()).replace("\"intent\":{", "\"intent\":{\"side\":\"SELL\",");
        EventDecodingException nested = catchThrowableOfType(EventDecodingException.class,
                () -> EventCodec.decode(decision, Event.class));
        assertThat(nested.field()).isEqualTo("intent.side");
        assertThat(nested.getMessage()).isEqualTo(
                "invalid Event: field 'intent.side' appears more than once (duplicate keys are refused)");
    }

    @Test
    void aPayloadAboveOneMebibyteIsRefusedBeforeParsing() {
        String padded = CANDLE.replaceFirst("\\{", "{\"pad\":\"" + "x".repeat(EventCodec.MAX_PAYLOAD_BYTES) + "\",");
        EventDecodingException e = refused(padded);
        assertThat(e.getMessage()).isEqualTo("invalid CandleClosed: payload of " + padded.length()
                + " characters is larger than the limit of 1048576 bytes");
        // At the limit it is read (an unknown field is ignored).
        String atLimit = CANDLE.replaceFirst("\\{", "{\"pad\":\"" + "x".repeat(
                EventCodec.MAX_PAYLOAD_BYTES - CANDLE.length() - "\"pad\":\"\",".length()) + "\",");
        assertThat(atLimit).hasSize(EventCodec.MAX_PAYLOAD_BYTES);
        assertThat(EventCodec.decode(atLimit, CandleClosed.class)).isEqualTo(TestEvents.candle());
        assertThat(EventCodec.decode(atLimit.getBytes(StandardCharsets.UTF_8), CandleClosed.class)).isEqualTo(TestEvents.candle());
    }

    @Test
    void aNumberOfMoreThan64CharactersIsRefused() {
        String longNumber = "1." + "0".repeat(70);
        EventDecodingException e = refused(CANDLE.replace("\"close\":67650.00", "\"close\":" + longNumber));
        assertThat(e.getMessage()).startsWith("invalid CandleClosed: ").contains("Number value length");
        String atLimit = "67650." + "0".repeat(EventCodec.MAX_NUMBER_LENGTH - 6 - 30);
        assertThat(EventCodec.decode(CANDLE.replace("\"close\":67650.00", "\"close\":" + atLimit), CandleClosed.class).close())
                .isEqualByComparingTo("67650");
    }

    @Test
    void deepNestingIsRefused() {
        String deep = "[".repeat(100) + "]".repeat(100);
        EventDecodingException e = refused(CANDLE.replaceFirst("\\{", "{\"deep\":" + deep + ","));
        assertThat(e.getMessage()).startsWith("invalid CandleClosed: ").contains("nesting depth");
    }

    @Test
    void goodErrorMessagesStillNameTheField() {
        EventDecodingException e = refused(CANDLE.replace("\"close\":67650.00", "\"close\":1E+400"));
        assertThat(e.field()).isEqualTo("close");
        assertThat(e.getMessage()).isEqualTo("invalid CandleClosed: field 'close' must be at most 1000000000 in absolute value, got 1E+400");
        EventDecodingException features = catchThrowableOfType(EventDecodingException.class, () -> EventCodec.decode(
                EventCodec.encode(TestEvents.features()).replace("890.0", "1e400"), FeaturesComputed.class));
        assertThat(features.field()).isEqualTo("values");
        assertThat(features.getMessage()).contains("field 'values' must hold finite numbers").contains("Infinity at [3] (atr_14)");
    }
}
