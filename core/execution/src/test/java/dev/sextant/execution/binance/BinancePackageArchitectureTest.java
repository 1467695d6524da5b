package dev.sextant.execution.binance;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * What this package adds to the core's rules (CoreArchitectureTest in core/kernel: no framework, no file or socket,
 * no wall clock, javax only for the JDK's crypto): no logger at all, so a key or a signature can never reach a log line.
 */
class BinancePackageArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.sextant.execution.binance");

    @Test
    void nothingHereLogs() {
        assertThat(CLASSES.contain(SignedQuery.class)).isTrue();
        noClasses().should().dependOnClassesThat().resideInAnyPackage("org.jboss.logging..", "org.slf4j..",
                        "java.util.logging..", "org.apache.logging..", "io.quarkus.logging..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.lang.System$Logger")
                .because("the signers hold API secrets: nothing that could print them")
                .check(CLASSES);
    }
}
