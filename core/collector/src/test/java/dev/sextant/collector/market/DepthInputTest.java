package dev.sextant.collector.market;

import static dev.sextant.collector.market.Books.BTCUSDT;
import static dev.sextant.collector.market.Books.E;
import static dev.sextant.collector.market.Books.levels;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The book's inputs refuse what they cannot hold, with a reason, and never throw. */
class DepthInputTest {

    @ParameterizedTest(name = "{0}:{1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "abc           | 1     | bids[1] price 'abc': not a plain decimal (digits with an optional '.' and decimals: no sign, exponent, blank or NaN)",
        "1e400         | 1     | bids[1] price '1e400': not a plain decimal",
        "NaN           | 1     | bids[1] price 'NaN': not a plain decimal",
        "-100          | 1     | bids[1] price '-100': negative",
        "100.000000001 | 1     | bids[1] price '100.000000001': more than 8 decimal places",
        "92233720368.54775808 | 1 | bids[1] price '92233720368.54775808': larger than 92233720368.54775807",
        "``            | 1     | bids[1] price '': empty",
        "0             | 1     | bids[1] price must be positive, got 0",
        "1000000000.5  | 1     | bids[1] price must be at most 1000000000, got 1000000000.5",
        "100           | -1    | bids[1] quantity '-1': negative",
        "100           | 1e3   | bids[1] quantity '1e3': not a plain decimal",
        "100           | 0.123456789 | bids[1] quantity '0.123456789': more than 8 decimal places",
    })
    void aMalformedLevelIsRefusedWithItsReason(String price, String quantity, String reason) {
        List<List<String>> bids = List.of(List.of("99", "1"), Arrays.asList(price, quantity));
        assertThat(reason(DepthUpdate.parse(BTCUSDT, E, 1, 2, bids, List.of()))).startsWith(reason);
        assertThat(reason(DepthSnapshot.parse(BTCUSDT, 1, bids, List.of()))).startsWith(reason);
        assertThat(reason(DepthUpdate.parse(BTCUSDT, E, 1, 2, List.of(), bids))).startsWith(reason.replace("bids", "asks"));
    }

    @Test
    void aMalformedHeaderIsRefused() {
        assertThat(reason(DepthUpdate.parse(BTCUSDT, E, 5, 4, levels("1:1"), List.of())))
                .isEqualTo("final update id u 4 is below the first update id U 5");
        assertThat(reason(DepthUpdate.parse(BTCUSDT, -1, 1, 2, levels("1:1"), List.of())))
                .isEqualTo("event time E must be in [0, 4102444800000) ms (1970 to 2100), got -1");
        assertThat(reason(DepthUpdate.parse(BTCUSDT, E, -1, 2, levels("1:1"), List.of())))
                .isEqualTo("first update id U must not be negative, got -1");
        assertThat(reason(DepthUpdate.parse(null, E, 1, 2, levels("1:1"), List.of()))).isEqualTo("missing symbol");
        assertThat(reason(DepthUpdate.parse(BTCUSDT, E, 1, 2, null, List.of()))).isEqualTo("missing bids");
        assertThat(reason(DepthUpdate.parse(BTCUSDT, E, 1, 2, List.of(List.of("1")), List.of())))
                .isEqualTo("bids[0] must be [price, quantity], got [1]");
        assertThat(reason(DepthSnapshot.parse(BTCUSDT, -5, levels("1:1"), List.of())))
                .isEqualTo("lastUpdateId must not be negative, got -5");
        assertThat(reason(DepthSnapshot.parse(BTCUSDT, 1, levels("1:1"), null))).isEqualTo("missing asks");
    }

    @Test
    void scaledLevelsAreCheckedAndCopied() {
        assertThat(reason(DepthUpdate.of(BTCUSDT, E, 1, 2, new long[] {100}, new long[0])))
                .isEqualTo("bids must hold (price, quantity) pairs, got 1 values");
        assertThat(reason(DepthUpdate.of(BTCUSDT, E, 1, 2, new long[0], new long[] {FixedPoint.ONE, -1})))
                .isEqualTo("asks[0] quantity must not be negative, got -0.00000001");
        assertThat(reason(DepthSnapshot.of(BTCUSDT, 1, new long[] {-FixedPoint.ONE, 1}, new long[0])))
                .isEqualTo("bids[0] price must be positive, got -1");

        long[] bids = {100 * FixedPoint.ONE, 2 * FixedPoint.ONE};
        DepthUpdate update = DepthUpdate.of(BTCUSDT, E, 1, 2, bids, new long[0]).orElseThrow();
        bids[1] = 0;
        assertThat(update.bidQuantity(0)).as("the update kept its own copy").isEqualTo(2 * FixedPoint.ONE);
        assertThat(update.levelCount()).isEqualTo(1);
        assertThat(update.toString()).isEqualTo("DepthUpdate[BTCUSDT E=" + E + " U=1 u=2 bids=[[100, 2]] asks=[]]");
    }

    @Test
    void aRefusedInputHasNoValue() {
        Decoded<DepthUpdate> rejected = DepthUpdate.parse(BTCUSDT, E, 1, 2, levels("x:1"), List.of());
        assertThat(rejected).isInstanceOf(Decoded.Rejected.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(rejected::orElseThrow).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("rejected: bids[0] price 'x'");
    }

    private static String reason(Decoded<?> decoded) {
        return ((Decoded.Rejected<?>) decoded).reason();
    }
}
