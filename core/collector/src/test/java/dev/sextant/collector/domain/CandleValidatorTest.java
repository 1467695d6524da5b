package dev.sextant.collector.domain;

import static dev.sextant.collector.domain.Fixtures.BTC_2024_01_01_00;
import static dev.sextant.collector.domain.Fixtures.btc;
import static dev.sextant.collector.domain.Fixtures.withColumn;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CandleValidatorTest {
    private final CandleValidator validator = new CandleValidator();

    @Test
    void anOrdinaryRealCandleIsValid() {
        assertThat(validator.validate(btc(BTC_2024_01_01_00), null)).isEmpty();
    }

    @Test
    void theRealZeroVolumeCandleWithOpenEqualHighEqualLowEqualCloseIsValid() {
        assertThat(validator.validate(btc(Fixtures.BTC_ZERO_VOLUME), null)).isEmpty();
    }

    @Test
    void theRealCandleWithAShortenedCloseTimeNextToAnOutageIsValid() {
        assertThat(validator.validate(btc(Fixtures.BTC_BEFORE_OUTAGE), null)).isEmpty();
    }

    @Test
    void theRealAllTimeHighCandleIsValid() {
        assertThat(validator.validate(btc(Fixtures.BTC_ATH_2021), null)).isEmpty();
    }

    @Test
    void aBrokenHighBelowTheCloseIsInvalid() {
        // high 42400 < close 42475.23
        Optional<Rejection> r = validator.validate(btc(withColumn(BTC_2024_01_01_00, 2, "42400.00000000")), null);

        assertThat(r).get().extracting(Rejection::reason).isEqualTo(InvalidReason.HIGH_BELOW_BODY);
        assertThat(r.get().message()).isEqualTo("high_below_body: high 42400.00000000 is below max(open, close) 42475.23000000");
    }

    @Test
    void aHighBelowTheOpenIsInvalid() {
        String row = withColumn(withColumn(BTC_2024_01_01_00, 1, "42600.00000000"), 2, "42550.00000000");
        assertThat(reason(row, null)).isEqualTo(InvalidReason.HIGH_BELOW_BODY);
    }

    @Test
    void aLowAboveTheOpenIsInvalid() {
        // low 42300 > open 42283.58
        assertThat(reason(withColumn(BTC_2024_01_01_00, 3, "42300.00000000"), null)).isEqualTo(InvalidReason.LOW_ABOVE_BODY);
    }

    @Test
    void aNegativeVolumeIsInvalid() {
        assertThat(reason(withColumn(BTC_2024_01_01_00, 5, "-1.00000000"), null)).isEqualTo(InvalidReason.NEGATIVE_VOLUME);
    }

    @Test
    void aZeroPriceIsInvalid() {
        String row = withColumn(withColumn(BTC_2024_01_01_00, 3, "0.00000000"), 1, "0.00000000");
        assertThat(reason(row, null)).isEqualTo(InvalidReason.NON_POSITIVE_PRICE);
    }

    @Test
    void anOpenTimeOffTheHourIsInvalid() {
        // 00:30
        assertThat(reason(withColumn(BTC_2024_01_01_00, 0, "1704069000000"), null)).isEqualTo(InvalidReason.MISALIGNED_OPEN_TIME);
    }

    @Test
    void aCloseTimeAfterTheIntervalIsInvalid() {
        assertThat(reason(withColumn(BTC_2024_01_01_00, 6, "1704070800001"), null)).isEqualTo(InvalidReason.CLOSE_TIME_OUT_OF_RANGE);
    }

    @Test
    void aCloseTimeAtTheOpenIsInvalid() {
        assertThat(reason(withColumn(BTC_2024_01_01_00, 6, "1704067200000"), null)).isEqualTo(InvalidReason.CLOSE_TIME_OUT_OF_RANGE);
    }

    @Test
    void aCandleWithTheOpenTimeOfTheLastAcceptedOneIsADuplicate() {
        Instant lastAccepted = Instant.parse("2024-01-01T00:00:00Z");
        assertThat(reason(BTC_2024_01_01_00, lastAccepted)).isEqualTo(InvalidReason.DUPLICATE);
    }

    @Test
    void aCandleOlderThanTheLastAcceptedOneIsOutOfOrder() {
        Instant lastAccepted = Instant.parse("2024-01-01T01:00:00Z");
        assertThat(reason(BTC_2024_01_01_00, lastAccepted)).isEqualTo(InvalidReason.OUT_OF_ORDER);
    }

    @Test
    void theNextCandleAfterTheLastAcceptedOneIsValid() {
        assertThat(validator.validate(btc(Fixtures.BTC_2024_01_01_01), Instant.parse("2024-01-01T00:00:00Z"))).isEmpty();
    }

    @Test
    void aRejectionKeepsTheRawRow() {
        String row = withColumn(BTC_2024_01_01_00, 2, "1.00000000");
        assertThat(validator.validate(btc(row), null)).get().extracting(Rejection::raw).isEqualTo(row);
    }

    private InvalidReason reason(String row, Instant lastAccepted) {
        return validator.validate(btc(row), lastAccepted).map(Rejection::reason).orElse(null);
    }
}
