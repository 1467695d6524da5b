package dev.sextant.collector.domain;

import static dev.sextant.collector.domain.Fixtures.BTC;
import static dev.sextant.collector.domain.Fixtures.btc;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.event.Interval;
import dev.sextant.contracts.id.Ids;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class CandleNormalizerTest {
    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
    private final CandleNormalizer normalizer = new CandleNormalizer("Binance", Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void derivesTheIdTimesAndExchange() {
        CandleClosed c = normalizer.normalise(btc(Fixtures.BTC_2024_01_01_00));

        Instant open = Instant.parse("2024-01-01T00:00:00Z");
        assertThat(c.eventId()).isEqualTo(Ids.candleId("binance", BTC, Interval.H1, open));
        assertThat(c.exchange()).isEqualTo("binance");
        assertThat(c.symbol()).isEqualTo(BTC);
        assertThat(c.interval()).isEqualTo(Interval.H1);
        assertThat(c.openTime()).isEqualTo(open);
        assertThat(c.closeTime()).isEqualTo(Instant.parse("2024-01-01T01:00:00Z"));
        assertThat(c.tsEvent()).isEqualTo(c.closeTime());
        assertThat(c.tsInit()).isEqualTo(NOW);
        assertThat(c.causationId()).isNull();
        assertThat(c.schemaVersion()).isEqualTo(CandleClosed.SCHEMA_VERSION);
        assertThat(c.tradeCount()).isEqualTo(47134);
    }

    @Test
    void stripsTrailingZerosWithoutExponents() {
        CandleClosed c = normalizer.normalise(btc(Fixtures.BTC_ATH_2021));

        assertThat(c.high()).isEqualTo(new BigDecimal("69000"));
        assertThat(c.high().toString()).isEqualTo("69000");
        assertThat(c.open()).isEqualTo(new BigDecimal("67983.45"));
        assertThat(c.low()).isEqualTo(new BigDecimal("67879.79"));
        assertThat(c.close()).isEqualTo(new BigDecimal("68382.69"));
        assertThat(c.volume()).isEqualTo(new BigDecimal("5399.440776"));
        assertThat(c.quoteVolume()).isEqualTo(new BigDecimal("369466086.93585652"));
    }

    @Test
    void zeroVolumeBecomesPlainZero() {
        CandleClosed c = normalizer.normalise(btc(Fixtures.BTC_ZERO_VOLUME));

        assertThat(c.volume()).isEqualTo(new BigDecimal("0"));
        assertThat(c.volume().scale()).isZero();
        assertThat(c.open()).isEqualTo(new BigDecimal("7930.85"));
    }

    @Test
    void aShortenedCloseTimeStillClosesAtTheIntervalEnd() {
        Kline k = btc(Fixtures.BTC_BEFORE_OUTAGE);
        CandleClosed c = normalizer.normalise(k);

        assertThat(k.rawCloseTime()).isEqualTo(Instant.parse("2018-02-08T00:28:14.788Z"));
        assertThat(c.closeTime()).isEqualTo(Instant.parse("2018-02-08T01:00:00Z"));
        assertThat(c.tsEvent()).isEqualTo(Instant.parse("2018-02-08T01:00:00Z"));
    }

    @Test
    void sameRowSameIdWhateverTheClock() {
        CandleNormalizer later = new CandleNormalizer("binance", Clock.fixed(NOW.plusSeconds(3600), ZoneOffset.UTC));
        assertThat(later.normalise(btc(Fixtures.BTC_2024_01_01_00)).eventId())
                .isEqualTo(normalizer.normalise(btc(Fixtures.BTC_2024_01_01_00)).eventId());
    }

    @Test
    void decimalsNormaliseToOneFormForEqualValues() {
        assertThat(Decimals.normalise(new BigDecimal("13715.65000000"))).isEqualTo(new BigDecimal("13715.65"));
        assertThat(Decimals.normalise(new BigDecimal("13715.650"))).isEqualTo(new BigDecimal("13715.65"));
        assertThat(Decimals.normalise(new BigDecimal("0.00000000"))).isEqualTo(BigDecimal.ZERO);
        assertThat(Decimals.normalise(new BigDecimal("100.00000000")).toPlainString()).isEqualTo("100");
        assertThat(Decimals.normalise(new BigDecimal("0.00012300"))).isEqualTo(new BigDecimal("0.000123"));
    }
}
