package dev.sextant.execution.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.contracts.account.AccountDefaults;
import dev.sextant.execution.domain.ExecutionDefaults;
import dev.sextant.execution.domain.ExecutionSettings;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.net.URL;
import org.junit.jupiter.api.Test;

/**
 * The domain ({@link ExecutionDefaults}, {@link ExecutionSettings#defaults()}) is the only source of the
 * paper exchange's defaults: {@link ExecutionConfig}'s {@code @WithDefault}s must give exactly the same
 * settings, and the shipped application.properties must not restate (or contradict) them. Built with
 * SmallRye Config alone, no Quarkus.
 */
class DefaultsAgreementTest {

    private static ExecutionConfig config(SmallRyeConfigBuilder builder) {
        SmallRyeConfig config = builder.withMapping(ExecutionConfig.class).build();
        return config.getConfigMapping(ExecutionConfig.class);
    }

    @Test
    void anEmptyConfigurationGivesTheDomainDefaults() {
        ExecutionSettings settings = new ExecutionBeans().settings(config(new SmallRyeConfigBuilder()));

        assertThat(settings).isEqualTo(ExecutionSettings.defaults());
        assertThat(settings.initialCapital()).isEqualByComparingTo(AccountDefaults.initialCapital());
    }

    @Test
    void theShippedApplicationPropertiesKeepTheDomainDefaults() throws IOException {
        URL properties = getClass().getClassLoader().getResource("application.properties");
        assertThat(properties).as("execution-service's application.properties on the classpath").isNotNull();

        ExecutionConfig shipped = config(new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(properties)));

        assertThat(new ExecutionBeans().settings(shipped)).isEqualTo(ExecutionSettings.defaults());
    }
}
