package dev.sextant.contracts.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import dev.sextant.contracts.TestEvents;
import dev.sextant.contracts.event.Event;
import dev.sextant.contracts.json.EventCodec;
import dev.sextant.contracts.json.EventDecodingException;
import dev.sextant.contracts.json.Json;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Proves that the schemas' {@code required}, nullability and conditional rules (the hand-kept
 * tables of {@link EventSchemas}) say exactly what the records' constructors enforce: for every
 * {@link TestEvents#variants() TestEvents variant}, each field at any depth is set to null and,
 * for object properties, removed; the decoder must reject the payload exactly when the schema does.
 * A new {@code Require.field} without a schema change (or the reverse) fails here.
 */
class SchemaConstructorAgreementTest {

    static Stream<Event> variants() {
        return TestEvents.variants().stream();
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("variants")
    void decoderAndSchemaRejectTheSameMissingAndNullFields(Event event) {
        Class<? extends Event> type = event.getClass();
        JsonSchema schema = EventSchemas.compile(EventSchemas.generate(type));
        ObjectNode payload = (ObjectNode) EventSchemas.readTree(EventCodec.encode(event));
        assertThat(EventSchemas.errors(schema, payload.toString())).as("the unmodified payload").isEmpty();

        List<List<Object>> paths = new ArrayList<>();
        collectPaths(payload, new ArrayList<>(), paths);
        List<String> tried = new ArrayList<>();
        List<String> disagreements = new ArrayList<>();
        for (List<Object> path : paths) {
            for (boolean remove : new boolean[] {false, true}) {
                ObjectNode mutated = mutate(payload, path, remove);
                if (mutated == null) {
                    continue;
                }
                String label = render(path) + (remove ? " removed" : " = null");
                tried.add(label);
                boolean decoderRejects = decoderRejects(mutated.toString(), type);
                List<String> schemaErrors = EventSchemas.errors(schema, mutated);
                if (decoderRejects == schemaErrors.isEmpty()) {
                    disagreements.add(label + ": decoder " + (decoderRejects ? "rejects" : "accepts")
                            + ", schema " + (schemaErrors.isEmpty() ? "accepts" : "rejects " + schemaErrors));
                }
            }
        }
        List<String> topLevelRemovals = new ArrayList<>();
        payload.fieldNames().forEachRemaining(name -> topLevelRemovals.add(name + " removed"));
        assertThat(tried).containsAll(topLevelRemovals);
        assertThat(disagreements).isEmpty();
    }

    /** Every path (object property names and array indexes) below {@code node}. */
    private static void collectPaths(JsonNode node, List<Object> prefix, List<List<Object>> paths) {
        if (node.isObject()) {
            node.fieldNames().forEachRemaining(name -> {
                List<Object> path = append(prefix, name);
                paths.add(path);
                collectPaths(node.get(name), path, paths);
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                List<Object> path = append(prefix, i);
                paths.add(path);
                collectPaths(node.get(i), path, paths);
            }
        }
    }

    private static List<Object> append(List<Object> prefix, Object step) {
        List<Object> path = new ArrayList<>(prefix);
        path.add(step);
        return path;
    }

    /**
     * A copy of {@code root} with the value at {@code path} set to null or, for an object property,
     * removed; null when that changes nothing (already null) or does not apply (removing an array item
     * would shift the others, so array items are only nulled).
     */
    private static ObjectNode mutate(ObjectNode root, List<Object> path, boolean remove) {
        ObjectNode copy = root.deepCopy();
        JsonNode parent = copy;
        for (Object step : path.subList(0, path.size() - 1)) {
            parent = step instanceof Integer i ? parent.get(i) : parent.get((String) step);
        }
        Object last = path.get(path.size() - 1);
        if (last instanceof Integer index) {
            if (remove || parent.get(index).isNull()) {
                return null;
            }
            ((ArrayNode) parent).set(index, (JsonNode) null);
        } else if (remove) {
            ((ObjectNode) parent).remove((String) last);
        } else {
            if (parent.get((String) last).isNull()) {
                return null;
            }
            ((ObjectNode) parent).putNull((String) last);
        }
        return copy;
    }

    private static String render(List<Object> path) {
        StringBuilder text = new StringBuilder();
        for (Object step : path) {
            if (step instanceof Integer i) {
                text.append('[').append(i).append(']');
            } else {
                text.append(text.isEmpty() ? "" : ".").append(step);
            }
        }
        return text.toString();
    }

    private static boolean decoderRejects(String json, Class<? extends Event> type) {
        try {
            EventCodec.decode(json, type);
            return false;
        } catch (EventDecodingException e) {
            return true;
        }
    }

    @Test
    void theOptionalFieldTableNamesOnlyRealRecordComponents() {
        for (Map.Entry<Class<?>, Set<String>> entry : EventSchemas.OPTIONAL.entrySet()) {
            Set<String> components = Arrays.stream(entry.getKey().getRecordComponents())
                    .map(RecordComponent::getName)
                    .collect(Collectors.toSet());
            assertThat(components).as(entry.getKey().getSimpleName()).containsAll(entry.getValue());
        }
    }

    @Test
    void theConditionalRulesNameOnlyOptionalComponents() {
        for (EventSchemas.Condition c : EventSchemas.CONDITIONS) {
            assertThat(EventSchemas.isOptional(c.event(), c.field()) || c.items())
                    .as("%s.%s is conditionally required, so it must be optional", c.event().getSimpleName(), c.field())
                    .isTrue();
            assertThat(Arrays.stream(c.event().getRecordComponents()).map(RecordComponent::getName))
                    .contains(c.whenField(), c.field());
        }
    }

    @Test
    void variantsTakeBothBranchesOfEveryConditionalRule() {
        for (EventSchemas.Condition c : EventSchemas.CONDITIONS) {
            List<JsonNode> payloads = TestEvents.variants().stream()
                    .filter(e -> e.getClass() == c.event())
                    .map(e -> EventSchemas.readTree(EventCodec.encode(e)))
                    .toList();
            Set<JsonNode> whenValues = c.whenValues().stream()
                    .map(v -> (JsonNode) Json.mapper().valueToTree(v))
                    .collect(Collectors.toSet());
            assertThat(payloads).as("%s variants where %s is one of %s", c.event().getSimpleName(), c.whenField(),
                            c.whenValues())
                    .anyMatch(p -> whenValues.contains(p.get(c.whenField())));
            assertThat(payloads).as("%s variants where %s is not one of %s", c.event().getSimpleName(), c.whenField(),
                            c.whenValues())
                    .anyMatch(p -> !whenValues.contains(p.get(c.whenField())));
        }
    }
}
