package dev.sextant.performance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class RecordValidationTest {
    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
    private static final Instant T1 = Instant.parse("2024-01-01T05:00:00Z");
    private static final BigDecimal ONE = BigDecimal.ONE;

    @Test
    void equitySampleRequiresTimeAndNonNegativeEquity() {
        assertThatThrownBy(() -> new EquitySample(null, ONE, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("equity sample time is required");
        assertThatThrownBy(() -> new EquitySample(T0, null, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has no equity");
        assertThatThrownBy(() -> new EquitySample(T0, new BigDecimal("-0.01"), true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative equity -0.01");
        assertThat(new EquitySample(T0, BigDecimal.ZERO, false).equity()).isZero();
    }

    private static TradeRecord trade(String symbol, String side, Instant entry, String entryPrice, Instant exit,
                                     String exitPrice, String qty, String fees, String pnl, String reason) {
        return new TradeRecord(symbol, side, entry, entryPrice == null ? null : new BigDecimal(entryPrice), exit,
                exitPrice == null ? null : new BigDecimal(exitPrice), qty == null ? null : new BigDecimal(qty),
                fees == null ? null : new BigDecimal(fees), pnl == null ? null : new BigDecimal(pnl), reason);
    }

    @Test
    void tradeRecordAcceptsAValidShortAndReportsItsHoldingTime() {
        TradeRecord t = trade("ETHUSDT", "SHORT", T0, "2000", T1, "1900", "0.5", "1.2", "48.8", "TAKE_PROFIT");
        assertThat(t.holdingTime()).isEqualTo(Duration.ofHours(5));
    }

    @Test
    void tradeRecordRejectsEachInvalidField() {
        assertThatThrownBy(() -> trade(" ", "LONG", T0, "1", T1, "1", "1", "0", "0", "X"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("trade symbol is required");
        assertThatThrownBy(() -> trade("BTCUSDT", "BUY", T0, "1", T1, "1", "1", "0", "0", "X"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be LONG or SHORT, was BUY");
        assertThatThrownBy(() -> trade("BTCUSDT", "LONG", null, "1", T1, "1", "1", "0", "0", "X"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs both entry and exit time");
        assertThatThrownBy(() -> trade("BTCUSDT", "LONG", T1, "1", T0, "1", "1", "0", "0", "X"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exits at " + T0 + " before its entry");
        assertThatThrownBy(() -> trade("BTCUSDT", "LONG", T0, "0", T1, "1", "1", "0", "0", "X"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive entry price, was 0");
        assertThatThrownBy(() -> trade("BTCUSDT", "LONG", T0, "1", T1, null, "1", "0", "0", "X"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive exit price, was null");
        assertThatThrownBy(() -> trade("BTCUSDT", "LONG", T0, "1", T1, "1", "-2", "0", "0", "X"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive quantity, was -2");
        assertThatThrownBy(() -> trade("BTCUSDT", "LONG", T0, "1", T1, "1", "1", "-0.1", "0", "X"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fees of zero or more, was -0.1");
        assertThatThrownBy(() -> trade("BTCUSDT", "LONG", T0, "1", T1, "1", "1", "0", null, "X"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has no net P&L");
        assertThatThrownBy(() -> trade("BTCUSDT", "LONG", T0, "1", T1, "1", "1", "0", "0", ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has no exit reason");
    }

    private static Performance performance(BigDecimal initial, double maxDrawdown, double winRate, double exposure,
                                           Map<YearMonth, Double> months) {
        return new Performance(initial, ONE, 0, 0, 0, 0, 0, maxDrawdown, Duration.ZERO, winRate, 1,
                BigDecimal.ZERO, Duration.ZERO, exposure, 0, BigDecimal.ZERO, T0, T1,
                months == null ? null : new TreeMap<>(months));
    }

    @Test
    void performanceRejectsOutOfRangeFigures() {
        assertThatThrownBy(() -> performance(BigDecimal.ZERO, 0, 0, 0, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("initial equity must be positive");
        assertThatThrownBy(() -> performance(ONE, 1.5, 0, 0, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max drawdown must be a fraction");
        assertThatThrownBy(() -> performance(ONE, Double.NaN, 0, 0, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max drawdown must be a fraction");
        assertThatThrownBy(() -> performance(ONE, 0, 1.1, 0, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("win rate");
        assertThatThrownBy(() -> performance(ONE, 0, 0, -0.1, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exposure");
        assertThatThrownBy(() -> performance(ONE, 0, 0, 0, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("monthly returns are required");
        assertThatThrownBy(() -> new Performance(ONE, ONE, 0, 0, 0, 0, 0, 0, Duration.ZERO, 0, 1, BigDecimal.ZERO,
                Duration.ZERO, 0, 0, BigDecimal.ZERO, T1, T0, new TreeMap<>()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("end must not precede start");
        assertThat(performance(ONE, 0, Double.NaN, 1, Map.of()).winRate()).isNaN();
    }

    @Test
    void performanceMonthlyReturnsAreAnUnmodifiableCopy() {
        TreeMap<YearMonth, Double> months = new TreeMap<>(Map.of(YearMonth.of(2024, 1), 0.1));
        Performance p = performance(ONE, 0, 0, 0, months);
        months.put(YearMonth.of(2024, 2), 0.2);
        assertThat(p.monthlyReturns()).containsOnlyKeys(YearMonth.of(2024, 1));
        assertThatThrownBy(() -> p.monthlyReturns().put(YearMonth.of(2024, 3), 0.0))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
