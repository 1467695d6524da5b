package dev.sextant.collector.exchange;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * The rules of core/kernel's {@code CoreArchitectureTest}, for this package (which that test does not import): no
 * framework, Redis or HTTP client, no file or socket, no wall clock, and no hidden randomness either (it is injected,
 * so a test can seed it).
 */
class ExchangeArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.sextant.collector.exchange");

    @Test
    void thePackageIsImported() {
        Assertions.assertThat(CLASSES.contain(WeightBudget.class)).isTrue();
        Assertions.assertThat(CLASSES.contain(ReconnectBuffer.class)).isTrue();
    }

    @Test
    void noFrameworkNoRedisNoHttpClient() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.quarkus..", "jakarta..", "javax..",
                        "io.smallrye..", "io.vertx..", "io.netty..", "org.eclipse.microprofile..", "io.micrometer..",
                        "org.apache.kafka..", "java.sql..", "redis..", "io.lettuce..", "org.jboss..", "org.slf4j..",
                        "java.net..", "java.nio.file..", "java.nio.channels..", "com.sun.net..")
                .because("the rules are shared by the services' adapters, which bring Redis, HTTP and WebSocket")
                .check(CLASSES);
    }

    @Test
    void noWallClockAndNoHiddenRandomness() {
        noClasses().should().callMethod(Instant.class, "now")
                .orShould().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(System.class, "nanoTime")
                .orShould().callMethod(Clock.class, "systemUTC")
                .orShould().callMethod(Clock.class, "systemDefaultZone")
                .orShould().callMethod(LocalDateTime.class, "now")
                .orShould().callMethod(Math.class, "random")
                .orShould().dependOnClassesThat().belongToAnyOf(Random.class, ThreadLocalRandom.class,
                        SplittableRandom.class, SecureRandom.class)
                .because("time comes from an injected Clock and randomness from an injected RandomGenerator")
                .check(CLASSES);
    }
}
