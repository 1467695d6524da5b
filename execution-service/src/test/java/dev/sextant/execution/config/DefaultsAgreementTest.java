package dev.sextant.execution.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sextant.contracts.account.AccountDefaults;
import dev.sextant.execution.domain.ExecutionDefaults;
import dev.sextant.execution.domain.ExecutionModels;
import dev.sextant.execution.domain.ExecutionSettings;
import dev.sextant.execution.domain.FillPrices;
import dev.sextant.execution.domain.LatencyModel;
import dev.sextant.execution.domain.MakerTakerFee;
import dev.sextant.execution.domain.VolumeSlippage;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URL;
import java.util.Map;
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
    void anEmptyConfigurationGivesTheDefaultExecutionModels() {
        ExecutionConfig config = config(new SmallRyeConfigBuilder());
        ExecutionSettings settings = new ExecutionBeans().settings(config);

        assertThat(new ExecutionBeans().models(config, settings)).isEqualTo(ExecutionModels.defaults(ExecutionSettings.defaults()));
    }

    @Test
    void theExecutionModelsCanBeConfiguredAndABadOneNamesItsKey() {
        ExecutionConfig config = config(new SmallRyeConfigBuilder().withDefaultValues(Map.of(
                "sextant.execution.slippage-model", "volume:impact=0.1,cap=0.005",
                "sextant.execution.fee-model", "maker-taker:maker=0.0002",
                "sextant.execution.fill-price", "next-close",
                "sextant.execution.latency-candles", "2")));
        ExecutionModels models = new ExecutionBeans().models(config, new ExecutionBeans().settings(config));

        assertThat(models).isEqualTo(new ExecutionModels(new VolumeSlippage(new BigDecimal("0.1"), new BigDecimal("0.005")),
                new MakerTakerFee(new BigDecimal("0.0002"), new BigDecimal(ExecutionDefaults.TAKER_FEE)), FillPrices.NEXT_CLOSE,
                new LatencyModel(2)));

        ExecutionConfig bad = config(new SmallRyeConfigBuilder().withDefaultValues(Map.of("sextant.execution.fee-model", "tiered")));
        assertThatThrownBy(() -> new ExecutionBeans().models(bad, new ExecutionBeans().settings(bad)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown sextant.execution.fee-model 'tiered'");
        ExecutionConfig tooLate = config(new SmallRyeConfigBuilder().withDefaultValues(Map.of(
                "sextant.execution.latency-candles", "1000")));
        assertThatThrownBy(() -> new ExecutionBeans().models(tooLate, new ExecutionBeans().settings(tooLate)))
                .hasMessageContaining("sextant.execution.candle-window is 1000");
    }

    @Test
    void theShippedApplicationPropertiesKeepTheDomainDefaults() throws IOException {
        URL properties = getClass().getClassLoader().getResource("application.properties");
        assertThat(properties).as("execution-service's application.properties on the classpath").isNotNull();

        ExecutionConfig shipped = config(new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(properties)));

        assertThat(new ExecutionBeans().settings(shipped)).isEqualTo(ExecutionSettings.defaults());
        assertThat(new ExecutionBeans().models(shipped, ExecutionSettings.defaults()))
                .isEqualTo(ExecutionModels.defaults(ExecutionSettings.defaults()));
    }
}
