package dev.sextant.collector.market;

import static dev.sextant.collector.market.Books.CLOCK;
import static dev.sextant.collector.market.Books.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.collector.domain.CandleValidator;
import dev.sextant.collector.domain.InvalidReason;
import dev.sextant.collector.domain.Kline;
import dev.sextant.collector.domain.ParsedLine;
import dev.sextant.contracts.event.Interval;
import dev.sextant.contracts.event.MarketTradeExecuted;
import dev.sextant.contracts.event.Side;
import dev.sextant.contracts.id.Ids;
import dev.sextant.contracts.id.Symbol;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link BinanceMessages} on the example payloads of Binance's documentation, copied from the pages (their
 * {@code // comments} removed, since JSON has none), then on hostile input.
 */
class BinanceMessagesTest {
    private static final Symbol BNBBTC = Symbol.of("BNBBTC");
    private static final BinanceMessages MESSAGES = new BinanceMessages(CLOCK);

    /** https://developers.binance.com/docs/binance-spot-api-docs/web-socket-streams, "Trade Streams", payload. */
    static final String DOC_TRADE = """
            {
                "e": "trade",
                "E": 1672515782136,
                "s": "BNBBTC",
                "t": 12345,
                "p": "0.001",
                "q": "100",
                "T": 1672515782136,
                "m": true,
                "M": true
            }""";

    /** Same page, "Kline/Candlestick Streams for UTC", payload. */
    static final String DOC_KLINE = """
            {
                "e": "kline",
                "E": 1672515782136,
                "s": "BNBBTC",
                "k": {
                    "t": 1672515780000,
                    "T": 1672515839999,
                    "s": "BNBBTC",
                    "i": "1m",
                    "f": 100,
                    "L": 200,
                    "o": "0.0010",
                    "c": "0.0020",
                    "h": "0.0025",
                    "l": "0.0015",
                    "v": "1000",
                    "n": 100,
                    "x": false,
                    "q": "1.0000",
                    "V": "500",
                    "Q": "0.500",
                    "B": "123456"
                }
            }""";

    /** Same page, "Diff. Depth Stream", payload. */
    static final String DOC_DEPTH = """
            {
                "e": "depthUpdate",
                "E": 1672515782136,
                "s": "BNBBTC",
                "U": 157,
                "u": 160,
                "b": [
                    [
                        "0.0024",
                        "10"
                    ]
                ],
                "a": [
                    [
                        "0.0026",
                        "100"
                    ]
                ]
            }""";

    /** Same page, "Server Shutdown", combined stream. */
    static final String DOC_SERVER_SHUTDOWN = """
            {
              "stream": "!serverShutdown",
              "data": {
                "e": "serverShutdown",
                "E": 1770123456789
              }
            }""";

    /** https://developers.binance.com/docs/binance-spot-api-docs/rest-api, "Order book", response. */
    static final String DOC_REST_DEPTH = """
            {
                "lastUpdateId": 1027024,
                "bids": [
                    [
                        "4.00000000",
                        "431.00000000"
                    ]
                ],
                "asks": [["4.00000200", "12.00000000"]]
            }""";

    /** Same page, "Kline/Candlestick data", response. */
    static final String DOC_REST_KLINES = """
            [
                [
                    1499040000000,
                    "0.01634790",
                    "0.80000000",
                    "0.01575800",
                    "0.01577100",
                    "148976.11427815",
                    1499644799999,
                    "2434.19055334",
                    308,
                    "1756.87402397",
                    "28.46694368",
                    "0"
                ]
            ]""";

    /** The documented payload without blanks, so the tables below can name the text they change. */
    private static String compact(String json) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(json).toString();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String combined(String stream, String payload) {
        return "{\"stream\":\"" + stream + "\",\"data\":" + payload + "}";
    }

    private static String closedKline() {
        return DOC_KLINE.replace("\"x\": false", "\"x\": true");
    }

    @Nested
    class DocumentedPayloads {

        @Test
        void aTradeBecomesAMarketTradeExecutedWhoseAggressorSoldWhenTheBuyerMade() {
            BinanceMessage message = MESSAGES.decode(DOC_TRADE);

            MarketTradeExecuted trade = ((BinanceMessage.Trade) message).trade();
            assertThat(message.stream()).isNull();
            assertThat(((BinanceMessage.Trade) message).eventTime()).isEqualTo(Instant.ofEpochMilli(1672515782136L));
            assertThat(trade).isEqualTo(new MarketTradeExecuted(Ids.marketTradeId("binance", BNBBTC, 12345),
                    Instant.ofEpochMilli(1672515782136L), NOW, null, MarketTradeExecuted.SCHEMA_VERSION, "binance", BNBBTC,
                    12345, new BigDecimal("0.001"), new BigDecimal("100"), Side.SELL));

            MarketTradeExecuted buy = ((BinanceMessage.Trade) MESSAGES.decode(DOC_TRADE.replace("\"m\": true", "\"m\": false")))
                    .trade();
            assertThat(buy.aggressorSide()).isEqualTo(Side.BUY);
            assertThat(buy.eventId()).as("the id does not depend on the side: it is the trade's").isEqualTo(trade.eventId());
        }

        @Test
        void aCombinedStreamEnvelopeCarriesTheSamePayload() {
            BinanceMessage message = MESSAGES.decode(combined("bnbbtc@trade", DOC_TRADE));
            assertThat(message.stream()).isEqualTo("bnbbtc@trade");
            assertThat(((BinanceMessage.Trade) message).trade()).isEqualTo(((BinanceMessage.Trade) MESSAGES.decode(DOC_TRADE)).trade());
        }

        @Test
        void anOpenKlineIsReportedAsNotClosed() {
            assertThat(MESSAGES.decode(DOC_KLINE)).isEqualTo(new BinanceMessage.KlineOpen(null,
                    Instant.ofEpochMilli(1672515782136L), BNBBTC, Interval.M1, Instant.ofEpochMilli(1672515780000L)));
        }

        @Test
        void aClosedKlineBecomesAKlineAsWritten() {
            String text = combined("bnbbtc@kline_1m", closedKline());

            BinanceMessage.KlineClosed closed = (BinanceMessage.KlineClosed) MESSAGES.decode(text);

            assertThat(closed.stream()).isEqualTo("bnbbtc@kline_1m");
            assertThat(closed.eventTime()).isEqualTo(Instant.ofEpochMilli(1672515782136L));
            assertThat(closed.kline()).isEqualTo(new Kline(BNBBTC, Interval.M1, Instant.ofEpochMilli(1672515780000L),
                    new BigDecimal("0.0010"), new BigDecimal("0.0025"), new BigDecimal("0.0015"), new BigDecimal("0.0020"),
                    new BigDecimal("1000"), Instant.ofEpochMilli(1672515839999L), new BigDecimal("1.0000"), 100, text));
            // The documentation's example is not a consistent candle (low 0.0015 above open 0.0010): the codec keeps it as
            // written, the candle path's validator refuses it.
            assertThat(new CandleValidator().validate(closed.kline(), null).orElseThrow().reason())
                    .isEqualTo(InvalidReason.LOW_ABOVE_BODY);
        }

        @Test
        void aDepthUpdateBecomesTheBooksInput() {
            BinanceMessage.Depth depth = (BinanceMessage.Depth) MESSAGES.decode(combined("bnbbtc@depth@100ms", DOC_DEPTH));

            assertThat(depth.stream()).isEqualTo("bnbbtc@depth@100ms");
            assertThat(depth.update()).isEqualTo(DepthUpdate.parse(BNBBTC, 1672515782136L, 157, 160,
                    List.of(List.of("0.0024", "10")), List.of(List.of("0.0026", "100"))).orElseThrow());
            DepthUpdate update = depth.update();
            assertThat(update.firstUpdateId()).isEqualTo(157);
            assertThat(update.finalUpdateId()).isEqualTo(160);
            assertThat(update.eventTime()).isEqualTo(Instant.ofEpochMilli(1672515782136L));
            assertThat(update.bidPrice(0)).isEqualTo(240_000L);
            assertThat(update.bidQuantity(0)).isEqualTo(1_000_000_000L);
            assertThat(update.askPrice(0)).isEqualTo(260_000L);
            assertThat(update.askQuantity(0)).isEqualTo(10_000_000_000L);

            LocalOrderBook book = new LocalOrderBook("binance", BNBBTC, CLOCK);
            book.onDepthUpdate(update);
            assertThat(book.onSnapshot(DepthSnapshot.of(BNBBTC, 158, new long[0], new long[0]).orElseThrow()))
                    .isEqualTo(new BookUpdate.Synced(158, 1, 160, false));
            assertThat(book.bestBid()).contains(Books.level("0.0024", "10"));
            assertThat(book.bestAsk()).contains(Books.level("0.0026", "100"));
        }

        @Test
        void theRestDepthSnapshotSetsABook() {
            DepthSnapshot snapshot = MESSAGES.depthSnapshot(BNBBTC, DOC_REST_DEPTH).orElseThrow();

            assertThat(snapshot).isEqualTo(DepthSnapshot.parse(BNBBTC, 1027024, List.of(List.of("4.00000000", "431.00000000")),
                    List.of(List.of("4.00000200", "12.00000000"))).orElseThrow());
            LocalOrderBook book = new LocalOrderBook("binance", BNBBTC, CLOCK);
            assertThat(book.onSnapshot(snapshot)).isEqualTo(new BookUpdate.Synced(1027024, 0, 1027024, false));
            assertThat(book.bestBid()).contains(Books.level("4", "431"));
            assertThat(book.bestAsk()).contains(Books.level("4.000002", "12"));
        }

        @Test
        void restKlinesBecomeKlinesAsWritten() {
            List<ParsedLine> lines = MESSAGES.klines(BNBBTC, Interval.D1, DOC_REST_KLINES).orElseThrow();

            assertThat(lines).hasSize(1);
            Kline kline = ((ParsedLine.Row) lines.get(0)).kline();
            assertThat(kline).isEqualTo(new Kline(BNBBTC, Interval.D1, Instant.ofEpochMilli(1499040000000L),
                    new BigDecimal("0.01634790"), new BigDecimal("0.80000000"), new BigDecimal("0.01575800"),
                    new BigDecimal("0.01577100"), new BigDecimal("148976.11427815"), Instant.ofEpochMilli(1499644799999L),
                    new BigDecimal("2434.19055334"), 308, kline.raw()));
            assertThat(kline.raw()).startsWith("[1499040000000,\"0.01634790\"");
            // The documentation's example spans a week (2017-07-03 to 07-09): as a 1d candle the validator refuses it.
            assertThat(new CandleValidator().validate(kline, null).orElseThrow().reason())
                    .isEqualTo(InvalidReason.CLOSE_TIME_OUT_OF_RANGE);
        }

        @Test
        void otherEventsAndResponsesAreUnsupportedNotMalformed() {
            assertThat(MESSAGES.decode(DOC_SERVER_SHUTDOWN)).isEqualTo(new BinanceMessage.Unsupported("!serverShutdown",
                    "serverShutdown", "event type 'serverShutdown' is not decoded"));
            assertThat(MESSAGES.decode(DOC_TRADE.replace("\"trade\"", "\"aggTrade\"")))
                    .isInstanceOf(BinanceMessage.Unsupported.class);
            assertThat(MESSAGES.decode("{\"result\":null,\"id\":1}"))
                    .isEqualTo(new BinanceMessage.Unsupported(null, "response", "a response to request id 1"));
            assertThat(MESSAGES.decode(closedKline().replace("\"1m\"", "\"3m\""))).isEqualTo(new BinanceMessage.Unsupported(
                    null, "kline", "kline interval '3m' is not one of the platform's intervals [1m, 5m, 15m, 1h, 4h, 1d]"));
        }
    }

    @Nested
    class HostileInput {

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "empty                 | ``                                    | empty message",
            "blank                 | `   `                                 | empty message",
            "not JSON              | `trade 12345`                         | not one valid JSON value: Unrecognized token 'trade'",
            "an array              | `[1, 2]`                              | expected a JSON object, got an array [1,2]",
            "null                  | `null`                                | expected a JSON object, got null",
            "NaN literal           | `{\"e\":\"trade\",\"p\":NaN}`        | not one valid JSON value: Non-standard token 'NaN'",
            "too deep              | `{\"a\":[[[[[[[[[[1]]]]]]]]]]}`      | not one valid JSON value: Document nesting depth (9) exceeds the maximum allowed (8",
        })
        void refusedMessages(String what, String text, String reason) {
            BinanceMessage message = MESSAGES.decode(text);
            assertThat(message).isInstanceOf(BinanceMessage.Malformed.class);
            assertThat(((BinanceMessage.Malformed) message).reason()).as(what).startsWith(reason);
            assertThat(((BinanceMessage.Malformed) message).raw()).isEqualTo(text);
        }

        @Test
        void nullIsRefused() {
            assertThat(MESSAGES.decode(null)).isEqualTo(new BinanceMessage.Malformed(null, null, "empty message"));
        }

        @Test
        void trailingGarbageAfterTheJsonIsRefused() {
            for (String tail : List.of(" x", "}", "{}", " []", ",", " 1")) {
                BinanceMessage message = MESSAGES.decode(DOC_TRADE + tail);
                assertThat(message).as("trade + '%s'", tail).isInstanceOf(BinanceMessage.Malformed.class);
                assertThat(((BinanceMessage.Malformed) message).reason()).startsWith("not one valid JSON value");
            }
            assertThat(MESSAGES.depthSnapshot(BNBBTC, DOC_REST_DEPTH + " {}")).isInstanceOf(Decoded.Rejected.class);
            assertThat(MESSAGES.klines(BNBBTC, Interval.D1, DOC_REST_KLINES + "]")).isInstanceOf(Decoded.Rejected.class);
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "missing price          | `\"p\":\"0.001\",`                | ``                         | missing field 'p'",
            "price as a number      | `\"p\":\"0.001\"`                 | `\"p\":0.001`             | field 'p' must be a string, got a number 0.001",
            "price NaN              | `\"p\":\"0.001\"`                 | `\"p\":\"NaN\"`           | field 'p' must be a plain decimal",
            "price Infinity         | `\"p\":\"0.001\"`                 | `\"p\":\"Infinity\"`      | field 'p' must be a plain decimal",
            "price negative         | `\"p\":\"0.001\"`                 | `\"p\":\"-0.001\"`        | field 'p' must not be negative, got '-0.001'",
            "price 1e400            | `\"p\":\"0.001\"`                 | `\"p\":\"1e400\"`         | field 'p' must be a plain decimal",
            "price with blank       | `\"p\":\"0.001\"`                 | `\"p\":\" 0.001\"`        | field 'p' must be a plain decimal",
            "price empty            | `\"p\":\"0.001\"`                 | `\"p\":\"\"`              | field 'p' must be a plain decimal",
            "price zero             | `\"p\":\"0.001\"`                 | `\"p\":\"0.00000000\"`    | trade 12345: field 'price' must be positive",
            "price huge             | `\"p\":\"0.001\"`                 | `\"p\":\"99999999999999999999\"` | trade 12345: field 'price' must be at most 1000000000",
            "price too long         | `\"p\":\"0.001\"`                 | `\"p\":\"0.00000000000000000000000000000000000000000000000000000000000000001\"` | field 'p' is longer than 64 characters",
            "quantity zero          | `\"q\":\"100\"`                   | `\"q\":\"0\"`             | trade 12345: field 'quantity' must be positive",
            "notional too large     | `\"p\":\"0.001\",\"q\":\"100\"`   | `\"p\":\"1000000\",\"q\":\"10000000000\"` | trade 12345: fields 'quantity' and 'price'",
            "trade id as a string   | `\"t\":12345`                     | `\"t\":\"12345\"`         | field 't' must be an integer, got a string",
            "trade id fractional    | `\"t\":12345`                     | `\"t\":12345.5`           | field 't' must be an integer, got a number 12345.5",
            "trade id 1e400         | `\"t\":12345`                     | `\"t\":1e400`             | field 't' must be an integer",
            "trade id negative      | `\"t\":12345`                     | `\"t\":-1`                | field 't' must not be negative, got -1",
            "trade id huge          | `\"t\":12345`                     | `\"t\":123456789012345678901234567890` | field 't' is out of range: 123456789012345678901234567890",
            "time in microseconds   | `\"T\":1672515782136`             | `\"T\":1672515782136000`  | field 'T' must be epoch milliseconds in [0, 4102444800000)",
            "time negative          | `\"T\":1672515782136`             | `\"T\":-5`                | field 'T' must be epoch milliseconds",
            "maker flag a string    | `\"m\":true`                      | `\"m\":\"true\"`          | field 'm' must be true or false, got a string",
            "maker flag null        | `\"m\":true`                      | `\"m\":null`              | field 'm' must be true or false, got null",
            "symbol lower case      | `\"s\":\"BNBBTC\"`                | `\"s\":\"bnbbtc\"`        | field 's' must be a symbol of 2-30 upper-case letters or digits, got 'bnbbtc'",
            "symbol missing         | `\"s\":\"BNBBTC\",`               | ``                         | missing field 's'",
            "event type a number    | `\"e\":\"trade\"`                 | `\"e\":5`                 | field 'e' must be a string, got a number 5",
            "event type missing     | `\"e\":\"trade\",`                | ``                         | missing field 'e' (event type)",
            "duplicate key          | `\"p\":\"0.001\"`                 | `\"p\":\"0.001\",\"p\":\"5\"` | not one valid JSON value: Duplicate field 'p'",
            "string too long        | `\"M\":true`                      | `\"M\":\"#####\"`         | not one valid JSON value: String value length",
        })
        void refusedTrades(String what, String from, String to, String reason) {
            String doc = compact(DOC_TRADE);
            String text = doc.replace(from, to.replace("#####", "x".repeat(5_000)));
            assertThat(text).as("the fixture changed").isNotEqualTo(doc);
            BinanceMessage message = MESSAGES.decode(text);
            assertThat(message).as(what).isInstanceOf(BinanceMessage.Malformed.class);
            assertThat(((BinanceMessage.Malformed) message).reason()).as(what).startsWith(reason);
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "k missing              | `\"k\":{`                       | `\"K\":{`                 | missing field 'k'",
            "k.s another symbol     | `\"s\":\"BNBBTC\",\"i\"` | `\"s\":\"ETHBTC\",\"i\"` | field 'k.s' ETHBTC is not the event's symbol BNBBTC",
            "open not a decimal     | `\"o\":\"0.0010\"`              | `\"o\":\"abc\"`           | field 'k.o' must be a plain decimal",
            "volume negative        | `\"v\":\"1000\"`                | `\"v\":\"-1000\"`         | field 'k.v' must not be negative",
            "closed flag missing    | `\"x\":false,`                  | ``                         | missing field 'k.x'",
            "trade count fraction   | `\"n\":100`                     | `\"n\":1.5`               | field 'k.n' must be an integer",
            "interval a number      | `\"i\":\"1m\"`                  | `\"i\":1`                 | field 'k.i' must be a string",
            "open time a string     | `\"t\":1672515780000`           | `\"t\":\"1672515780000\"` | field 'k.t' must be an integer",
        })
        void refusedKlines(String what, String from, String to, String reason) {
            String doc = compact(DOC_KLINE);
            String text = doc.replace(from, to);
            assertThat(text).as("the fixture changed").isNotEqualTo(doc);
            BinanceMessage message = MESSAGES.decode(text);
            assertThat(message).as(what).isInstanceOf(BinanceMessage.Malformed.class);
            assertThat(((BinanceMessage.Malformed) message).reason()).as(what).startsWith(reason);
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "a level of one value   | `[\"0.0024\",\"10\"]`             | `[\"0.0024\"]`           | field 'b[0]' must be [\"price\", \"quantity\"] (two strings), got an array [\"0.0024\"]",
            "a level of 3 values    | `[\"0.0024\",\"10\"]`             | `[\"0.0024\",\"10\",\"1\"]` | field 'b[0]' must be [\"price\", \"quantity\"]",
            "quantity a number      | `[\"0.0024\",\"10\"]`             | `[\"0.0024\",10]`        | field 'b[0]' must be [\"price\", \"quantity\"] (two strings), got an array [\"0.0024\",10]",
            "price not a number     | `\"0.0024\",`                     | `\"abc\",`                 | field 'b[0]' price 'abc': not a plain decimal",
            "price 1e400            | `\"0.0024\",`                     | `\"1e400\",`               | field 'b[0]' price '1e400': not a plain decimal",
            "price NaN              | `\"0.0024\",`                     | `\"NaN\",`                 | field 'b[0]' price 'NaN': not a plain decimal",
            "price negative         | `\"0.0024\",`                     | `\"-0.0024\",`             | field 'b[0]' price '-0.0024': negative",
            "price zero             | `\"0.0024\",`                     | `\"0.0000\",`              | field 'b[0]' price must be positive, got 0",
            "price above 10^9       | `\"0.0024\",`                     | `\"1000000000.01\",`       | field 'b[0]' price must be at most 1000000000, got 1000000000.01",
            "price overflowing      | `\"0.0024\",`                     | `\"92233720368.54775808\",` | field 'b[0]' price '92233720368.54775808': larger than 92233720368.54775807",
            "9 decimals             | `\"0.0024\",`                     | `\"0.002400001\",`         | field 'b[0]' price '0.002400001': more than 8 decimal places",
            "quantity negative      | `\"0.0024\",\"10\"`               | `\"0.0024\",\"-10\"`       | field 'b[0]' quantity '-10': negative",
            "bids an object         | `\"b\":[`                        | `\"b\":{},\"x\":[`      | field 'b' must be an array of [price, quantity], got an object {}",
            "asks missing           | `\"a\":[`                        | `\"A\":[`                 | missing field 'a'",
            "U above u              | `\"U\":157`                      | `\"U\":161`               | final update id u 160 is below the first update id U 161",
            "u missing              | `\"u\":160,`                     | ``                         | missing field 'u'",
        })
        void refusedDepthUpdates(String what, String from, String to, String reason) {
            String doc = compact(DOC_DEPTH);
            String text = doc.replace(from, to);
            assertThat(text).as("the fixture changed").isNotEqualTo(doc);
            BinanceMessage message = MESSAGES.decode(text);
            assertThat(message).as(what).isInstanceOf(BinanceMessage.Malformed.class);
            assertThat(((BinanceMessage.Malformed) message).reason()).as(what).startsWith(reason);
        }

        @Test
        void aCombinedStreamMustBeOfThePayloadsSymbolAndWellFormed() {
            assertThat(MESSAGES.decode(combined("ethbtc@trade", DOC_TRADE))).isEqualTo(new BinanceMessage.Malformed("ethbtc@trade",
                    combined("ethbtc@trade", DOC_TRADE), "stream 'ethbtc@trade' is not of the payload's symbol BNBBTC"));
            BinanceMessage dataArray = MESSAGES.decode("{\"stream\":\"bnbbtc@trade\",\"data\":[1]}");
            assertThat(((BinanceMessage.Malformed) dataArray).reason())
                    .isEqualTo("combined-stream envelope: field 'data' must be an object, got an array [1]");
            BinanceMessage streamNumber = MESSAGES.decode("{\"stream\":5,\"data\":" + DOC_TRADE + "}");
            assertThat(((BinanceMessage.Malformed) streamNumber).reason())
                    .isEqualTo("combined-stream envelope: field 'stream' must be a non-empty string, got a number 5");
            BinanceMessage noData = MESSAGES.decode("{\"stream\":\"bnbbtc@trade\"}");
            assertThat(((BinanceMessage.Malformed) noData).reason())
                    .isEqualTo("combined-stream envelope: field 'data' must be an object, got nothing");
        }

        @Test
        void refusedRestDepthSnapshots() {
            assertThat(reason(MESSAGES.depthSnapshot(BNBBTC, "{\"code\":-1121,\"msg\":\"Invalid symbol.\"}")))
                    .isEqualTo("Binance error -1121: Invalid symbol.");
            assertThat(reason(MESSAGES.depthSnapshot(BNBBTC, DOC_REST_DEPTH.replace("\"lastUpdateId\": 1027024,", ""))))
                    .isEqualTo("missing field 'lastUpdateId'");
            assertThat(reason(MESSAGES.depthSnapshot(BNBBTC, DOC_REST_DEPTH.replace("1027024", "-1"))))
                    .isEqualTo("field 'lastUpdateId' must not be negative, got -1");
            assertThat(reason(MESSAGES.depthSnapshot(BNBBTC, DOC_REST_DEPTH.replace("\"4.00000200\"", "\"4.000002001\""))))
                    .isEqualTo("field 'asks[0]' price '4.000002001': more than 8 decimal places");
            assertThat(reason(MESSAGES.depthSnapshot(BNBBTC, "[]"))).isEqualTo("expected a JSON object, got an array []");
            assertThat(reason(MESSAGES.depthSnapshot(null, DOC_REST_DEPTH))).isEqualTo("missing symbol");
            Decoded<DepthSnapshot> rejected = MESSAGES.depthSnapshot(BNBBTC, "{");
            assertThat(((Decoded.Rejected<DepthSnapshot>) rejected).raw()).isEqualTo("{");
        }

        @Test
        void refusedRestKlinesAreRefusedOneByOne() {
            String twoKlines = "[" + DOC_REST_KLINES.strip().substring(1, DOC_REST_KLINES.strip().length() - 1) + ","
                    + "[1499040000000,\"abc\",\"0.8\",\"0.01\",\"0.01\",\"1\",1499644799999,\"1\",1,\"1\",\"1\",\"0\"],"
                    + "[1499040000000,\"0.01\",\"0.8\",\"0.01\",\"0.01\",\"1\",1499644799999,\"1\",1,\"1\",\"1\"]]";

            List<ParsedLine> lines = MESSAGES.klines(BNBBTC, Interval.D1, twoKlines).orElseThrow();

            assertThat(lines).hasSize(3);
            assertThat(lines.get(0)).isInstanceOf(ParsedLine.Row.class);
            assertThat(lines.get(1)).isEqualTo(new ParsedLine.Malformed(
                    "[1499040000000,\"abc\",\"0.8\",\"0.01\",\"0.01\",\"1\",1499644799999,\"1\",1,\"1\",\"1\",\"0\"]",
                    "field '[1][1] open' must be a plain decimal (digits with an optional '.' and decimals: no sign, exponent,"
                            + " blank or NaN), got 'abc'"));
            assertThat(((ParsedLine.Malformed) lines.get(2)).reason()).startsWith("kline [2] must be an array of 12 values");

            assertThat(reason(MESSAGES.klines(BNBBTC, Interval.D1, "{\"code\":-1120,\"msg\":\"Invalid interval.\"}")))
                    .isEqualTo("Binance error -1120: Invalid interval.");
            assertThat(reason(MESSAGES.klines(BNBBTC, Interval.D1, "{}"))).isEqualTo("expected a JSON array of klines, got an object {}");
            assertThat(MESSAGES.klines(BNBBTC, Interval.D1, "[]").orElseThrow()).isEmpty();
        }

        /** Random damage to every documented message: whatever comes out, nothing is thrown. */
        @Test
        void neverThrowsOnDamagedMessages() {
            Random random = new Random(8);
            List<String> samples = List.of(DOC_TRADE, DOC_KLINE, closedKline(), DOC_DEPTH, DOC_SERVER_SHUTDOWN,
                    combined("bnbbtc@trade", DOC_TRADE), combined("bnbbtc@depth", DOC_DEPTH));
            String alphabet = "{}[]\",:.-+eE0123456789 tfnulaxNI\\u";
            int malformed = 0;
            for (int i = 0; i < 30_000; i++) {
                StringBuilder text = new StringBuilder(samples.get(random.nextInt(samples.size())));
                for (int damage = 1 + random.nextInt(3); damage > 0 && !text.isEmpty(); damage--) {
                    int at = random.nextInt(text.length());
                    switch (random.nextInt(3)) {
                        case 0 -> text.deleteCharAt(at);
                        case 1 -> text.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                        default -> text.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    }
                }
                String damaged = text.toString();
                BinanceMessage message = MESSAGES.decode(damaged);
                assertThat(message).as(damaged).isNotNull();
                malformed += message instanceof BinanceMessage.Malformed ? 1 : 0;
                assertThat(MESSAGES.depthSnapshot(BNBBTC, damaged)).isNotNull();
                assertThat(MESSAGES.klines(BNBBTC, Interval.M1, damaged)).isNotNull();
            }
            assertThat(malformed).as("most damage is detected").isGreaterThan(10_000);
        }

        private static String reason(Decoded<?> decoded) {
            return ((Decoded.Rejected<?>) decoded).reason();
        }
    }

    /** The 2,001 carried spot trades (data/market/samples), written as trade events, read back. */
    @Test
    void theCarriedSpotTradesReadBackWithTheirAggressor() {
        List<String[]> rows = MarketSamples.rows(MarketSamples.SPOT_TRADES);
        assertThat(rows).hasSize(2_001);
        Symbol btcusdt = Symbol.of("BTCUSDT");
        long previousId = -1;
        int sells = 0;
        for (String[] row : rows) {
            String json = "{\"e\":\"trade\",\"E\":" + row[1] + ",\"s\":\"BTCUSDT\",\"t\":" + row[0] + ",\"p\":\"" + row[2]
                    + "\",\"q\":\"" + row[3] + "\",\"T\":" + row[1] + ",\"m\":" + row[4] + ",\"M\":true}";
            MarketTradeExecuted trade = ((BinanceMessage.Trade) MESSAGES.decode(combined("btcusdt@trade", json))).trade();
            assertThat(trade.tradeId()).isEqualTo(Long.parseLong(row[0]));
            assertThat(trade.eventId()).isEqualTo(Ids.marketTradeId("binance", btcusdt, trade.tradeId()));
            assertThat(trade.tsEvent()).isEqualTo(Instant.ofEpochMilli(Long.parseLong(row[1])));
            assertThat(trade.price()).isEqualByComparingTo(row[2]);
            assertThat(trade.quantity()).isEqualByComparingTo(row[3]);
            assertThat(trade.aggressorSide()).isEqualTo(Boolean.parseBoolean(row[4]) ? Side.SELL : Side.BUY);
            if (previousId >= 0) {
                assertThat(trade.tradeId()).isEqualTo(previousId + 1);
            }
            previousId = trade.tradeId();
            sells += trade.aggressorSide() == Side.SELL ? 1 : 0;
        }
        assertThat(sells).as("both sides occur").isBetween(1, 2_000);
    }
}
