package dev.sextant.kernel;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The core stays framework-free and deterministic. Every package of every core module (collector,
 * feature, prediction, risk, execution) and the kernel is checked: no framework, no Kafka, JDBC,
 * Redis or HTTP, no file or network I/O, no wall clock (time comes from the event or an injected
 * {@link Clock}) and no hidden randomness. The enforcer rule in core/pom.xml keeps the artifacts themselves
 * off the core modules' classpath; this test catches code that would reach them any other way
 * (reflection aside) and the JDK's own I/O and clock APIs, which no dependency rule can see.
 *
 * <p>One package is exempt from the file-I/O rule only: {@code dev.sextant.prediction.onnx}, which
 * loads a model's files (it is still framework-free and clock-free).
 */
class CoreArchitectureTest {
    /**
     * Every package of the core modules (collector-core: domain, exchange, market; feature-core: domain, micro; ...):
     * the services' adapters are not on this classpath, so {@code dev.sextant.collector..} means collector-core.
     */
    private static final String[] CORE = {"dev.sextant.collector..", "dev.sextant.feature..",
            "dev.sextant.prediction.domain..", "dev.sextant.risk.domain..", "dev.sextant.execution..",
            "dev.sextant.kernel.."};

    private static JavaClasses classes;

    @BeforeAll
    static void importCore() {
        // Tests are not the core: neither this module's nor those of the core modules' test-jars on this classpath.
        ImportOption noTestJars = location -> !location.contains("-tests.jar") && !location.contains("/test-classes/");
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(noTestJars)
                .importPackages("dev.sextant.collector", "dev.sextant.feature", "dev.sextant.prediction",
                        "dev.sextant.risk.domain", "dev.sextant.execution", "dev.sextant.kernel");
    }

    @Test
    void theCoreImportsNoFramework() {
        ArchRule rule = noClasses().that().resideInAnyPackage(CORE).or().resideInAPackage("dev.sextant.prediction.onnx..")
                .should().dependOnClassesThat().resideInAnyPackage("io.quarkus..", "jakarta..",
                        "io.smallrye..", "io.vertx..", "io.netty..", "org.eclipse.microprofile..", "io.micrometer..",
                        "org.apache.kafka..", "java.sql..", "org.postgresql..", "org.flywaydb..", "io.agroal..",
                        "org.hibernate..", "redis..", "io.lettuce..", "org.jboss..", "org.slf4j..",
                        "java.net.http..", "com.sun.net..")
                // javax: none but the JDK's own crypto (request signing of dev.sextant.execution.binance)
                .orShould().dependOnClassesThat(JavaClass.Predicates.resideInAPackage("javax..")
                        .and(DescribedPredicate.not(JavaClass.Predicates.resideInAPackage("javax.crypto.."))))
                .because("domain code is shared by the services, the backtester and training (docs/architecture.md)");
        rule.check(classes);
    }

    @Test
    void theCoreOpensNoFileOrSocket() {
        ArchRule rule = noClasses().that().resideInAnyPackage(CORE)
                .should().dependOnClassesThat().resideInAnyPackage("java.nio.file..", "java.nio.channels..", "java.net..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.File")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.FileInputStream")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.FileOutputStream")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.FileReader")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.FileWriter")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.RandomAccessFile")
                .because("a domain class reads what it is handed (a Reader, an event), never a file or a socket");
        rule.check(classes);
    }

    @Test
    void theCoreNeverReadsTheWallClock() {
        ArchRule rule = noClasses().that().resideInAnyPackage(CORE).or().resideInAPackage("dev.sextant.prediction.onnx..")
                .should().callMethod(Instant.class, "now")
                .orShould().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(System.class, "nanoTime")
                .orShould().callMethod(Clock.class, "systemUTC")
                .orShould().callMethod(Clock.class, "systemDefaultZone")
                .orShould().callMethod(LocalDate.class, "now")
                .orShould().callMethod(LocalDateTime.class, "now")
                .orShould().callMethod(ZonedDateTime.class, "now")
                .orShould().callMethod(OffsetDateTime.class, "now")
                .because("time comes from the event or an injected Clock, so a replay or a backtest is reproducible");
        rule.check(classes);
    }

    @Test
    void theCoreHasNoHiddenRandomness() {
        ArchRule rule = noClasses().that().resideInAnyPackage(CORE)
                .should().callMethod(Math.class, "random")
                .orShould().dependOnClassesThat().belongToAnyOf(java.util.Random.class,
                        java.util.concurrent.ThreadLocalRandom.class, java.util.SplittableRandom.class,
                        java.security.SecureRandom.class)
                .because("randomness (e.g. reconnect jitter) comes from an injected RandomGenerator, so a test or a replay"
                        + " can repeat it");
        rule.check(classes);
    }

    @Test
    void everyCorePackageIsImported() {
        // a renamed package would silently leave the rules above with nothing to check
        for (String pkg : new String[] {"dev.sextant.collector.domain", "dev.sextant.collector.exchange",
                "dev.sextant.collector.market", "dev.sextant.feature.domain", "dev.sextant.feature.micro",
                "dev.sextant.prediction.domain", "dev.sextant.risk.domain", "dev.sextant.execution.domain", "dev.sextant.execution.routing", "dev.sextant.execution.binance",
                "dev.sextant.kernel"}) {
            org.assertj.core.api.Assertions.assertThat(classes.containPackage(pkg)).as(pkg).isTrue();
        }
    }
}
