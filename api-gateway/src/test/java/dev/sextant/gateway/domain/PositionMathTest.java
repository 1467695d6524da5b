package dev.sextant.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.contracts.event.PositionSide;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class PositionMathTest {

    @Test
    void longGainsWhenThePriceRises() {
        BigDecimal pnl = PositionMath.unrealizedPnl(PositionSide.LONG, new BigDecimal("0.1124"),
                new BigDecimal("67650"), new BigDecimal("71210"));
        assertThat(pnl).isEqualByComparingTo("400.144");
        assertThat(PositionMath.returnOn(pnl, new BigDecimal("0.1124"), new BigDecimal("67650")).doubleValue())
                .isCloseTo(0.05262, org.assertj.core.data.Offset.offset(1e-5));
    }

    @Test
    void shortGainsWhenThePriceFalls() {
        assertThat(PositionMath.unrealizedPnl(PositionSide.SHORT, new BigDecimal("2"), new BigDecimal("100"),
                new BigDecimal("90"))).isEqualByComparingTo("20");
    }

    @Test
    void flatIsZeroAndUnknownPriceIsNull() {
        assertThat(PositionMath.unrealizedPnl(PositionSide.FLAT, BigDecimal.ZERO, null, null)).isZero();
        assertThat(PositionMath.unrealizedPnl(PositionSide.LONG, BigDecimal.ONE, BigDecimal.TEN, null)).isNull();
        assertThat(PositionMath.returnOn(null, BigDecimal.ONE, BigDecimal.TEN)).isNull();
    }
}
