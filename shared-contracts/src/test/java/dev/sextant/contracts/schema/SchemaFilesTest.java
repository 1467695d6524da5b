package dev.sextant.contracts.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.sextant.contracts.EventTypes;
import dev.sextant.contracts.event.Event;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The committed JSON Schemas ({@code src/main/resources/schemas/<EventType>.v<N>.schema.json}) can
 * never drift from the records: every event type's schema at its current {@code SCHEMA_VERSION} is
 * regenerated from the record ({@link EventSchemas#generate}) and must equal the committed file
 * byte for byte, after both are normalised (parsed and pretty-printed the same way, so only
 * whitespace and line endings may differ).
 *
 * <p>After changing an event record, regenerate the schemas and commit them:
 * <pre>
 * ./mvnw -B -pl shared-contracts verify -Dsextant.schemas.write=true
 * </pre>
 * With {@code -Dsextant.schemas.write=true} this test writes every current-version schema
 * (creating new files, overwriting changed ones) instead of failing. Schemas of past versions are
 * never rewritten: they describe what old producers wrote and stay as committed.
 */
class SchemaFilesTest {
    private static final Pattern FILE_NAME = Pattern.compile("([A-Za-z]+)\\.v([0-9]+)\\.schema\\.json");

    static Stream<Class<? extends Event>> eventTypes() {
        return EventTypes.concrete().stream();
    }

    private static boolean writing() {
        return Boolean.getBoolean(EventSchemas.WRITE_PROPERTY);
    }

    /** With {@code -Dsextant.schemas.write=true}: writes every current-version schema that is missing or differs. */
    @BeforeAll
    static void writeSchemasIfAsked() {
        EventSchemas.writeCurrentSchemasIfAsked();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventTypes")
    void committedSchemaEqualsTheOneGeneratedFromTheRecord(Class<? extends Event> type) {
        String typeName = EventTypes.typeName(type);
        int version = EventTypes.schemaVersion(type);
        Path file = EventSchemas.schemaFile(typeName, version);
        String generated = EventSchemas.canonical(EventSchemas.generate(type));

        assertThat(file)
                .as("%s has no committed schema; run the build with -D%s=true and commit %s",
                        typeName, EventSchemas.WRITE_PROPERTY, EventSchemas.fileName(typeName, version))
                .isRegularFile();
        assertThat(EventSchemas.canonical(EventSchemas.read(file)))
                .as("%s no longer matches %s: the record changed. Adding an optional field is fine within a version"
                                + " (regenerate with -D%s=true); removing, renaming or retyping a field needs a new"
                                + " SCHEMA_VERSION, a new schema file and a new sample (see shared-contracts/README.md)",
                        file.getFileName(), type.getSimpleName(), EventSchemas.WRITE_PROPERTY)
                .isEqualTo(generated);
    }

    @Test
    void committedSchemaFilesAreInCanonicalForm() {
        for (String name : EventSchemas.committedFileNames()) {
            String text = EventSchemas.read(EventSchemas.schemasDir().resolve(name));
            assertThat(text).as(name).isEqualTo(EventSchemas.canonical(text));
        }
    }

    @Test
    void everyCommittedSchemaFileBelongsToAnEventTypeAndAVersionNotNewerThanItsCurrentOne() {
        List<String> names = EventSchemas.committedFileNames();
        assertThat(names).isNotEmpty();
        List<String> problems = new ArrayList<>();
        for (String name : names) {
            Matcher m = FILE_NAME.matcher(name);
            if (!m.matches()) {
                problems.add(name + ": not named <EventType>.v<N>.schema.json");
                continue;
            }
            Class<? extends Event> type;
            try {
                type = EventTypes.byTypeName(m.group(1));
            } catch (IllegalArgumentException e) {
                problems.add(name + ": no event type " + m.group(1));
                continue;
            }
            int version = Integer.parseInt(m.group(2));
            if (version < 1 || version > EventTypes.schemaVersion(type)) {
                problems.add(name + ": " + type.getSimpleName() + " is at version " + EventTypes.schemaVersion(type));
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyPastVersionOfAnEventKeepsItsSchema() {
        List<String> missing = new ArrayList<>();
        for (Class<? extends Event> type : EventTypes.concrete()) {
            for (int v = 1; v <= EventTypes.schemaVersion(type); v++) {
                String name = EventSchemas.fileName(EventTypes.typeName(type), v);
                if (!Files.isRegularFile(EventSchemas.schemasDir().resolve(name))) {
                    missing.add(name);
                }
            }
        }
        assertThat(missing).as("schemas of published versions must stay committed").isEmpty();
    }

    @Test
    void schemasAreShippedOnTheClasspath() {
        // Maven copied the resources before this run; freshly written files ship from the next build on.
        assumeFalse(writing(), "schemas are being rewritten");
        for (String name : EventSchemas.committedFileNames()) {
            assertThat(getClass().getResource("/schemas/" + name)).as(name).isNotNull();
        }
    }
}
