package dev.sextant.contracts.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sextant.contracts.EventTypes;
import dev.sextant.contracts.TestEvents;
import dev.sextant.contracts.event.Event;
import dev.sextant.contracts.schema.EventSchemas;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Committed samples of every published schema version: {@code src/test/resources/samples/<EventType>/v<N>.json},
 * exactly what a producer of version N wrote. They are frozen: never edit one; a breaking change
 * adds a new version with its own sample (see shared-contracts/README.md).
 *
 * <p>Every sample must still decode into its type (as itself and as {@link Event}) and validate
 * against its version's committed schema. A sample of the current version must also re-encode to
 * the same JSON: the same field names at every depth with the same values, so renaming, dropping,
 * retyping or re-formatting a field fails here. The one allowed difference is a field the sample
 * does not have and the re-encoded event writes as null: an optional field added within the version.
 *
 * <p>To add the sample of a new version, run with {@code -Dsextant.samples.write=true}: it writes
 * the missing current-version samples from {@link TestEvents} (and never overwrites an existing one);
 * review and commit them.
 */
class SamplesTest {
    public static final String WRITE_PROPERTY = "sextant.samples.write";
    private static final Pattern VERSION_FILE = Pattern.compile("v([0-9]+)\\.json");

    static Path samplesDir() {
        return EventSchemas.moduleDir().resolve("src/test/resources/samples");
    }

    static Path sampleFile(Class<? extends Event> type, int version) {
        return samplesDir().resolve(EventTypes.typeName(type)).resolve("v" + version + ".json");
    }

    static Stream<Path> samples() throws IOException {
        writeMissingSamplesIfAsked();
        try (Stream<Path> files = Files.walk(samplesDir())) {
            return files.filter(Files::isRegularFile).sorted().toList().stream();
        }
    }

    private static void writeMissingSamplesIfAsked() throws IOException {
        if (!Boolean.getBoolean(WRITE_PROPERTY)) {
            return;
        }
        for (Class<? extends Event> type : EventTypes.concrete()) {
            Path file = sampleFile(type, EventTypes.schemaVersion(type));
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, EventSchemas.canonical(EventCodec.encode(TestEvents.of(type))), StandardCharsets.UTF_8);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void sampleStillDecodesValidatesAndReencodesTheSame(Path file) {
        String typeName = file.getParent().getFileName().toString();
        assertThat(file.getParent().getParent()).as("samples/<EventType>/v<N>.json").isEqualTo(samplesDir());
        Matcher m = VERSION_FILE.matcher(file.getFileName().toString());
        assertThat(m.matches()).as("%s: a sample is named v<N>.json", file).isTrue();
        int version = Integer.parseInt(m.group(1));
        Class<? extends Event> type = EventTypes.byTypeName(typeName);
        int current = EventTypes.schemaVersion(type);
        assertThat(version).as("%s: version of a sample", file).isBetween(1, current);

        String sample = EventSchemas.read(file);
        JsonNode sampleTree = EventSchemas.readTree(sample);
        assertThat(sampleTree.path("type").asText()).isEqualTo(typeName);
        assertThat(sampleTree.path("schemaVersion").asInt()).isEqualTo(version);

        assertThat(EventSchemas.errors(EventSchemas.committed(typeName, version), sample))
                .as("%s against %s", file.getFileName(), EventSchemas.fileName(typeName, version))
                .isEmpty();

        Event event = EventCodec.decode(sample, type);
        assertThat(event).isInstanceOf(type);
        assertThat(EventCodec.decode(sample, Event.class)).isEqualTo(event);

        String reencoded = EventCodec.encode(event);
        assertThat(EventSchemas.errors(EventSchemas.committed(type), reencoded)).isEmpty();
        if (version == current) {
            List<String> differences = new ArrayList<>();
            compare(sampleTree, EventSchemas.readTree(reencoded), "", differences);
            assertThat(differences)
                    .as("%s/%s no longer re-encodes as it was written; a breaking change needs a new SCHEMA_VERSION",
                            typeName, file.getFileName())
                    .isEmpty();
        }
    }

    /** Differences between a sample and its re-encoding: missing or extra fields at any depth, changed values. */
    static void compare(JsonNode sample, JsonNode reencoded, String path, List<String> differences) {
        if (sample.isObject() && reencoded.isObject()) {
            for (Iterator<String> names = sample.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                String child = path.isEmpty() ? name : path + "." + name;
                if (!reencoded.has(name)) {
                    differences.add(child + ": in the sample, no longer written (renamed or dropped)");
                } else {
                    compare(sample.get(name), reencoded.get(name), child, differences);
                }
            }
            for (Iterator<String> names = reencoded.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!sample.has(name) && !reencoded.get(name).isNull()) {
                    differences.add((path.isEmpty() ? name : path + "." + name)
                            + ": written now but not in the sample, and not null (a new required field?)");
                }
            }
        } else if (sample.isArray() && reencoded.isArray()) {
            if (sample.size() != reencoded.size()) {
                differences.add(path + ": " + sample.size() + " items in the sample, " + reencoded.size() + " now");
                return;
            }
            for (int i = 0; i < sample.size(); i++) {
                compare(sample.get(i), reencoded.get(i), path + "[" + i + "]", differences);
            }
        } else if (sample.isNumber() && reencoded.isNumber()) {
            // BigDecimal.equals, not compareTo: 67650.00 must not come back as 67650.0 or 6.765E+4.
            if (sample.isIntegralNumber() != reencoded.isIntegralNumber()
                    || !sample.decimalValue().equals(reencoded.decimalValue())) {
                differences.add(path + ": " + sample + " in the sample, " + reencoded + " now");
            }
        } else if (!sample.equals(reencoded)) {
            differences.add(path + ": " + sample + " in the sample, " + reencoded + " now");
        }
    }

    @Test
    void everyEventTypeHasASampleOfEveryVersionUpToItsCurrentOne() {
        List<String> missing = new ArrayList<>();
        for (Class<? extends Event> type : EventTypes.concrete()) {
            for (int v = 1; v <= EventTypes.schemaVersion(type); v++) {
                if (!Files.isRegularFile(sampleFile(type, v))) {
                    missing.add(samplesDir().relativize(sampleFile(type, v)).toString());
                }
            }
        }
        assertThat(missing)
                .as("write them with -D%s=true from TestEvents, review, commit; then never edit them", WRITE_PROPERTY)
                .isEmpty();
    }

    @Test
    void theComparisonCatchesRenamedDroppedRetypedAndNewRequiredFields() {
        JsonNode sample = EventSchemas.readTree("{\"a\":1.50,\"b\":{\"c\":\"x\",\"d\":[{\"e\":1}]},\"f\":null}");
        List<String> none = new ArrayList<>();
        compare(sample, EventSchemas.readTree("{\"a\":1.50,\"b\":{\"c\":\"x\",\"d\":[{\"e\":1}]},\"f\":null,\"g\":null}"),
                "", none);
        assertThat(none).as("a new optional (null) field is fine").isEmpty();

        List<String> renamed = new ArrayList<>();
        compare(sample, EventSchemas.readTree("{\"a\":1.50,\"b\":{\"c\":\"x\",\"d\":[{\"e2\":1}]},\"f\":null}"), "", renamed);
        assertThat(renamed).anyMatch(d -> d.startsWith("b.d[0].e:")).anyMatch(d -> d.startsWith("b.d[0].e2:"));

        List<String> rescaled = new ArrayList<>();
        compare(sample, EventSchemas.readTree("{\"a\":1.5,\"b\":{\"c\":\"x\",\"d\":[{\"e\":1}]},\"f\":null}"), "", rescaled);
        assertThat(rescaled).singleElement().asString().startsWith("a:");

        List<String> retyped = new ArrayList<>();
        compare(sample, EventSchemas.readTree("{\"a\":\"1.50\",\"b\":{\"c\":\"x\",\"d\":[{\"e\":1}]},\"f\":null}"), "", retyped);
        assertThat(retyped).singleElement().asString().startsWith("a:");
    }
}
