package dev.sextant.collector.market;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FixedPointTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "20377.00, 2037700000000",
        "0.001, 100000",
        "0.00000001, 1",
        "0, 0",
        "0.00000000, 0",
        "4.00000200, 400000200",
        "431.00000000, 43100000000",
        "1.000000000000, 100000000",        // zeros beyond the 8th decimal: exact, accepted
        "1.000000010, 100000001",
        "007.5, 750000000",
        "92233720368.54775807, 9223372036854775807",  // Long.MAX_VALUE: the largest value
        "1000000000, 100000000000000000",              // EventBounds.MAX_PRICE
    })
    void parsesPlainDecimalsExactly(String text, long scaled) {
        assertThat(FixedPoint.parse(text)).isEqualTo(scaled);
        assertThat(FixedPoint.toBigDecimal(scaled)).isEqualByComparingTo(new BigDecimal(text));
    }

    @ParameterizedTest(name = "''{0}'' -> {1}")
    @CsvSource(value = {
        "'', EMPTY",
        "NaN, NOT_PLAIN",
        "Infinity, NOT_PLAIN",
        "1e400, NOT_PLAIN",
        "1E+9, NOT_PLAIN",
        "' 1', NOT_PLAIN",
        "'1 ', NOT_PLAIN",
        "+1, NOT_PLAIN",
        ".5, NOT_PLAIN",
        "5., NOT_PLAIN",
        "1.2.3, NOT_PLAIN",
        "'1,5', NOT_PLAIN",
        "0x10, NOT_PLAIN",
        "-, NOT_PLAIN",
        "--1, NOT_PLAIN",
        "-1, NEGATIVE",
        "-0.5, NEGATIVE",
        "0.000000001, TOO_MANY_DECIMALS",
        "1.123456789, TOO_MANY_DECIMALS",
        "1.0000000101, TOO_MANY_DECIMALS",
        "1.123456789x, NOT_PLAIN",
        "92233720368.54775808, OVERFLOW",
        "92233720369, OVERFLOW",
        "99999999999999999999999999999999, OVERFLOW",
        "99999999999999999999999999999999.5, OVERFLOW",
        "99999999999999999999999999999999x, NOT_PLAIN",
    }, quoteCharacter = '\'')
    void refusesAnythingElseWithACode(String text, String code) throws Exception {
        long expected = FixedPoint.class.getField(code).getLong(null);
        long parsed = FixedPoint.parse(text);
        assertThat(parsed).as("'%s'", text).isEqualTo(expected);
        assertThat(FixedPoint.isError(parsed)).isTrue();
    }

    @Test
    void nullIsEmpty() {
        assertThat(FixedPoint.parse(null)).isEqualTo(FixedPoint.EMPTY);
    }

    @Test
    void everyErrorHasItsOwnSentence() {
        Set<String> sentences = new HashSet<>();
        for (long code : new long[] {FixedPoint.EMPTY, FixedPoint.NOT_PLAIN, FixedPoint.TOO_MANY_DECIMALS,
                FixedPoint.OVERFLOW, FixedPoint.NEGATIVE}) {
            sentences.add(FixedPoint.error(code));
        }
        assertThat(sentences).hasSize(5);
        assertThat(FixedPoint.error(FixedPoint.TOO_MANY_DECIMALS)).isEqualTo("more than 8 decimal places");
        assertThat(FixedPoint.error(FixedPoint.OVERFLOW)).isEqualTo("larger than 92233720368.54775807");
    }

    /** Random decimal strings against BigDecimal: same value, or an error exactly when BigDecimal cannot fit. */
    @Test
    void agreesWithBigDecimalOnRandomDecimals() {
        Random random = new Random(20221101);
        BigDecimal max = BigDecimal.valueOf(Long.MAX_VALUE).movePointLeft(FixedPoint.SCALE);
        for (int i = 0; i < 200_000; i++) {
            StringBuilder text = new StringBuilder();
            int intDigits = 1 + random.nextInt(random.nextInt(10) == 0 ? 14 : 6);
            for (int d = 0; d < intDigits; d++) {
                text.append((char) ('0' + random.nextInt(10)));
            }
            int decimals = random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(random.nextInt(10) == 0 ? 12 : 8);
            if (decimals > 0) {
                text.append('.');
                for (int d = 0; d < decimals; d++) {
                    text.append(random.nextInt(3) == 0 ? '0' : (char) ('0' + random.nextInt(10)));
                }
            }
            String s = text.toString();
            BigDecimal exact = new BigDecimal(s);
            long parsed = FixedPoint.parse(s);
            boolean tooPrecise = exact.stripTrailingZeros().scale() > FixedPoint.SCALE;
            boolean tooLarge = exact.compareTo(max) > 0;
            if (tooPrecise && tooLarge) {  // both faults: the one met first is reported
                assertThat(parsed).as(s).isIn(FixedPoint.TOO_MANY_DECIMALS, FixedPoint.OVERFLOW);
            } else if (tooPrecise) {
                assertThat(parsed).as(s).isEqualTo(FixedPoint.TOO_MANY_DECIMALS);
            } else if (tooLarge) {
                assertThat(parsed).as(s).isEqualTo(FixedPoint.OVERFLOW);
            } else {
                assertThat(parsed).as(s).isEqualTo(exact.movePointRight(FixedPoint.SCALE).longValueExact());
                assertThat(FixedPoint.toBigDecimal(parsed)).as(s).isEqualByComparingTo(exact);
            }
        }
    }

    @Test
    void toBigDecimalIsPlainWithoutTrailingZeros() {
        assertThat(FixedPoint.toBigDecimal(2_037_700_000_000L)).isEqualTo(new BigDecimal("20377"));
        assertThat(FixedPoint.toBigDecimal(1_770_000_000L).toPlainString()).isEqualTo("17.7");
        assertThat(FixedPoint.toBigDecimal(100_000L)).isEqualTo(new BigDecimal("0.001"));
        assertThat(FixedPoint.toBigDecimal(0)).isEqualTo(BigDecimal.ZERO);
        assertThat(FixedPoint.toPlainString(100_000_000_000_000_000L)).isEqualTo("1000000000");
        assertThat(FixedPoint.of(new BigDecimal("20472.10"))).isEqualTo(2_047_210_000_000L);
    }
}
