package dev.sextant.contracts.json;

import static dev.sextant.contracts.TestEvents.bd;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sextant.contracts.EventTypes;
import dev.sextant.contracts.TestEvents;
import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.event.ControlEvent;
import dev.sextant.contracts.event.Event;
import dev.sextant.contracts.event.FillExecuted;
import dev.sextant.contracts.event.SettingsUpdateRequested;
import dev.sextant.contracts.schema.EventSchemas;
import dev.sextant.contracts.topic.TopicSpec;
import dev.sextant.contracts.topic.Topics;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every event (every {@link TestEvents#variants() variant}) survives the trip to JSON and back
 * unchanged, whichever type it is read as, through the codec (the Kafka serdes: contracts-kafka's KafkaSerdesTest), and
 * its JSON validates against the committed schema.
 */
class RoundTripTest {
    static Stream<Event> events() {
        return TestEvents.variants().stream();
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("events")
    void decodesBackEqualAsItsOwnClass(Event event) {
        String json = EventCodec.encode(event);
        assertThat(EventCodec.decode(json, event.getClass())).isEqualTo(event);
        assertThat(EventCodec.decode(json.getBytes(StandardCharsets.UTF_8), event.getClass())).isEqualTo(event);
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("events")
    void decodesBackEqualAsEventAndAsItsTopicsPayloadType(Event event) {
        String json = EventCodec.encode(event);
        Event asEvent = EventCodec.decode(json, Event.class);
        assertThat(asEvent).isEqualTo(event).hasSameClassAs(event);
        Class<? extends Event> payload = EventTypes.topicOf(event.getClass()).payload();
        assertThat(EventCodec.decode(json, payload)).isEqualTo(event).isInstanceOf(payload);
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("events")
    void validatesAgainstItsCommittedSchema(Event event) {
        String json = EventCodec.encode(event);
        assertThat(EventSchemas.errors(EventSchemas.committed(event.getClass()), json)).isEmpty();
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("events")
    void writesTypeFirstAndEveryComponentEvenWhenNull(Event event) {
        JsonNode json = EventSchemas.readTree(EventCodec.encode(event));
        List<String> names = new java.util.ArrayList<>();
        json.fieldNames().forEachRemaining(names::add);
        List<String> expected = new java.util.ArrayList<>(List.of("type"));
        for (var component : event.getClass().getRecordComponents()) {
            expected.add(component.getName());
        }
        assertThat(names).containsExactlyElementsOf(expected);
        assertThat(json.get("type").asText()).isEqualTo(EventTypes.typeName(event.getClass()));
    }

    @Test
    void bigDecimalScaleSurvives() throws Exception {
        CandleClosed candle = TestEvents.candle();
        String json = EventCodec.encode(candle);
        assertThat(json).contains("\"close\":67650.00,").contains("\"volume\":1133.66513000,");
        CandleClosed back = EventCodec.decode(json, CandleClosed.class);
        assertThat(back.close()).isEqualTo(bd("67650.00"));
        assertThat(back.close().scale()).isEqualTo(2);
        assertThat(back.volume().scale()).isEqualTo(8);
        // Also when the type is read last (Jackson buffers the payload) and when read as Event.
        String typeLast = "{" + json.substring(json.indexOf(',') + 1, json.length() - 1) + ",\"type\":\"CandleClosed\"}";
        assertThat(((CandleClosed) EventCodec.decode(typeLast, Event.class)).close().scale()).isEqualTo(2);
        // And in Jackson's tree model (e.g. a gateway forwarding a payload).
        assertThat(Json.mapper().readTree(json).get("close").decimalValue()).isEqualTo(bd("67650.00"));

        FillExecuted fill = TestEvents.fillEntry();
        FillExecuted fillBack = EventCodec.decode(EventCodec.encode(fill), FillExecuted.class);
        assertThat(fillBack.fee()).isEqualTo(bd("7.6041"));
        assertThat(fillBack.quantity().toPlainString()).isEqualTo("0.1124");
    }

    @Test
    void extremeBigDecimalsRoundTripExactly() {
        CandleClosed base = TestEvents.candle();
        for (String value : List.of("0.00000001", "1E-8", "6.765E+4", "0", "0.00",
                // the largest amount with the most decimal places EventBounds allows
                "999999999999999.9999999999999999999999999999999999999999")) {
            CandleClosed candle = new CandleClosed(base.eventId(), base.tsEvent(), base.tsInit(), null, 1,
                    base.exchange(), base.symbol(), base.interval(), base.openTime(), base.closeTime(), base.open(),
                    base.high(), base.low(), base.close(), new BigDecimal(value), base.quoteVolume(), base.tradeCount());
            CandleClosed back = EventCodec.decode(EventCodec.encode(candle), CandleClosed.class);
            assertThat(back.volume()).as(value).isEqualTo(new BigDecimal(value));
            assertThat(back.volume().scale()).as(value).isEqualTo(new BigDecimal(value).scale());
        }
    }

    @Test
    void instantsAreIso8601UtcWithMillisecondsWhenNeeded() {
        String json = EventCodec.encode(TestEvents.candle());
        assertThat(json).contains("\"openTime\":\"2024-04-05T12:00:00Z\"")
                .contains("\"closeTime\":\"2024-04-05T12:59:59.999Z\"");
    }

    @Test
    void encodingIsDeterministicEvenForMaps() {
        SettingsUpdateRequested a = TestEvents.settingsUpdateRequested();
        Map<String, String> reversed = new LinkedHashMap<>();
        List<String> keys = new java.util.ArrayList<>(a.settings().keySet());
        java.util.Collections.reverse(keys);
        keys.forEach(k -> reversed.put(k, a.settings().get(k)));
        SettingsUpdateRequested b = new SettingsUpdateRequested(a.eventId(), a.tsEvent(), a.tsInit(), a.causationId(),
                a.schemaVersion(), a.symbol(), a.requestedBy(), a.service(), reversed);
        assertThat(EventCodec.encode(b)).isEqualTo(EventCodec.encode(a));
        String json = EventCodec.encode(a);
        assertThat(json.indexOf("risk.min-confidence")).isLessThan(json.indexOf("risk.per-trade-pct"));
        for (Event event : TestEvents.variants()) {
            assertThat(EventCodec.encode(event)).isEqualTo(EventCodec.encode(event));
        }
    }

    @Test
    void unknownFieldsFromANewerProducerAreIgnored() {
        String json = EventCodec.encode(TestEvents.riskDecisionApproved());
        String newer = json.replace("\"approved\":true,", "\"approved\":true,\"portfolioHeat\":0.02,\"tags\":[\"a\"],")
                .replace("\"riskAmount\":200.07", "\"riskAmount\":200.07,\"leverage\":1");
        assertThat(newer).contains("portfolioHeat").contains("leverage");
        assertThat(EventCodec.decode(newer, Event.class)).isEqualTo(TestEvents.riskDecisionApproved());
    }

    @Test
    void kafkaKeyIsTheSymbolOrAllSymbols() {
        assertThat(TestEvents.candle().key()).isEqualTo("BTCUSDT");
        assertThat(TestEvents.orderFilled().key()).isEqualTo("BTCUSDT");
        assertThat(TestEvents.pauseRequested().key()).isEqualTo("BTCUSDT");
        assertThat(TestEvents.startRequested().key()).isEqualTo(ControlEvent.ALL_SYMBOLS);
        for (Event event : TestEvents.variants()) {
            assertThat(event.key()).as(event.getClass().getSimpleName()).isNotBlank();
        }
    }
}
