package dev.sextant.execution.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class RoutingPolicyTest {

    @Test
    void theDefaultsAreTheSeedsFigures() {
        RoutingPolicy p = RoutingPolicy.defaults();
        assertThat(p.marketNotionalCeiling()).isEqualByComparingTo("1000");
        assertThat(p.twapNotionalThreshold()).isEqualByComparingTo("5000");
        assertThat(p.twapSlices()).isEqualTo(5);
        assertThat(p.twapInterval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(p.maxSlippage()).isEqualByComparingTo("0.005");
        assertThat(p.liquidityBand()).isEqualByComparingTo("0.005");
        assertThat(p.minLiquidityMultiple()).isEqualByComparingTo("3");
        assertThat(p.maxBookAge()).isEqualTo(Duration.ofSeconds(5));
        assertThat(p.quantityStep()).isEqualByComparingTo("0.00001");
        assertThat(p.minSliceNotional()).isEqualByComparingTo("5");
        assertThat(p.marketWithoutBook()).isTrue();
    }

    private static void refused(Consumer<PolicyBuilder> change, String setting) {
        PolicyBuilder b = new PolicyBuilder();
        change.accept(b);
        assertThatThrownBy(b::build).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("sextant.execution.routing." + setting + " must be");
    }

    private static void accepted(Consumer<PolicyBuilder> change) {
        PolicyBuilder b = new PolicyBuilder();
        change.accept(b);
        assertThat(b.build()).isNotNull();
    }

    @Test
    void sizeBandsAreRefusedWithTheirNames() {
        refused(b -> b.marketCeiling = BigDecimal.ZERO, "market-notional-ceiling");
        refused(b -> b.marketCeiling = null, "market-notional-ceiling");
        refused(b -> b.twapThreshold = new BigDecimal("-1"), "twap-notional-threshold");
        refused(b -> b.twapThreshold = new BigDecimal("999.99"), "twap-notional-threshold");
        accepted(b -> b.twapThreshold = new BigDecimal("1000"));
    }

    @Test
    void sliceCountIsThreeToFive() {
        refused(b -> b.slices = 2, "twap-slices");
        refused(b -> b.slices = 6, "twap-slices");
        accepted(b -> b.slices = 3);
        accepted(b -> b.slices = 5);
    }

    @Test
    void durationsArePositive() {
        refused(b -> b.interval = Duration.ZERO, "twap-interval");
        refused(b -> b.interval = null, "twap-interval");
        refused(b -> b.maxAge = Duration.ofMillis(-1), "max-book-age");
        refused(b -> b.maxAge = Duration.ZERO, "max-book-age");
    }

    @Test
    void fractionsAreInZeroToTenPercent() {
        refused(b -> b.maxSlippage = BigDecimal.ZERO, "max-slippage");
        refused(b -> b.maxSlippage = new BigDecimal("0.1"), "max-slippage");
        accepted(b -> b.maxSlippage = new BigDecimal("0.09999"));
        refused(b -> b.band = new BigDecimal("-0.001"), "liquidity-band");
        refused(b -> b.band = new BigDecimal("0.5"), "liquidity-band");
    }

    @Test
    void theBookMustHoldAtLeastTheOrder() {
        refused(b -> b.multiple = new BigDecimal("0.99"), "min-liquidity-multiple");
        accepted(b -> b.multiple = BigDecimal.ONE);
    }

    @Test
    void stepAndSliceMinimums() {
        refused(b -> b.step = BigDecimal.ZERO, "quantity-step");
        refused(b -> b.minSliceQuantity = new BigDecimal("-0.00001"), "min-slice-quantity");
        refused(b -> b.minSliceNotional = null, "min-slice-notional");
        accepted(b -> b.minSliceNotional = BigDecimal.ZERO);
    }

    @Test
    void theMessageSaysWhatWasGiven() {
        assertThatThrownBy(() -> new PolicyBuilder().slices(7).build())
                .hasMessage("sextant.execution.routing.twap-slices must be between 3 and 5 (seed 002: a TWAP of 3-5 orders), got 7");
    }
}
