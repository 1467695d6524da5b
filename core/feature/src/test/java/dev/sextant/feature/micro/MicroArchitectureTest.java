package dev.sextant.feature.micro;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

/**
 * The microstructure package obeys the core's rules (docs/architecture.md): no framework, no file
 * or socket, no wall clock. core/kernel's CoreArchitectureTest checks {@code dev.sextant.feature.domain}
 * only, so this package is checked here.
 */
class MicroArchitectureTest {

    private static final JavaClasses MICRO = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.sextant.feature.micro");

    @Test
    void importsNoFrameworkAndOpensNoFileOrSocket() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.quarkus..", "jakarta..", "javax..",
                "io.smallrye..", "io.vertx..", "io.netty..", "org.eclipse.microprofile..", "io.micrometer..",
                "org.apache.kafka..", "java.sql..", "org.postgresql..", "redis..", "io.lettuce..", "org.jboss..",
                "org.slf4j..", "java.net..", "java.nio.file..", "java.nio.channels..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.File")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.FileInputStream")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.FileReader")
                .check(MICRO);
    }

    @Test
    void neverReadsTheWallClock() {
        noClasses().should().callMethod(Instant.class, "now")
                .orShould().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(System.class, "nanoTime")
                .orShould().callMethod(Clock.class, "systemUTC")
                .orShould().callMethod(Clock.class, "systemDefaultZone")
                .orShould().callMethod(LocalDateTime.class, "now")
                .because("features are computed at the event time handed in, so a replay gives the same vectors")
                .check(MICRO);
    }

    @Test
    void theCheckSeesThePackage() {
        org.assertj.core.api.Assertions.assertThat(MICRO.contain(MicrostructureFeatures.class)).isTrue();
        org.assertj.core.api.Assertions.assertThat(MICRO.size()).isGreaterThan(15);
    }
}
