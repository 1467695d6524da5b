package dev.sextant.risk.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sextant.contracts.id.Symbol;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RiskLimitsTest {

    @Test
    void aNegativeRiskPerTradeIsRefusedWithASentenceNamingTheKey() {
        assertThatThrownBy(() -> RiskLimits.defaults().withOverrides(Map.of("risk-per-trade", "-0.02")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("risk setting 'risk-per-trade' (sextant.risk.risk-per-trade) must be a fraction above 0 up to 1"
                        + " (0.02 means 2 %), got -0.02");
    }

    @Test
    void anInvertedVolatilityBandIsRefused() {
        assertThatThrownBy(() -> RiskLimits.defaults().withOverrides(Map.of("min-atr-ratio", "0.04")))
                .hasMessageContaining("'min-atr-ratio'").hasMessageContaining("must not exceed");
    }

    @Test
    void unknownNamesAndBadValuesAreRefused() {
        assertThatThrownBy(() -> RiskLimits.defaults().withOverrides(Map.of("risk", "0.01")))
                .hasMessageStartingWith("unknown risk setting 'risk'");
        assertThatThrownBy(() -> RiskLimits.defaults().withOverrides(Map.of("confidence-threshold", "high")))
                .hasMessageContaining("must be a decimal number, got 'high'");
        assertThatThrownBy(() -> RiskLimits.defaults().withOverrides(Map.of("quantity-rounding", "CEILING")))
                .hasMessageContaining("must be DOWN or HALF_UP");
        assertThatThrownBy(() -> RiskLimits.defaults().withOverrides(Map.of("pending-timeout-candles", "0")))
                .hasMessageContaining(">= 1");
        assertThatThrownBy(() -> RiskLimits.defaults().withOverrides(Map.of("symbol-quantity-step.btc", "0.001")))
                .hasMessageContaining("names no valid symbol");
    }

    @Test
    void costHeadroomIsAFractionFromZeroToBelowOneAndItsErrorsNameTheSetting() {
        assertThatThrownBy(() -> RiskLimits.defaults().withOverrides(Map.of("cost-headroom", "-0.001")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("risk setting 'cost-headroom' (sextant.risk.cost-headroom) must be a fraction from 0 up to but excluding 1"
                        + " (0.002 means 0.2 % of the notional reserved for slippage and fee), got -0.001");
        assertThatThrownBy(() -> RiskLimits.defaults().withOverrides(Map.of("cost-headroom", "1")))
                .hasMessageContaining("sextant.risk.cost-headroom").hasMessageContaining("got 1");
        assertThatThrownBy(() -> RiskLimits.defaults().withOverrides(Map.of("cost-headroom", "lots")))
                .hasMessage("risk setting 'cost-headroom' (sextant.risk.cost-headroom) must be a decimal number, got 'lots'");

        assertThat(RiskLimits.defaults().withOverrides(Map.of("cost-headroom", "0")).costHeadroom()).isEqualByComparingTo("0");
        RiskLimits wider = RiskLimits.defaults().withOverrides(Map.of("cost-headroom", "0.005"));
        assertThat(wider.costHeadroom()).isEqualByComparingTo("0.005");
        assertThat(wider.asMap()).containsEntry("cost-headroom", "0.005");
    }

    @Test
    void theMinimumNotionalIsZeroOrMoreAndItsErrorsNameTheSetting() {
        assertThatThrownBy(() -> RiskLimits.defaults().withOverrides(Map.of("min-notional", "-1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("risk setting 'min-notional' (sextant.risk.min-notional) must be an amount of 0 or more in the quote"
                        + " currency (10 means an entry's notional must be at least 10 USDT; 0 turns the check off), got -1");
        assertThatThrownBy(() -> RiskLimits.defaults().withOverrides(Map.of("min-notional", "ten")))
                .hasMessage("risk setting 'min-notional' (sextant.risk.min-notional) must be a decimal number, got 'ten'");

        assertThat(RiskLimits.defaults().withOverrides(Map.of("min-notional", "0")).minNotional()).isEqualByComparingTo("0");
        RiskLimits five = RiskLimits.defaults().withOverrides(Map.of("min-notional", "5"));
        assertThat(five.minNotional()).isEqualByComparingTo("5");
        assertThat(five.asMap()).containsEntry("min-notional", "5");
    }

    @Test
    void perSymbolStepsOverrideTheDefault() {
        RiskLimits limits = RiskLimits.defaults().withOverrides(Map.of("symbol-quantity-step.ETHUSDT", "0.001"));
        assertThat(limits.quantityStep(Symbol.of("ETHUSDT"))).isEqualByComparingTo("0.001");
        assertThat(limits.quantityStep(Symbol.of("BTCUSDT"))).isEqualByComparingTo("0.0001");
        assertThat(limits.asMap()).containsEntry("symbol-quantity-step.ETHUSDT", "0.001").containsEntry("risk-per-trade", "0.02");
    }

    @Test
    void defaultsAreTheWorkedExamplesThresholds() {
        RiskLimits d = RiskLimits.defaults();
        assertThat(d.confidenceThreshold()).isEqualByComparingTo("0.55");
        assertThat(d.riskPerTrade()).isEqualByComparingTo("0.02");
        assertThat(d.maxDailyLoss()).isEqualByComparingTo("0.05");
        assertThat(d.minAtrRatio()).isEqualByComparingTo("0.005");
        assertThat(d.maxAtrRatio()).isEqualByComparingTo("0.03");
        assertThat(d.maxSpreadRatio()).isEqualByComparingTo(new BigDecimal("0.001"));
        // at least execution's (1 + slippage 0.0005) x (1 + taker fee 0.001) - 1 = 0.0015005
        assertThat(d.costHeadroom()).isEqualByComparingTo("0.002")
                .isGreaterThanOrEqualTo(new BigDecimal("1.0005").multiply(new BigDecimal("1.001")).subtract(BigDecimal.ONE));
        assertThat(d.asMap()).containsEntry("cost-headroom", "0.002");
        assertThat(d.minNotional()).isEqualByComparingTo("10");
        assertThat(d.asMap()).containsEntry("min-notional", "10");
        assertThat(d.dailyLossHalt()).isEqualTo(DailyLossHaltPolicy.UNTIL_NEXT_DAY);
        assertThat(d.asMap()).containsEntry("daily-loss-halt", "until-next-day");
    }

    @Test
    void theDailyLossHaltIsUntilTheNextDayOrUntilAnOperatorAndItsErrorsNameTheSettingAndTheValues() {
        RiskLimits operator = RiskLimits.defaults().withOverrides(Map.of("daily-loss-halt", "until-operator"));
        assertThat(operator.dailyLossHalt()).isEqualTo(DailyLossHaltPolicy.UNTIL_OPERATOR);
        assertThat(operator.asMap()).containsEntry("daily-loss-halt", "until-operator");
        assertThat(operator.withOverrides(Map.of("daily-loss-halt", " Until-Next-Day ")).dailyLossHalt())
                .isEqualTo(DailyLossHaltPolicy.UNTIL_NEXT_DAY);

        assertThatThrownBy(() -> RiskLimits.defaults().withOverrides(Map.of("daily-loss-halt", "forever")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("risk setting 'daily-loss-halt' (sextant.risk.daily-loss-halt) must be one of until-next-day,"
                        + " until-operator, got 'forever'");
        assertThatThrownBy(() -> new RiskLimits(d().confidenceThreshold(), d().riskPerTrade(), d().maxDailyLoss(), d().minAtrRatio(),
                d().maxAtrRatio(), d().maxSpreadRatio(), d().stopAtrMultiple(), d().rewardRiskRatio(), d().costHeadroom(),
                d().minNotional(), d().defaultQuantityStep(), Map.of(), d().quantityRounding(), 3, null))
                .hasMessage("risk setting 'daily-loss-halt' (sextant.risk.daily-loss-halt) is missing: set it to one of"
                        + " until-next-day, until-operator");
    }

    @Test
    void theConstructorWithoutTheDailyLossHaltKeepsItsDefault() {
        RiskLimits d = d();
        RiskLimits old = new RiskLimits(d.confidenceThreshold(), d.riskPerTrade(), d.maxDailyLoss(), d.minAtrRatio(),
                d.maxAtrRatio(), d.maxSpreadRatio(), d.stopAtrMultiple(), d.rewardRiskRatio(), d.costHeadroom(), d.minNotional(),
                d.defaultQuantityStep(), d.symbolQuantitySteps(), d.quantityRounding(), d.pendingTimeoutCandles());
        assertThat(old).isEqualTo(d);
    }

    private static RiskLimits d() {
        return RiskLimits.defaults();
    }
}
