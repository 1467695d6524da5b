package dev.sextant.collector.market;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

/**
 * The rules {@code CoreArchitectureTest} (core/kernel) holds the core's domain packages to, for this package: no
 * framework, no file or socket, no wall clock. Jackson is allowed (shared-contracts uses it too).
 */
class MarketPackageArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.sextant.collector.market");

    @Test
    void thePackageIsThere() {
        // The rules below pass vacuously on an empty import: make sure they see the classes.
        org.assertj.core.api.Assertions.assertThat(CLASSES.contain(LocalOrderBook.class)).isTrue();
        org.assertj.core.api.Assertions.assertThat(CLASSES.contain(BinanceMessages.class)).isTrue();
    }

    @Test
    void importsNoFramework() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.quarkus..", "jakarta..", "javax..",
                        "io.smallrye..", "io.vertx..", "io.netty..", "org.eclipse.microprofile..", "io.micrometer..",
                        "org.apache.kafka..", "java.sql..", "org.postgresql..", "org.flywaydb..", "io.agroal..",
                        "org.hibernate..", "redis..", "io.lettuce..", "org.jboss..", "org.slf4j..", "java.net.http..",
                        "com.sun.net..")
                .because("domain code is shared by the services, the backtester and training (docs/architecture.md)")
                .check(CLASSES);
    }

    @Test
    void opensNoFileOrSocket() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("java.nio.file..", "java.nio.channels..", "java.net..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.File")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.FileInputStream")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.FileOutputStream")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.FileReader")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.FileWriter")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.RandomAccessFile")
                .because("a domain class reads what it is handed (a message, an event), never a file or a socket")
                .check(CLASSES);
    }

    @Test
    void neverReadsTheWallClock() {
        noClasses().should().callMethod(Instant.class, "now")
                .orShould().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(System.class, "nanoTime")
                .orShould().callMethod(Clock.class, "systemUTC")
                .orShould().callMethod(Clock.class, "systemDefaultZone")
                .orShould().callMethod(LocalDate.class, "now")
                .orShould().callMethod(LocalDateTime.class, "now")
                .orShould().callMethod(ZonedDateTime.class, "now")
                .orShould().callMethod(OffsetDateTime.class, "now")
                .because("time comes from the message or an injected Clock, so a replay is reproducible")
                .check(CLASSES);
    }
}
