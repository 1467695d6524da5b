package dev.sextant.risk.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sextant.contracts.event.TradingState;
import dev.sextant.contracts.id.Symbol;
import dev.sextant.risk.domain.DailyLossHaltPolicy;
import dev.sextant.risk.domain.RiskDefaults;
import dev.sextant.risk.domain.RiskLimits;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RiskSettingsTest {

    /** The configuration with the domain's defaults ({@link RiskDefaults}), one value changeable. */
    private record Config(BigDecimal riskPerTrade, BigDecimal costHeadroom, BigDecimal minNotional, String quantityRounding,
                          int featureCacheSize, Map<String, BigDecimal> symbolQuantityStep) implements RiskConfig {
        Config(BigDecimal riskPerTrade, BigDecimal costHeadroom, String quantityRounding, int featureCacheSize,
               Map<String, BigDecimal> symbolQuantityStep) {
            this(riskPerTrade, costHeadroom, new BigDecimal(RiskDefaults.MIN_NOTIONAL), quantityRounding, featureCacheSize,
                    symbolQuantityStep);
        }

        Config(BigDecimal riskPerTrade, String quantityRounding, int featureCacheSize, Map<String, BigDecimal> symbolQuantityStep) {
            this(riskPerTrade, new BigDecimal(RiskDefaults.COST_HEADROOM), quantityRounding, featureCacheSize, symbolQuantityStep);
        }

        static Config defaults() {
            return new Config(new BigDecimal(RiskDefaults.RISK_PER_TRADE), RiskDefaults.QUANTITY_ROUNDING,
                    Integer.parseInt(RiskDefaults.FEATURE_CACHE_SIZE), Map.of());
        }

        @Override public BigDecimal initialCapital() { return new BigDecimal(RiskDefaults.INITIAL_CAPITAL); }
        @Override public TradingState initialState() { return TradingState.valueOf(RiskDefaults.INITIAL_STATE); }
        @Override public BigDecimal confidenceThreshold() { return new BigDecimal(RiskDefaults.CONFIDENCE_THRESHOLD); }
        @Override public BigDecimal maxDailyLoss() { return new BigDecimal(RiskDefaults.MAX_DAILY_LOSS); }
        @Override public BigDecimal minAtrRatio() { return new BigDecimal(RiskDefaults.MIN_ATR_RATIO); }
        @Override public BigDecimal maxAtrRatio() { return new BigDecimal(RiskDefaults.MAX_ATR_RATIO); }
        @Override public BigDecimal maxSpreadRatio() { return new BigDecimal(RiskDefaults.MAX_SPREAD_RATIO); }
        @Override public BigDecimal stopAtrMultiple() { return new BigDecimal(RiskDefaults.STOP_ATR_MULTIPLE); }
        @Override public BigDecimal rewardRiskRatio() { return new BigDecimal(RiskDefaults.REWARD_RISK_RATIO); }
        @Override public BigDecimal quantityStep() { return new BigDecimal(RiskDefaults.QUANTITY_STEP); }
        @Override public int pendingTimeoutCandles() { return Integer.parseInt(RiskDefaults.PENDING_TIMEOUT_CANDLES); }
        @Override public int maxWaitingPredictions() { return Integer.parseInt(RiskDefaults.MAX_WAITING_PREDICTIONS); }
        @Override public String sequencing() { return "kernel"; }
        @Override public java.time.Duration sequencerStepTimeout() { return java.time.Duration.ofSeconds(30); }
        @Override public String dailyLossHalt() { return RiskDefaults.DAILY_LOSS_HALT; }
        @Override public int maxBookAgeSeconds() { return Integer.parseInt(RiskDefaults.MAX_BOOK_AGE_SECONDS); }
        @Override public BigDecimal maxSlippageRatio() { return new BigDecimal(RiskDefaults.MAX_SLIPPAGE_RATIO); }
        @Override public BigDecimal liquidityBandRatio() { return new BigDecimal(RiskDefaults.LIQUIDITY_BAND_RATIO); }
        @Override public BigDecimal minLiquidityMultiple() { return new BigDecimal(RiskDefaults.MIN_LIQUIDITY_MULTIPLE); }
        @Override public int maxDayJump() { return 7; }
    }

    @Test
    void theDefaultsGiveTheDomainDefaults() {
        assertThat(RiskSettings.limits(Config.defaults())).isEqualTo(RiskLimits.defaults());
    }

    @Test
    void aNegativeRiskPercentageStopsStartUpWithASentenceNamingTheKey() {
        Config bad = new Config(new BigDecimal("-0.02"), "HALF_UP", 5000, Map.of());
        assertThatThrownBy(() -> RiskSettings.limits(bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sextant.risk.risk-per-trade")
                .hasMessageContaining("got -0.02");
    }

    @Test
    void theCostHeadroomIsConfigurableAndAnInvalidOneStopsStartUpNamingTheKey() {
        Config wider = new Config(new BigDecimal("0.02"), new BigDecimal("0.003"), "HALF_UP", 5000, Map.of());
        assertThat(RiskSettings.limits(wider).costHeadroom()).isEqualByComparingTo("0.003");

        Config bad = new Config(new BigDecimal("0.02"), new BigDecimal("1.5"), "HALF_UP", 5000, Map.of());
        assertThatThrownBy(() -> RiskSettings.limits(bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sextant.risk.cost-headroom")
                .hasMessageContaining("got 1.5");
    }

    @Test
    void theMinimumNotionalIsConfigurableAndANegativeOneStopsStartUpNamingTheKey() {
        Config lower = new Config(new BigDecimal("0.02"), new BigDecimal("0.002"), new BigDecimal("5"), "HALF_UP", 5000, Map.of());
        assertThat(RiskSettings.limits(lower).minNotional()).isEqualByComparingTo("5");
        assertThat(RiskSettings.limits(Config.defaults()).minNotional()).isEqualByComparingTo("10");

        Config bad = new Config(new BigDecimal("0.02"), new BigDecimal("0.002"), new BigDecimal("-1"), "HALF_UP", 5000, Map.of());
        assertThatThrownBy(() -> RiskSettings.limits(bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sextant.risk.min-notional")
                .hasMessageContaining("got -1");
    }

    @Test
    void theDailyLossHaltPolicyIsConfigurableAndAnUnknownOneStopsStartUpNamingTheKeyAndTheValues() {
        assertThat(RiskSettings.limits(Config.defaults()).dailyLossHalt()).isEqualTo(DailyLossHaltPolicy.UNTIL_NEXT_DAY);
        assertThat(RiskSettings.limits(withDailyLossHalt("until-operator")).dailyLossHalt()).isEqualTo(DailyLossHaltPolicy.UNTIL_OPERATOR);
        assertThatThrownBy(() -> RiskSettings.limits(withDailyLossHalt("never")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sextant.risk.daily-loss-halt")
                .hasMessageContaining("until-next-day, until-operator")
                .hasMessageContaining("got 'never'");
    }

    /** The real mapping (SmallRye Config, no Quarkus) with {@code sextant.risk.daily-loss-halt} set. */
    private static RiskConfig withDailyLossHalt(String value) {
        return new SmallRyeConfigBuilder().withMapping(RiskConfig.class)
                .withSources(new PropertiesConfigSource(Map.of("sextant.risk.daily-loss-halt", value), "test", 100))
                .build().getConfigMapping(RiskConfig.class);
    }

    @Test
    void roundingStepsAndJoinBoundsAreValidatedToo() {
        Config rounding = new Config(new BigDecimal("0.02"), "DOWN", 5000, Map.of("ETHUSDT", new BigDecimal("0.001")));
        RiskLimits limits = RiskSettings.limits(rounding);
        assertThat(limits.quantityRounding()).isEqualTo(RoundingMode.DOWN);
        assertThat(limits.quantityStep(Symbol.of("ETHUSDT"))).isEqualByComparingTo("0.001");

        assertThatThrownBy(() -> RiskSettings.limits(new Config(new BigDecimal("0.02"), "UP", 5000, Map.of())))
                .hasMessageContaining("sextant.risk.quantity-rounding");
        assertThatThrownBy(() -> RiskSettings.join(new Config(new BigDecimal("0.02"), "HALF_UP", 0, Map.of())))
                .hasMessageContaining("sextant.risk.feature-cache-size");
    }
}
