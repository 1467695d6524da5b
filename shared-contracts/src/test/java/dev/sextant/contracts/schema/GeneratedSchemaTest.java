package dev.sextant.contracts.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import dev.sextant.contracts.EventTypes;
import dev.sextant.contracts.TestEvents;
import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.event.Event;
import dev.sextant.contracts.event.FeaturesComputed;
import dev.sextant.contracts.event.OrderSubmitted;
import dev.sextant.contracts.event.RiskDecisionMade;
import dev.sextant.contracts.json.EventCodec;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the generated schemas say about the JSON form: one test per mapping rule. */
class GeneratedSchemaTest {
    private final ObjectNode candle = EventSchemas.generate(CandleClosed.class);

    private JsonNode property(ObjectNode schema, String name) {
        return schema.get("properties").get(name);
    }

    @Test
    void isDraft2020_12() {
        assertThat(candle.get("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
    }

    @Test
    void typeIsAConstOfTheRegisteredNameAndRequired() {
        assertThat(property(candle, "type").get("const").asText()).isEqualTo("CandleClosed");
        assertThat(candle.get("required").get(0).asText()).isEqualTo("type");
    }

    @Test
    void schemaVersionIsAConstOfTheCurrentVersion() {
        assertThat(property(candle, "schemaVersion").get("type").asText()).isEqualTo("integer");
        assertThat(property(candle, "schemaVersion").get("const").asInt()).isEqualTo(CandleClosed.SCHEMA_VERSION);
    }

    @Test
    void bigDecimalsAreNumbersInstantsAreDateTimesIdsAreStringsEnumsAreTheirJsonValues() {
        assertThat(property(candle, "close").get("type").asText()).isEqualTo("number");
        assertThat(property(candle, "openTime").get("type").asText()).isEqualTo("string");
        assertThat(property(candle, "openTime").get("format").asText()).isEqualTo("date-time");
        assertThat(property(candle, "eventId").get("type").asText()).isEqualTo("string");
        assertThat(property(candle, "symbol").get("type").asText()).isEqualTo("string");
        assertThat(property(candle, "tradeCount").get("type").asText()).isEqualTo("integer");
        assertThat(property(candle, "interval").get("enum"))
                .extracting(JsonNode::asText)
                .containsExactly("1m", "5m", "15m", "1h", "4h", "1d");
    }

    @Test
    void optionalFieldsAreNullableAndNotRequired() {
        assertThat(property(candle, "causationId").get("type"))
                .extracting(JsonNode::asText)
                .containsExactlyInAnyOrder("string", "null");
        assertThat(candle.get("required")).extracting(JsonNode::asText).doesNotContain("causationId");
        ObjectNode submitted = EventSchemas.generate(OrderSubmitted.class);
        assertThat(submitted.get("required")).extracting(JsonNode::asText)
                .contains("quantity", "causationId")
                .doesNotContain("limitPrice", "stopLoss", "takeProfit");
    }

    @Test
    void requiredListsEveryNonNullableComponentInRecordOrder() {
        for (Class<? extends Event> type : EventTypes.concrete()) {
            ObjectNode schema = EventSchemas.generate(type);
            List<String> expected = new ArrayList<>(List.of("type"));
            Arrays.stream(type.getRecordComponents())
                    .map(RecordComponent::getName)
                    .filter(name -> !EventSchemas.isOptional(type, name))
                    .forEach(expected::add);
            assertThat(schema.get("required")).as(type.getSimpleName())
                    .extracting(JsonNode::asText)
                    .containsExactlyElementsOf(expected);
            List<String> properties = new ArrayList<>();
            schema.get("properties").fieldNames().forEachRemaining(properties::add);
            List<String> components = new ArrayList<>(List.of("type"));
            Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).forEach(components::add);
            assertThat(properties).as(type.getSimpleName()).containsExactlyElementsOf(components);
        }
    }

    @Test
    void additionalPropertiesAreAllowedForForwardCompatibility() {
        for (Class<? extends Event> type : EventTypes.concrete()) {
            assertThat(EventSchemas.generate(type).has("additionalProperties")).as(type.getSimpleName()).isFalse();
        }
        ObjectNode payload = (ObjectNode) EventSchemas.readTree(EventCodec.encode(TestEvents.candle()));
        payload.put("vwap", 67541.37);
        JsonSchema schema = EventSchemas.compile(candle);
        assertThat(EventSchemas.errors(schema, payload.toString())).isEmpty();
    }

    @Test
    void schemaRejectsWrongTypesFormatsAndEnumValues() {
        JsonSchema schema = EventSchemas.compile(candle);
        String json = EventCodec.encode(TestEvents.candle());
        assertThat(EventSchemas.errors(schema, json)).isEmpty();
        assertThat(EventSchemas.errors(schema, json.replace("\"close\":67650.00", "\"close\":\"67650.00\"")))
                .anyMatch(m -> m.contains("close"));
        assertThat(EventSchemas.errors(schema, json.replace("\"interval\":\"1h\"", "\"interval\":\"7h\"")))
                .anyMatch(m -> m.contains("interval"));
        assertThat(EventSchemas.errors(schema, json.replace("\"openTime\":\"2024-04-05T12:00:00Z\"",
                "\"openTime\":\"yesterday\""))).anyMatch(m -> m.contains("openTime"));
        assertThat(EventSchemas.errors(schema, json.replace("\"type\":\"CandleClosed\"", "\"type\":\"OrderFilled\"")))
                .anyMatch(m -> m.contains("type"));
        assertThat(EventSchemas.errors(schema, json.replace("\"schemaVersion\":1", "\"schemaVersion\":2")))
                .anyMatch(m -> m.contains("schemaVersion"));
    }

    @Test
    void conditionalRulesFollowTheConstructors() {
        JsonSchema decision = EventSchemas.compile(EventSchemas.generate(RiskDecisionMade.class));
        String approved = EventCodec.encode(TestEvents.riskDecisionApproved());
        assertThat(EventSchemas.errors(decision, approved)).isEmpty();
        String withoutIntent = approved.replaceFirst("\"intent\":\\{[^}]*}", "\"intent\":null");
        assertThat(withoutIntent).contains("\"intent\":null");
        assertThat(EventSchemas.errors(decision, withoutIntent)).anyMatch(m -> m.contains("intent"));
        assertThat(EventSchemas.errors(decision, EventCodec.encode(TestEvents.riskDecisionDeniedUnsized()))).isEmpty();

        JsonSchema features = EventSchemas.compile(EventSchemas.generate(FeaturesComputed.class));
        assertThat(EventSchemas.errors(features, EventCodec.encode(TestEvents.featuresWarmingUp()))).isEmpty();
        String warmWithHoles = EventCodec.encode(TestEvents.featuresWarmingUp()).replace("\"warm\":false", "\"warm\":true");
        assertThat(EventSchemas.errors(features, warmWithHoles)).isNotEmpty();
    }
}
