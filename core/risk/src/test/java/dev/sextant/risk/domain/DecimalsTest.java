package dev.sextant.risk.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link Decimals#ratio} divides in long arithmetic when it can be sure of the result; whichever way,
 * it must give exactly (value and scale) what the rule says: divide with {@link Decimals#RATIO_CONTEXT},
 * then keep {@link Decimals#RATIO_SCALE} places, HALF_EVEN.
 */
class DecimalsTest {
    private static final SplittableRandom RANDOM = new SplittableRandom(20261130);

    private static BigDecimal rule(BigDecimal numerator, BigDecimal denominator) {
        return numerator.divide(denominator, Decimals.RATIO_CONTEXT).setScale(Decimals.RATIO_SCALE, RoundingMode.HALF_EVEN);
    }

    private static void assertRatio(BigDecimal numerator, BigDecimal denominator) {
        assertThat(Decimals.ratio(numerator, denominator)).as("%s / %s", numerator, denominator)
                .isEqualTo(rule(numerator, denominator));
    }

    private static long unscaled(int digits) {
        long max = 1;
        for (int i = 0; i < digits; i++) {
            max *= 10;
        }
        return RANDOM.nextLong(1, max);
    }

    @Test
    void volatilityRatiosOfRealisticMarks() {
        int fast = 0;
        for (int i = 0; i < 300_000; i++) {
            BigDecimal atr = BigDecimal.valueOf(RANDOM.nextDouble(0.001, 5_000));
            BigDecimal close = BigDecimal.valueOf(RANDOM.nextLong(1, 10_000_000_000L), RANDOM.nextInt(0, 9));
            if (Decimals.positiveRatioInLongs(atr, close) != null) {
                fast++;
            }
            assertRatio(atr, close);
        }
        assertThat(fast).as("the long arithmetic takes the usual case").isGreaterThan(250_000);
    }

    @Test
    void randomDecimalsOfEveryLengthAndScale() {
        for (int i = 0; i < 500_000; i++) {
            BigDecimal numerator = BigDecimal.valueOf(unscaled(RANDOM.nextInt(1, 19)), RANDOM.nextInt(-6, 24));
            BigDecimal denominator = BigDecimal.valueOf(unscaled(RANDOM.nextInt(1, 19)), RANDOM.nextInt(-6, 24));
            assertRatio(numerator, denominator);
        }
    }

    @Test
    void ratiosAtAndNearTheMidpointBetweenTwoResults() {
        int checked = 0;
        for (int i = 0; i < 200_000; i++) {
            // x * 10^8 = q + 1/2 + t / den for a few small t: the first rounding (16 digits) may land on the
            // midpoint, and HALF_EVEN then differs from rounding x once.
            long den = 2 * RANDOM.nextLong(1, 500_000_000_000L);
            long q = RANDOM.nextLong(0, 1_000_000_000L);
            long t = RANDOM.nextInt(-3, 4) * (RANDOM.nextBoolean() ? 1 : RANDOM.nextLong(1, 1_000_000));
            BigInteger num = BigInteger.valueOf(q).multiply(BigInteger.valueOf(den)).add(BigInteger.valueOf(den / 2 + t));
            if (num.signum() <= 0) {
                continue;
            }
            int scale = RANDOM.nextInt(0, 6);
            assertRatio(new BigDecimal(num, Decimals.RATIO_SCALE + scale), BigDecimal.valueOf(den, scale));
            checked++;
        }
        assertThat(checked).isGreaterThan(190_000);
    }

    @Test
    void largeQuotientsSmallQuotientsAndSigns() {
        assertRatio(new BigDecimal("123456789012345678"), new BigDecimal("0.000000000000000001"));
        assertRatio(new BigDecimal("999999999999999999"), new BigDecimal("1"));
        assertRatio(new BigDecimal("9999999.99999999"), new BigDecimal("1"));
        assertRatio(new BigDecimal("1"), new BigDecimal("999999999999999999"));
        assertRatio(new BigDecimal("0.000000005"), new BigDecimal("1"));
        assertRatio(new BigDecimal("0.000000015"), new BigDecimal("1"));
        assertRatio(new BigDecimal("0.0000000149999999999999999"), new BigDecimal("1"));
        assertRatio(new BigDecimal("1"), new BigDecimal("3"));
        assertRatio(new BigDecimal("2"), new BigDecimal("3"));
        assertRatio(new BigDecimal("0"), new BigDecimal("3"));
        assertRatio(new BigDecimal("0.00"), new BigDecimal("3"));
        assertRatio(new BigDecimal("-1"), new BigDecimal("3"));
        assertRatio(new BigDecimal("1"), new BigDecimal("-3"));
        assertRatio(new BigDecimal("1E+5"), new BigDecimal("7E-3"));
        assertRatio(new BigDecimal("12345678901234567890"), new BigDecimal("3"));
        assertRatio(new BigDecimal("890"), new BigDecimal("67650"));
        assertThat(Decimals.ratio(new BigDecimal("890"), new BigDecimal("67650"))).isEqualTo(new BigDecimal("0.01315595"));
    }
}
