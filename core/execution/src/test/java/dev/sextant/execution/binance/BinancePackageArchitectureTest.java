package dev.sextant.execution.binance;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

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
 * The core's rules (CoreArchitectureTest in core/kernel) for this package: no framework, no file or socket, no wall
 * clock. One difference: {@code javax.crypto} (the JDK's HMAC) is allowed, nothing else of {@code javax}. No logger
 * either: nothing here logs, so no secret can reach a log line.
 */
class BinancePackageArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.sextant.execution.binance");

    @Test
    void thePackageIsThere() {
        assertThat(CLASSES.contain(SignedQuery.class)).isTrue();
        assertThat(CLASSES.contain(ServerTime.class)).isTrue();
    }

    @Test
    void importsNoFramework() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.quarkus..", "jakarta..",
                        "io.smallrye..", "io.vertx..", "io.netty..", "org.eclipse.microprofile..", "io.micrometer..",
                        "org.apache.kafka..", "java.sql..", "org.postgresql..", "org.flywaydb..", "io.agroal..",
                        "org.hibernate..", "redis..", "io.lettuce..", "org.jboss..", "org.slf4j..", "java.util.logging..",
                        "java.net.http..", "com.sun.net..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.lang.System$Logger")
                .orShould().dependOnClassesThat(com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage("javax..")
                        .and(com.tngtech.archunit.base.DescribedPredicate.not(
                                com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage("javax.crypto.."))))
                .because("domain code is shared by the services, the backtester and training (docs/architecture.md)")
                .check(CLASSES);
    }

    @Test
    void opensNoFileOrSocket() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("java.nio.file..", "java.nio.channels..", "java.net..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.File")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.FileInputStream")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.FileReader")
                .because("the HTTP adapter sends the requests; this package only builds them")
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
                .because("time comes from an injected Clock (ServerTime), so tests and replays are reproducible")
                .check(CLASSES);
    }
}
