package dev.sextant.execution.routing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

/**
 * The routing package obeys the core's rules (docs/architecture.md): no framework, no file or socket, no
 * wall clock. core/kernel's CoreArchitectureTest checks {@code dev.sextant.execution.domain} only, so this
 * package is checked here.
 */
class RoutingArchitectureTest {

    private static final JavaClasses ROUTING = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.sextant.execution.routing");

    @Test
    void importsNoFrameworkAndOpensNoFileOrSocket() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.quarkus..", "jakarta..", "javax..",
                "io.smallrye..", "io.vertx..", "io.netty..", "org.eclipse.microprofile..", "io.micrometer..",
                "org.apache.kafka..", "java.sql..", "org.postgresql..", "redis..", "io.lettuce..", "org.jboss..",
                "org.slf4j..", "java.net..", "java.nio.file..", "java.nio.channels..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.File")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.FileInputStream")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.FileReader")
                .check(ROUTING);
    }

    @Test
    void neverReadsTheWallClock() {
        noClasses().should().callMethod(Instant.class, "now")
                .orShould().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(System.class, "nanoTime")
                .orShould().callMethod(Clock.class, "systemUTC")
                .orShould().callMethod(Clock.class, "systemDefaultZone")
                .orShould().callMethod(LocalDateTime.class, "now")
                .because("a routing decision is made at the time handed in, so a replay routes the same way")
                .check(ROUTING);
    }

    @Test
    void theCheckSeesThePackage() {
        assertThat(ROUTING.contain(Router.class)).isTrue();
        assertThat(ROUTING.size()).isGreaterThanOrEqualTo(10);
    }
}
