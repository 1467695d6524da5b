package dev.sextant.collector.domain;

import static dev.sextant.collector.domain.Fixtures.BTC;
import static dev.sextant.collector.domain.Fixtures.ETH;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.contracts.event.Interval;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KlineCsvParserTest {
    private final KlineCsvParser parser = new KlineCsvParser(BTC, Fixtures.H1);

    @Test
    void parsesEveryColumnOfARealRowExactly() {
        ParsedLine parsed = parser.parse(Fixtures.BTC_2024_01_01_00);

        assertThat(parsed).isInstanceOf(ParsedLine.Row.class);
        Kline k = ((ParsedLine.Row) parsed).kline();
        assertThat(k.symbol()).isEqualTo(BTC);
        assertThat(k.openTime()).isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
        assertThat(k.open()).isEqualTo(new BigDecimal("42283.58000000"));
        assertThat(k.high()).isEqualTo(new BigDecimal("42554.57000000"));
        assertThat(k.low()).isEqualTo(new BigDecimal("42261.02000000"));
        assertThat(k.close()).isEqualTo(new BigDecimal("42475.23000000"));
        assertThat(k.volume()).isEqualTo(new BigDecimal("1271.68108000"));
        assertThat(k.rawCloseTime()).isEqualTo(Instant.parse("2024-01-01T00:59:59.999Z"));
        assertThat(k.quoteVolume()).isEqualTo(new BigDecimal("53957248.97378900"));
        assertThat(k.tradeCount()).isEqualTo(47134);
        assertThat(k.raw()).isEqualTo(Fixtures.BTC_2024_01_01_00);
    }

    @Test
    void aRowWithTooFewColumnsIsMalformed() {
        ParsedLine parsed = parser.parse("1704067200000,42283.58,42554.57");

        assertThat(parsed).isInstanceOf(ParsedLine.Malformed.class);
        assertThat(((ParsedLine.Malformed) parsed).reason()).isEqualTo("expected 12 (or 6) columns, got 3");
    }

    @Test
    void aReducedSixColumnRowHasTheIntervalsLastMillisecondAsCloseAndReportsNoQuoteVolumeNorTrades() {
        KlineCsvParser minutes = new KlineCsvParser(BTC, Interval.M1);
        String row = "1679004900000,24899.18,24943.98,24896.29,24934.2,293.13711"; // the carried 1m file's first row

        Kline k = ((ParsedLine.Row) minutes.parse(row)).kline();

        assertThat(k.interval()).isEqualTo(Interval.M1);
        assertThat(k.openTime()).isEqualTo(Instant.parse("2023-03-16T22:15:00Z"));
        assertThat(k.open()).isEqualTo(new BigDecimal("24899.18"));
        assertThat(k.high()).isEqualTo(new BigDecimal("24943.98"));
        assertThat(k.low()).isEqualTo(new BigDecimal("24896.29"));
        assertThat(k.close()).isEqualTo(new BigDecimal("24934.2"));
        assertThat(k.volume()).isEqualTo(new BigDecimal("293.13711"));
        assertThat(k.rawCloseTime()).isEqualTo(Instant.parse("2023-03-16T22:15:59.999Z"));
        assertThat(k.quoteVolume()).isZero();
        assertThat(k.tradeCount()).isZero();
        assertThat(k.raw()).isEqualTo(row);
        assertThat(new CandleValidator().validate(k, null)).isEmpty();
        // On an hourly parser the same layout closes at the hour's last millisecond.
        assertThat(((ParsedLine.Row) parser.parse("1704067200000,1,2,0.5,1.5,10")).kline().rawCloseTime())
                .isEqualTo(Instant.parse("2024-01-01T00:59:59.999Z"));
    }

    @Test
    void sevenOrElevenColumnsAreMalformed() {
        assertThat(((ParsedLine.Malformed) parser.parse("1704067200000,1,2,0.5,1.5,10,1704070799999")).reason())
                .isEqualTo("expected 12 (or 6) columns, got 7");
        String elevenColumns = Fixtures.BTC_2024_01_01_00.substring(0, Fixtures.BTC_2024_01_01_00.lastIndexOf(','));
        assertThat(((ParsedLine.Malformed) parser.parse(elevenColumns)).reason())
                .isEqualTo("expected 12 (or 6) columns, got 11");
    }

    @Test
    void aValueThatIsNotANumberIsMalformedAndNamesTheColumn() {
        ParsedLine parsed = parser.parse(Fixtures.withColumn(Fixtures.BTC_2024_01_01_00, 2, "abc"));

        assertThat(parsed).isInstanceOf(ParsedLine.Malformed.class);
        assertThat(((ParsedLine.Malformed) parsed).reason()).isEqualTo("column 'high' is not a number: 'abc'");
        assertThat(parsed.raw()).contains("abc");
    }

    @Test
    void aBadOpenTimeIsMalformed() {
        ParsedLine parsed = parser.parse(Fixtures.withColumn(Fixtures.BTC_2024_01_01_00, 0, "2024-01-01"));

        assertThat(((ParsedLine.Malformed) parsed).reason()).isEqualTo("column 'open_time' is not an integer: '2024-01-01'");
    }

    @Test
    void theReaderSkipsTheHeaderAndBlankLines() {
        List<ParsedLine> lines = new ArrayList<>();
        try (KlineReader reader = Fixtures.csv(BTC,
                "open_time,open,high,low,close,volume,close_time,quote_volume,trades,taker_buy_base_volume,taker_buy_quote_volume,ignore",
                Fixtures.BTC_2024_01_01_00, "", Fixtures.BTC_2024_01_01_01)) {
            reader.forEachRemaining(lines::add);
        }
        assertThat(lines).hasSize(2).allMatch(l -> l instanceof ParsedLine.Row);
    }

    @Test
    void parsesTheWholeRealBtcFile() {
        RowCount btc = count(Fixtures.realFile(BTC));

        assertThat(btc.rows).isEqualTo(72_866);
        assertThat(btc.malformed).isZero();
        assertThat(btc.first).isEqualTo(Instant.parse("2018-01-01T00:00:00Z"));
        assertThat(btc.last).isEqualTo(Instant.parse("2026-04-30T03:00:00Z"));
        assertThat(btc.maxHigh).isEqualByComparingTo("126199.63");
    }

    @Test
    void parsesTheWholeRealEthFile() {
        RowCount eth = count(Fixtures.realFile(ETH));

        assertThat(eth.rows).isEqualTo(72_866);
        assertThat(eth.malformed).isZero();
    }

    @Test
    void parsesTheCarriedOneMinuteWindowsOfBothSymbols() {
        for (var symbol : List.of(BTC, ETH)) {
            RowCount minutes = count(Fixtures.realFile(symbol, Interval.M1));

            assertThat(minutes.rows).as(symbol.value()).isEqualTo(66_087);
            assertThat(minutes.malformed).isZero();
            assertThat(minutes.first).isEqualTo(Instant.parse("2023-03-16T22:15:00Z"));
            assertThat(minutes.last).isEqualTo(Instant.parse("2023-05-01T21:01:00Z"));
        }
    }

    @Test
    void parsesTheCarriedFifteenMinuteFile() {
        RowCount quarters = count(Fixtures.realFile(BTC, Interval.M15));

        assertThat(quarters.rows).isEqualTo(116_556);
        assertThat(quarters.malformed).isZero();
        assertThat(quarters.first).isEqualTo(Instant.parse("2023-01-02T00:00:00Z"));
    }

    private static RowCount count(KlineReader reader) {
        RowCount count = new RowCount();
        try (reader) {
            while (reader.hasNext()) {
                ParsedLine line = reader.next();
                if (line instanceof ParsedLine.Row row) {
                    count.rows++;
                    if (count.first == null) {
                        count.first = row.kline().openTime();
                    }
                    count.last = row.kline().openTime();
                    count.maxHigh = count.maxHigh.max(row.kline().high());
                } else {
                    count.malformed++;
                }
            }
        }
        return count;
    }

    private static final class RowCount {
        long rows;
        long malformed;
        Instant first;
        Instant last;
        BigDecimal maxHigh = BigDecimal.ZERO;
    }
}
