package dev.sextant.contracts.schema;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.victools.jsonschema.generator.CustomDefinition;
import com.github.victools.jsonschema.generator.FieldScope;
import com.github.victools.jsonschema.generator.MemberScope;
import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;
import com.github.victools.jsonschema.module.jackson.JacksonModule;
import com.github.victools.jsonschema.module.jackson.JacksonOption;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.sextant.contracts.EventTypes;
import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.event.CandleSettled;
import dev.sextant.contracts.event.Event;
import dev.sextant.contracts.event.FeaturesComputed;
import dev.sextant.contracts.event.FillExecuted;
import dev.sextant.contracts.event.MarketTradeExecuted;
import dev.sextant.contracts.event.OrderBookSnapshotTaken;
import dev.sextant.contracts.event.OrderPurpose;
import dev.sextant.contracts.event.OrderSubmitted;
import dev.sextant.contracts.event.OrderType;
import dev.sextant.contracts.event.PauseRequested;
import dev.sextant.contracts.event.PositionChanged;
import dev.sextant.contracts.event.PositionSide;
import dev.sextant.contracts.event.PositionCloseRequested;
import dev.sextant.contracts.event.ResumeRequested;
import dev.sextant.contracts.event.RetrainRequested;
import dev.sextant.contracts.event.RiskCheck;
import dev.sextant.contracts.event.RiskDecisionMade;
import dev.sextant.contracts.event.SettingsUpdateRequested;
import dev.sextant.contracts.event.StartRequested;
import dev.sextant.contracts.event.StopRequested;
import dev.sextant.contracts.event.StrategySwitchRequested;
import dev.sextant.contracts.event.TradingStateChanged;
import dev.sextant.contracts.id.ClientOrderId;
import dev.sextant.contracts.id.EventId;
import dev.sextant.contracts.id.ModelId;
import dev.sextant.contracts.id.Symbol;
import dev.sextant.contracts.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Generates each event's JSON Schema (draft 2020-12) from its record, and loads the committed ones.
 *
 * <p>The generator (victools jsonschema-generator + its Jackson module) reads the records'
 * components; this class adds what a record's types cannot say:
 * <ul>
 *   <li>{@code "type"}: a {@code const} of the event's registered type name, required; and
 *       {@code "schemaVersion"}: a {@code const} of the version the schema describes.
 *   <li>{@link #OPTIONAL}: the components a producer may leave null. Every other component is
 *       {@code required} and non-null: the constructors call {@code Require.*} on them, and
 *       primitives cannot be null. {@code SchemaConstructorAgreementTest} proves this table right by
 *       nulling and removing every field of every {@code TestEvents} variant and checking that the
 *       decoder and the schema reject exactly the same payloads.
 *   <li>{@link #CONDITIONS}: optional components the constructor requires in some cases (an approved
 *       decision's {@code intent}, a limit order's {@code limitPrice}, ...), as {@code if}/{@code then}.
 * </ul>
 * BigDecimals are {@code number}, Instants {@code string}/{@code date-time}, typed ids {@code string},
 * enums their JSON values; additional properties are allowed (a newer producer may add optional fields).
 */
public final class EventSchemas {
    /** System property that makes {@code SchemaFilesTest} rewrite the committed schemas. */
    public static final String WRITE_PROPERTY = "sextant.schemas.write";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = Json.mapper();
    private static final ObjectWriter CANONICAL = MAPPER.writer(new DefaultPrettyPrinter()
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n"))
            .withSeparators(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)));

    private static final Set<String> CONTROL_OPTIONAL = Set.of("causationId", "symbol");

    /**
     * Components that may be null, per record. Conditionally required ones are listed here and
     * constrained in {@link #CONDITIONS}.
     */
    static final Map<Class<?>, Set<String>> OPTIONAL = Map.ofEntries(
            Map.entry(CandleClosed.class, Set.of("causationId")),
            Map.entry(MarketTradeExecuted.class, Set.of("causationId")),
            Map.entry(OrderBookSnapshotTaken.class, Set.of("causationId")),
            Map.entry(RiskDecisionMade.class, Set.of("intent", "reason")),
            Map.entry(RiskCheck.class, Set.of("value", "threshold", "upperThreshold", "detail")),
            Map.entry(OrderSubmitted.class, Set.of("limitPrice", "stopLoss", "takeProfit")),
            Map.entry(FillExecuted.class, Set.of("realizedPnl")),
            Map.entry(PositionChanged.class,
                    Set.of("causationId", "averageEntryPrice", "stopLoss", "takeProfit", "closedAt")),
            Map.entry(CandleSettled.class, Set.of("causationId", "lastDecisionId")),
            Map.entry(StartRequested.class, CONTROL_OPTIONAL),
            Map.entry(StopRequested.class, CONTROL_OPTIONAL),
            Map.entry(PauseRequested.class, CONTROL_OPTIONAL),
            Map.entry(ResumeRequested.class, CONTROL_OPTIONAL),
            Map.entry(SettingsUpdateRequested.class, CONTROL_OPTIONAL),
            Map.entry(StrategySwitchRequested.class, CONTROL_OPTIONAL),
            Map.entry(PositionCloseRequested.class, Set.of("causationId")),
            Map.entry(RetrainRequested.class, CONTROL_OPTIONAL),
            Map.entry(TradingStateChanged.class, CONTROL_OPTIONAL));

    /**
     * A rule "when {@code whenField} is one of {@code whenValues}, {@code field} must be present and
     * non-null" (or, for an {@code items} rule, every item of the array {@code field} must be non-null).
     */
    record Condition(Class<? extends Event> event, String whenField, List<Object> whenValues, String field,
                     boolean items) {}

    /** The constructors' conditional requirements. */
    static final List<Condition> CONDITIONS = List.of(
            new Condition(RiskDecisionMade.class, "approved", List.of(true), "intent", false),
            new Condition(RiskDecisionMade.class, "approved", List.of(false), "reason", false),
            new Condition(OrderSubmitted.class, "orderType", List.of(OrderType.LIMIT.name()), "limitPrice", false),
            new Condition(FillExecuted.class, "purpose", Arrays.stream(OrderPurpose.values())
                    .filter(OrderPurpose::isExit).map(Enum::name).collect(Collectors.toList()), "realizedPnl", false),
            new Condition(PositionChanged.class, "side", Arrays.stream(PositionSide.values())
                    .filter(s -> s != PositionSide.FLAT).map(Enum::name).collect(Collectors.toList()),
                    "averageEntryPrice", false),
            new Condition(FeaturesComputed.class, "warm", List.of(true), "values", true));

    /** Array items that may be null: a feature value is null while its indicator warms up. */
    private static final Map<Class<?>, Set<String>> NULLABLE_ITEMS = Map.of(FeaturesComputed.class, Set.of("values"));

    private static final Set<Class<?>> STRING_IDS = Set.of(EventId.class, ClientOrderId.class, ModelId.class, Symbol.class);

    private EventSchemas() {}

    // ---------------------------------------------------------------- generation

    /** True when the component {@code name} of record {@code type} may be null. */
    public static boolean isOptional(Class<?> type, String name) {
        return OPTIONAL.getOrDefault(type, Set.of()).contains(name);
    }

    /** The generated schema of an event type at its current version. */
    public static ObjectNode generate(Class<? extends Event> type) {
        ObjectNode generated = generator().generateSchema(type);
        String typeName = EventTypes.typeName(type);
        int version = EventTypes.schemaVersion(type);

        ObjectNode schema = NODES.objectNode();
        schema.set("$schema", generated.get("$schema"));
        schema.put("$comment", "Generated from " + type.getName() + " by SchemaFilesTest: do not edit. "
                + "Regenerate with -D" + WRITE_PROPERTY + "=true.");
        schema.put("title", typeName + " v" + version);
        schema.put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        properties.putObject("type").put("const", typeName);
        properties.setAll((ObjectNode) generated.get("properties"));
        ((ObjectNode) properties.get("schemaVersion")).put("const", version);
        ArrayNode required = schema.putArray("required").add("type");
        generated.withArray("required").forEach(required::add);
        List<Condition> conditions = CONDITIONS.stream().filter(c -> c.event() == type).toList();
        if (!conditions.isEmpty()) {
            ArrayNode allOf = schema.putArray("allOf");
            conditions.forEach(c -> allOf.add(conditionSchema(c)));
        }
        for (String key : List.of("$schema", "type", "properties", "required")) {
            generated.remove(key);
        }
        if (!generated.isEmpty()) {
            throw new IllegalStateException("unexpected keywords in the generated schema of " + typeName + ": " + generated);
        }
        return schema;
    }

    private static ObjectNode conditionSchema(Condition c) {
        ObjectNode rule = NODES.objectNode();
        ObjectNode when = rule.putObject("if");
        ObjectNode whenField = when.putObject("properties").putObject(c.whenField());
        if (c.whenValues().size() == 1) {
            whenField.set("const", MAPPER.valueToTree(c.whenValues().get(0)));
        } else {
            whenField.set("enum", MAPPER.valueToTree(c.whenValues()));
        }
        when.putArray("required").add(c.whenField());
        ObjectNode then = rule.putObject("then");
        ObjectNode field = then.putObject("properties").putObject(c.field());
        if (c.items()) {
            field.putObject("items").putObject("not").put("type", "null");
        } else {
            field.putObject("not").put("type", "null");
        }
        then.putArray("required").add(c.field());
        return rule;
    }

    private static volatile SchemaGenerator generator;

    private static SchemaGenerator generator() {
        if (generator == null) {
            SchemaGeneratorConfigBuilder config = new SchemaGeneratorConfigBuilder(
                    MAPPER, SchemaVersion.DRAFT_2020_12, OptionPreset.PLAIN_JSON)
                    .with(new JacksonModule(JacksonOption.FLATTENED_ENUMS_FROM_JSONVALUE,
                            JacksonOption.IGNORE_TYPE_INFO_TRANSFORM))
                    .with(Option.INLINE_ALL_SCHEMAS, Option.NULLABLE_ARRAY_ITEMS_ALLOWED,
                            Option.MAP_VALUES_AS_ADDITIONAL_PROPERTIES);
            config.forTypesInGeneral()
                    .withCustomDefinitionProvider((javaType, context) -> STRING_IDS.contains(javaType.getErasedType())
                            ? new CustomDefinition(NODES.objectNode().put("type", "string"),
                                    CustomDefinition.DefinitionType.INLINE, CustomDefinition.AttributeInclusion.NO)
                            : null)
                    .withPropertySorter(Comparator.comparingInt(EventSchemas::componentIndex));
            config.forFields()
                    .withRequiredCheck(field -> !field.isFakeContainerItemScope()
                            && !isOptional(declaringType(field), field.getDeclaredName()))
                    .withNullableCheck(field -> field.isFakeContainerItemScope()
                            ? NULLABLE_ITEMS.getOrDefault(declaringType(field), Set.of()).contains(field.getDeclaredName())
                            : isOptional(declaringType(field), field.getDeclaredName()));
            generator = new SchemaGenerator(config.build());
        }
        return generator;
    }

    private static Class<?> declaringType(FieldScope field) {
        return field.getDeclaringType().getErasedType();
    }

    /** Properties in record-component order, so a schema reads like its record. */
    private static int componentIndex(MemberScope<?, ?> member) {
        Class<?> owner = member.getDeclaringType().getErasedType();
        RecordComponent[] components = owner.getRecordComponents();
        if (components != null) {
            for (int i = 0; i < components.length; i++) {
                if (components[i].getName().equals(member.getDeclaredName())) {
                    return i;
                }
            }
        }
        throw new IllegalStateException("schema property " + member.getDeclaredName() + " of " + owner.getSimpleName()
                + " is not a record component; events and their parts must be records");
    }

    // ---------------------------------------------------------------- files

    /** {@code <EventType>.v<version>.schema.json}. */
    public static String fileName(String typeName, int version) {
        return typeName + ".v" + version + ".schema.json";
    }

    /** The module's directory (Maven runs tests there and says so in {@code basedir}). */
    public static Path moduleDir() {
        return Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
    }

    /** Where the committed schemas live: {@code src/main/resources/schemas}. */
    public static Path schemasDir() {
        return moduleDir().resolve("src/main/resources/schemas");
    }

    public static Path schemaFile(String typeName, int version) {
        return schemasDir().resolve(fileName(typeName, version));
    }

    /** Every committed schema file's name. */
    public static List<String> committedFileNames() {
        try (Stream<Path> files = Files.list(schemasDir())) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The canonical text of a JSON document: two-space indent, LF, one trailing newline. */
    public static String canonical(JsonNode node) {
        try {
            return CANONICAL.writeValueAsString(node) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The canonical text of JSON text: parsed and printed again, so whitespace and line endings do not matter. */
    public static String canonical(String json) {
        return canonical(readTree(json));
    }

    public static JsonNode readTree(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------- validation

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final SchemaValidatorsConfig VALIDATION = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true)
            .build();
    private static final Map<Path, JsonSchema> COMMITTED = new ConcurrentHashMap<>();
    private static volatile boolean written;

    /**
     * With {@code -Dsextant.schemas.write=true} (once per run): writes the schema of every event type
     * at its current version where the committed file is missing or differs. Past versions are
     * never touched.
     */
    public static synchronized void writeCurrentSchemasIfAsked() {
        if (written || !Boolean.getBoolean(WRITE_PROPERTY)) {
            return;
        }
        try {
            Files.createDirectories(schemasDir());
            for (Class<? extends Event> type : EventTypes.concrete()) {
                Path file = schemaFile(EventTypes.typeName(type), EventTypes.schemaVersion(type));
                String generated = canonical(generate(type));
                if (!Files.exists(file) || !read(file).equals(generated)) {
                    Files.writeString(file, generated, StandardCharsets.UTF_8);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        written = true;
    }

    /** The committed schema of {@code typeName} at {@code version}, ready to validate (format assertions on). */
    public static JsonSchema committed(String typeName, int version) {
        writeCurrentSchemasIfAsked();
        return COMMITTED.computeIfAbsent(schemaFile(typeName, version), file -> {
            if (!Files.isRegularFile(file)) {
                throw new IllegalStateException("no committed schema " + file.getFileName()
                        + "; generate it with -D" + WRITE_PROPERTY + "=true");
            }
            return FACTORY.getSchema(readTree(read(file)), VALIDATION);
        });
    }

    /** The committed schema of an event type at its current version. */
    public static JsonSchema committed(Class<? extends Event> type) {
        return committed(EventTypes.typeName(type), EventTypes.schemaVersion(type));
    }

    /** A schema built from a node (not a committed file), ready to validate. */
    public static JsonSchema compile(JsonNode schema) {
        return FACTORY.getSchema(schema, VALIDATION);
    }

    /** The validation errors of {@code payload} against {@code schema}, as readable lines. */
    public static List<String> errors(JsonSchema schema, String payload) {
        return errors(schema, readTree(payload));
    }

    /** The validation errors of a parsed {@code payload} against {@code schema}, as readable lines. */
    public static List<String> errors(JsonSchema schema, JsonNode payload) {
        Set<ValidationMessage> messages = schema.validate(payload);
        return messages.stream().map(ValidationMessage::getMessage).sorted().toList();
    }
}
