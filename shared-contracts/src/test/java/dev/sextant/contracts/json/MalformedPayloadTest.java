package dev.sextant.contracts.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sextant.contracts.TestEvents;
import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.event.Event;
import dev.sextant.contracts.event.FeaturesComputed;
import dev.sextant.contracts.event.OrderEvent;
import dev.sextant.contracts.event.RiskDecisionMade;
import dev.sextant.contracts.schema.EventSchemas;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A payload that is not a valid event fails with {@link EventDecodingException}, whose
 * {@link EventDecodingException#field() field()} is the JSON path of the culprit and whose message
 * names it, so a dead-lettered record says what was wrong with it.
 */
class MalformedPayloadTest {

    private static ObjectNode json(Event event) {
        return (ObjectNode) EventSchemas.readTree(EventCodec.encode(event));
    }

    private static EventDecodingException decodeFails(String payload, Class<? extends Event> type) {
        EventDecodingException e = catchThrowableOfType(EventDecodingException.class, () -> EventCodec.decode(payload, type));
        assertThat(e).as("decoding %s as %s should fail", payload, type.getSimpleName()).isNotNull();
        return e;
    }

    private static void assertNames(EventDecodingException e, String field, String inMessage) {
        assertThat(e.field()).isEqualTo(field);
        assertThat(e.getMessage()).contains("'" + inMessage + "'");
    }

    static Stream<Arguments> brokenCandles() {
        return Stream.of(
                broken("close missing", c -> c.remove("close"), "close", "close", true),
                broken("close null", c -> c.putNull("close"), "close", "close", true),
                broken("open not a number", c -> c.put("open", "abc"), "open", "open", true),
                broken("open an array", c -> c.putArray("open").add(1), "open", "open", true),
                broken("unknown interval", c -> c.put("interval", "7h"), "interval", "7h", true),
                broken("tradeCount missing (a primitive)", c -> c.remove("tradeCount"), "tradeCount", "tradeCount", true),
                broken("tradeCount not a number", c -> c.put("tradeCount", "many"), "tradeCount", "tradeCount", true),
                broken("schemaVersion 0", c -> c.put("schemaVersion", 0), "schemaVersion", "schemaVersion", true),
                broken("bad instant", c -> c.put("openTime", "yesterday"), "openTime", "openTime", true),
                // Rules the schema does not state (non-blank text, id patterns): only the decoder catches them.
                broken("blank exchange", c -> c.put("exchange", " "), "exchange", "exchange", false),
                broken("bad symbol", c -> c.put("symbol", "btc-usdt"), "symbol", "btc-usdt", false),
                broken("blank event id", c -> c.put("eventId", ""), "eventId", "eventId", false));
    }

    private static Arguments broken(String what, Consumer<ObjectNode> breakIt, String field, String inMessage,
                                    boolean schemaCatches) {
        return Arguments.of(what, breakIt, field, inMessage, schemaCatches);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenCandles")
    void aBrokenCandleNamesTheField(String what, Consumer<ObjectNode> breakIt, String field, String inMessage,
                                    boolean schemaCatches) {
        ObjectNode candle = json(TestEvents.candle());
        breakIt.accept(candle);
        for (Class<? extends Event> as : List.of(CandleClosed.class, Event.class)) {
            EventDecodingException e = decodeFails(candle.toString(), as);
            assertThat(e.field()).as(what).isEqualTo(field);
            assertThat(e.getMessage()).as(what)
                    .startsWith("invalid " + as.getSimpleName())
                    .contains("'" + field + "'")
                    .contains(inMessage);
        }
        assertThat(EventSchemas.errors(EventSchemas.committed(CandleClosed.class), candle.toString()))
                .as("schema errors for: %s", what)
                .matches(errors -> errors.isEmpty() != schemaCatches);
    }

    @Test
    void candleWithoutClose() {
        ObjectNode candle = json(TestEvents.candle());
        candle.remove("close");
        EventDecodingException e = decodeFails(candle.toString(), CandleClosed.class);
        assertNames(e, "close", "close");
        assertThat(e.getMessage()).isEqualTo("invalid CandleClosed: missing required field 'close'");
    }

    @Test
    void approvedDecisionWithoutIntent() {
        ObjectNode decision = json(TestEvents.riskDecisionApproved());
        decision.remove("intent");
        assertNames(decodeFails(decision.toString(), RiskDecisionMade.class), "intent", "intent");
        decision.putNull("intent");
        assertNames(decodeFails(decision.toString(), Event.class), "intent", "intent");
    }

    @Test
    void featuresWithoutTheirCandle() {
        ObjectNode features = json(TestEvents.features());
        features.putNull("causationId");
        assertNames(decodeFails(features.toString(), FeaturesComputed.class), "causationId", "causationId");
    }

    @Test
    void deniedDecisionWithoutReason() {
        ObjectNode decision = json(TestEvents.riskDecisionDenied());
        decision.putNull("reason");
        assertNames(decodeFails(decision.toString(), RiskDecisionMade.class), "reason", "reason");
    }

    @Test
    void intentWithoutQuantity() {
        ObjectNode decision = json(TestEvents.riskDecisionApproved());
        ((ObjectNode) decision.get("intent")).remove("quantity");
        EventDecodingException e = decodeFails(decision.toString(), Event.class);
        assertThat(e.field()).isEqualTo("intent.quantity");
        assertThat(e.getMessage()).contains("'quantity'");
    }

    @Test
    void intentWithANegativeQuantityOrAnUnknownSide() {
        ObjectNode decision = json(TestEvents.riskDecisionApproved());
        ((ObjectNode) decision.get("intent")).put("quantity", -0.1124);
        EventDecodingException negative = decodeFails(decision.toString(), RiskDecisionMade.class);
        assertThat(negative.field()).isEqualTo("intent.quantity");
        assertThat(negative.getMessage()).contains("'quantity' must be positive");

        decision = json(TestEvents.riskDecisionApproved());
        ((ObjectNode) decision.get("intent")).put("side", "HOLD");
        EventDecodingException side = decodeFails(decision.toString(), RiskDecisionMade.class);
        assertThat(side.field()).isEqualTo("intent.side");
        assertThat(side.getMessage()).contains("'intent.side'").contains("HOLD");
    }

    @Test
    void aFieldInsideAListIsNamedWithItsIndex() {
        ObjectNode decision = json(TestEvents.riskDecisionApproved());
        ((ObjectNode) decision.withArray("checks").get(2)).remove("name");
        EventDecodingException missing = decodeFails(decision.toString(), RiskDecisionMade.class);
        assertThat(missing.field()).isEqualTo("checks[2].name");
        assertThat(missing.getMessage()).contains("'name'");

        decision = json(TestEvents.riskDecisionApproved());
        ((ObjectNode) decision.withArray("checks").get(1)).put("passed", "maybe");
        EventDecodingException wrong = decodeFails(decision.toString(), RiskDecisionMade.class);
        assertThat(wrong.field()).isEqualTo("checks[1].passed");
        assertThat(wrong.getMessage()).contains("'checks[1].passed'");
    }

    @Test
    void featureRulesBetweenFieldsNameAField() {
        ObjectNode features = json(TestEvents.features());
        ((ArrayNode) features.get("values")).remove(0);
        EventDecodingException length = decodeFails(features.toString(), FeaturesComputed.class);
        assertThat(length.field()).isEqualTo("names");
        assertThat(length.getMessage()).contains("'names'").contains("'values'");

        ObjectNode warming = json(TestEvents.featuresWarmingUp());
        warming.put("warm", true);
        EventDecodingException warm = decodeFails(warming.toString(), FeaturesComputed.class);
        assertThat(warm.field()).isEqualTo("warm");
        assertThat(warm.getMessage()).contains("'warm'");
    }

    @Test
    void missingOrNullType() {
        ObjectNode candle = json(TestEvents.candle());
        candle.remove("type");
        assertNames(decodeFails(candle.toString(), Event.class), "type", "type");
        assertNames(decodeFails(candle.toString(), CandleClosed.class), "type", "type");
        candle.putNull("type");
        assertNames(decodeFails(candle.toString(), Event.class), "type", "type");
    }

    @Test
    void unknownType() {
        ObjectNode candle = json(TestEvents.candle());
        candle.put("type", "CandleOpened");
        EventDecodingException e = decodeFails(candle.toString(), Event.class);
        assertNames(e, "type", "type");
        assertThat(e.getMessage()).contains("CandleOpened");
    }

    @Test
    void aKnownTypeThatIsNotTheExpectedOne() {
        String candle = EventCodec.encode(TestEvents.candle());
        EventDecodingException e = decodeFails(candle, OrderEvent.class);
        assertNames(e, "type", "type");
        assertThat(e.getMessage()).contains("CandleClosed").contains("invalid OrderEvent");
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"", " ", "\n\t"})
    void emptyPayload(String payload) {
        EventDecodingException e = decodeFails(payload, Event.class);
        assertThat(e.field()).isNull();
        assertThat(e.getMessage()).contains("empty payload");
        assertThat(catchThrowableOfType(EventDecodingException.class,
                () -> EventCodec.decode((byte[]) null, Event.class)).getMessage()).contains("empty payload");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"hello", "null", "42", "\"CandleClosed\"", "true", "[]", "[{\"type\":\"CandleClosed\"}]"})
    void notAJsonObject(String payload) {
        EventDecodingException e = decodeFails(payload, Event.class);
        assertThat(e.field()).isNull();
        assertThat(e.getMessage()).contains("not a JSON object");
    }

    @Test
    void truncatedOrSyntacticallyBrokenJson() {
        String candle = EventCodec.encode(TestEvents.candle());
        EventDecodingException truncated = decodeFails(candle.substring(0, candle.length() / 2), CandleClosed.class);
        assertThat(truncated.getMessage()).startsWith("invalid CandleClosed");

        EventDecodingException garbage = decodeFails("{\"type\":\"CandleClosed\",,}", CandleClosed.class);
        assertThat(garbage.field()).isNull();
        assertThat(garbage.getMessage()).contains("not JSON");
    }

    @Test
    void theCauseIsKeptForLogs() {
        ObjectNode candle = json(TestEvents.candle());
        candle.put("open", "abc");
        assertThat(decodeFails(candle.toString(), CandleClosed.class).getCause()).isNotNull();
    }
}
