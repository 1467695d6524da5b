package dev.sextant.risk.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.contracts.account.AccountDefaults;
import dev.sextant.contracts.event.TradingState;
import dev.sextant.risk.domain.RiskDefaults;
import dev.sextant.risk.domain.RiskLimits;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.net.URL;
import org.junit.jupiter.api.Test;

/**
 * The domain ({@link RiskDefaults}, {@link RiskLimits#defaults()}) is the only source of risk's defaults:
 * {@link RiskConfig}'s {@code @WithDefault}s must give exactly the same limits, and the shipped
 * application.properties must not restate (or contradict) them. Built with SmallRye Config alone, no Quarkus.
 */
class DefaultsAgreementTest {

    private static RiskConfig config(SmallRyeConfigBuilder builder) {
        SmallRyeConfig config = builder.withMapping(RiskConfig.class).build();
        return config.getConfigMapping(RiskConfig.class);
    }

    @Test
    void anEmptyConfigurationGivesTheDomainDefaults() {
        RiskConfig empty = config(new SmallRyeConfigBuilder());

        assertThat(RiskSettings.limits(empty)).isEqualTo(RiskLimits.defaults());
        assertThat(empty.initialCapital()).isEqualTo(AccountDefaults.initialCapital());
        assertThat(empty.initialState()).isEqualTo(TradingState.valueOf(RiskDefaults.INITIAL_STATE));
        assertThat(empty.featureCacheSize()).isEqualTo(Integer.parseInt(RiskDefaults.FEATURE_CACHE_SIZE));
        assertThat(empty.maxWaitingPredictions()).isEqualTo(Integer.parseInt(RiskDefaults.MAX_WAITING_PREDICTIONS));
    }

    @Test
    void theShippedApplicationPropertiesKeepTheDomainDefaults() throws IOException {
        URL properties = getClass().getClassLoader().getResource("application.properties");
        assertThat(properties).as("risk-service's application.properties on the classpath").isNotNull();

        RiskConfig shipped = config(new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(properties)));

        assertThat(RiskSettings.limits(shipped)).isEqualTo(RiskLimits.defaults());
        assertThat(shipped.initialCapital()).isEqualTo(AccountDefaults.initialCapital());
    }
}
