package dev.sextant.collector.market;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.sextant.collector.domain.Decimals;
import dev.sextant.collector.domain.Kline;
import dev.sextant.collector.domain.ParsedLine;
import dev.sextant.contracts.event.EventBounds;
import dev.sextant.contracts.event.Interval;
import dev.sextant.contracts.event.MarketTradeExecuted;
import dev.sextant.contracts.event.Side;
import dev.sextant.contracts.id.Ids;
import dev.sextant.contracts.id.Symbol;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads Binance's spot market-data messages. Formats, as the official documentation gives them:
 *
 * <ul>
 *   <li>WebSocket streams (https://developers.binance.com/docs/binance-spot-api-docs/web-socket-streams): "Raw
 *       streams are accessed at /ws/&lt;streamName&gt;"; "Combined stream events are wrapped as follows:
 *       {@code {"stream":"<streamName>","data":<rawPayload>}}"; "All symbols for streams are lowercase"; "All time
 *       and timestamp related fields are milliseconds by default" (a connection opened with
 *       {@code timeUnit=MICROSECOND} is not supported: its times fall after 2100 and are refused).
 *       {@link #decode} takes both forms and the payloads "Kline/Candlestick Streams for UTC"
 *       ({@code "e":"kline"}), "Trade Streams" ({@code "e":"trade"}) and "Diff. Depth Stream"
 *       ({@code "e":"depthUpdate"}).</li>
 *   <li>REST API (https://developers.binance.com/docs/binance-spot-api-docs/rest-api): "Order book"
 *       ({@code GET /api/v3/depth}, {@link #depthSnapshot}) and "Kline/Candlestick data"
 *       ({@code GET /api/v3/klines}, {@link #klines}).</li>
 * </ul>
 *
 * <p>Strict reading: exactly one JSON value (trailing text is refused), no duplicate keys, bounded size, depth and
 * number length; integers (ids, times, counts) must be JSON integers that fit a {@code long}; prices and
 * quantities must be JSON strings holding a plain non-negative decimal (Binance writes them as strings: a JSON
 * number, {@code "NaN"}, {@code "1e400"} or {@code "-1"} is refused); times must be in [1970, 2100); in a
 * combined stream, the stream's symbol must be the payload's. Fields the platform does not use are not read, and
 * unknown fields are ignored (Binance adds fields over time). Nothing here throws for bad input: the result names
 * the field and the fault.
 *
 * <p>Klines keep the exchange's values exactly ({@link Kline}, as {@code KlineCsvParser} does); validation and
 * normalisation are the candle path's ({@code CandleValidator}, {@code CandleNormalizer}). A trade becomes a
 * {@link MarketTradeExecuted} at once: id {@link Ids#marketTradeId} (exchange, symbol, trade id), event time
 * {@code T}, {@code tsInit} from the injected clock, the taker's side from {@code m} ("Is the buyer the market
 * maker?": true means the seller took, so the aggressor SOLD), decimals normalised. Depth levels are read
 * straight into {@link FixedPoint} scaled longs. Thread-safe.
 */
public final class BinanceMessages {
    /** The exchange's name in the platform's events. */
    public static final String EXCHANGE = "binance";
    /** Longest message read: 16 Mi characters (a 5,000-level REST snapshot is about 300 KB). */
    public static final int MAX_MESSAGE_CHARS = 16 << 20;
    /** Longest decimal string: 64 characters. */
    private static final int MAX_DECIMAL_CHARS = 64;
    private static final long MAX_EPOCH_MILLI = EventBounds.MAX_INSTANT.toEpochMilli();
    private static final ObjectMapper MAPPER = mapper();

    private final String exchange;
    private final Clock clock;

    /** A reader of {@value #EXCHANGE}'s messages; {@code clock} stamps {@code tsInit} of the events it makes. */
    public BinanceMessages(Clock clock) {
        this(EXCHANGE, clock);
    }

    /** @param exchange the name events carry, e.g. {@code binance} or {@code binance-testnet} */
    public BinanceMessages(String exchange, Clock clock) {
        if (exchange == null || !exchange.matches("[a-z0-9][a-z0-9._-]{0,31}")) {
            throw new IllegalArgumentException("exchange must be a lower-case name of 1-32 characters, got " + exchange);
        }
        if (clock == null) {
            throw new IllegalArgumentException("clock is required");
        }
        this.exchange = exchange;
        this.clock = clock;
    }

    private static ObjectMapper mapper() {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxDocumentLength(MAX_MESSAGE_CHARS)
                        .maxNestingDepth(8)
                        .maxNumberLength(64)
                        .maxStringLength(4_096)
                        .build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        return JsonMapper.builder(factory)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }

    // ------------------------------------------------------------------ WebSocket streams

    /** One WebSocket text message: a combined-stream envelope or a raw stream's payload. */
    public BinanceMessage decode(String text) {
        JsonNode root;
        try {
            root = parse(text);
        } catch (FieldException e) {
            return new BinanceMessage.Malformed(null, text, e.getMessage());
        }
        if (!root.isObject()) {
            return new BinanceMessage.Malformed(null, text, "expected a JSON object, got " + describe(root));
        }
        String stream = null;
        JsonNode payload = root;
        if (root.has("stream") || root.has("data")) {
            JsonNode name = root.get("stream");
            if (name == null || !name.isTextual() || name.textValue().isEmpty()) {
                return new BinanceMessage.Malformed(null, text,
                        "combined-stream envelope: field 'stream' must be a non-empty string, got " + describe(name));
            }
            stream = name.textValue();
            payload = root.get("data");
            if (payload == null || !payload.isObject()) {
                return new BinanceMessage.Malformed(stream, text,
                        "combined-stream envelope: field 'data' must be an object, got " + describe(payload));
            }
        }
        try {
            return decodePayload(stream, payload, text);
        } catch (FieldException e) {
            return new BinanceMessage.Malformed(stream, text, e.getMessage());
        }
    }

    private BinanceMessage decodePayload(String stream, JsonNode payload, String raw) {
        JsonNode type = payload.get("e");
        if (type == null) {
            if (payload.has("id") && (payload.has("result") || payload.has("error"))) {
                return new BinanceMessage.Unsupported(stream, "response", "a response to request id " + payload.get("id"));
            }
            throw new FieldException("missing field 'e' (event type)");
        }
        if (!type.isTextual()) {
            throw new FieldException("field 'e' must be a string, got " + describe(type));
        }
        return switch (type.textValue()) {
            case "kline" -> kline(stream, payload, raw);
            case "trade" -> trade(stream, payload, raw);
            case "depthUpdate" -> depth(stream, payload);
            default -> new BinanceMessage.Unsupported(stream, type.textValue(),
                    "event type '" + abbreviate(type.textValue()) + "' is not decoded");
        };
    }

    private static BinanceMessage kline(String stream, JsonNode payload, String raw) {
        long eventTime = time(payload.get("E"), "E");
        Symbol symbol = symbol(payload.get("s"), "s");
        checkStream(stream, symbol);
        JsonNode k = payload.get("k");
        if (k == null || !k.isObject()) {
            throw new FieldException(k == null ? "missing field 'k'" : "field 'k' must be an object, got " + describe(k));
        }
        long openTime = time(k.get("t"), "k.t");
        long closeTime = time(k.get("T"), "k.T");
        Symbol klineSymbol = symbol(k.get("s"), "k.s");
        if (!klineSymbol.equals(symbol)) {
            throw new FieldException("field 'k.s' " + klineSymbol + " is not the event's symbol " + symbol);
        }
        String code = text(k.get("i"), "k.i");
        BigDecimal open = decimal(k.get("o"), "k.o");
        BigDecimal high = decimal(k.get("h"), "k.h");
        BigDecimal low = decimal(k.get("l"), "k.l");
        BigDecimal close = decimal(k.get("c"), "k.c");
        BigDecimal volume = decimal(k.get("v"), "k.v");
        BigDecimal quoteVolume = decimal(k.get("q"), "k.q");
        long trades = count(k.get("n"), "k.n");
        boolean closed = bool(k.get("x"), "k.x");
        Interval interval = interval(code);
        if (interval == null) {
            return new BinanceMessage.Unsupported(stream, "kline", "kline interval '" + abbreviate(code)
                    + "' is not one of the platform's intervals " + intervalCodes());
        }
        Instant at = Instant.ofEpochMilli(eventTime);
        if (!closed) {
            return new BinanceMessage.KlineOpen(stream, at, symbol, interval, Instant.ofEpochMilli(openTime));
        }
        return new BinanceMessage.KlineClosed(stream, at, new Kline(symbol, interval, Instant.ofEpochMilli(openTime), open,
                high, low, close, volume, Instant.ofEpochMilli(closeTime), quoteVolume, trades, raw));
    }

    private BinanceMessage trade(String stream, JsonNode payload, String raw) {
        long eventTime = time(payload.get("E"), "E");
        Symbol symbol = symbol(payload.get("s"), "s");
        checkStream(stream, symbol);
        long tradeId = count(payload.get("t"), "t");
        BigDecimal price = decimal(payload.get("p"), "p");
        BigDecimal quantity = decimal(payload.get("q"), "q");
        long tradeTime = time(payload.get("T"), "T");
        boolean buyerIsMaker = bool(payload.get("m"), "m");
        try {
            MarketTradeExecuted trade = new MarketTradeExecuted(Ids.marketTradeId(exchange, symbol, tradeId),
                    Instant.ofEpochMilli(tradeTime), clock.instant(), null, MarketTradeExecuted.SCHEMA_VERSION, exchange,
                    symbol, tradeId, Decimals.normalise(price), Decimals.normalise(quantity),
                    buyerIsMaker ? Side.SELL : Side.BUY);
            return new BinanceMessage.Trade(stream, Instant.ofEpochMilli(eventTime), trade);
        } catch (IllegalArgumentException e) {
            return new BinanceMessage.Malformed(stream, raw, "trade " + tradeId + ": " + e.getMessage());
        }
    }

    private static BinanceMessage depth(String stream, JsonNode payload) {
        long eventTime = time(payload.get("E"), "E");
        Symbol symbol = symbol(payload.get("s"), "s");
        checkStream(stream, symbol);
        long first = count(payload.get("U"), "U");
        long last = count(payload.get("u"), "u");
        String fault = DepthUpdate.checkHeader(symbol, eventTime, first, last);
        if (fault != null) {
            throw new FieldException(fault);
        }
        long[] bids = levels(payload.get("b"), "b");
        long[] asks = levels(payload.get("a"), "a");
        return new BinanceMessage.Depth(stream, new DepthUpdate(symbol, eventTime, first, last, bids, asks));
    }

    // ------------------------------------------------------------------ REST

    /**
     * The response of {@code GET /api/v3/depth?symbol=<symbol>}: {@code {"lastUpdateId":..., "bids":[[p,q],...],
     * "asks":[...]}}. The response does not name its symbol; {@code symbol} is the one asked for.
     */
    public Decoded<DepthSnapshot> depthSnapshot(Symbol symbol, String json) {
        try {
            if (symbol == null) {
                throw new FieldException("missing symbol");
            }
            JsonNode root = restObjectOrArray(json);
            if (!root.isObject()) {
                throw new FieldException("expected a JSON object, got " + describe(root));
            }
            long lastUpdateId = count(root.get("lastUpdateId"), "lastUpdateId");
            long[] bids = levels(root.get("bids"), "bids");
            long[] asks = levels(root.get("asks"), "asks");
            return new Decoded.Ok<>(new DepthSnapshot(symbol, lastUpdateId, bids, asks));
        } catch (FieldException e) {
            return new Decoded.Rejected<>(json, e.getMessage());
        }
    }

    /**
     * The response of {@code GET /api/v3/klines?symbol=<symbol>&interval=<interval>}: an array of 12-element
     * arrays ({@code [openTime, open, high, low, close, volume, closeTime, quoteVolume, trades,
     * takerBuyBaseVolume, takerBuyQuoteVolume, ignore]}). Each element becomes a {@link ParsedLine.Row} or, when it
     * is not a kline, a {@link ParsedLine.Malformed} (raw = the element's JSON), as a kline file's lines do; a
     * response that is not such an array at all is rejected. The last element of a response is usually the
     * current, still open kline (its close time is in the future): telling it apart needs the time, so it is the
     * caller's to drop.
     */
    public Decoded<List<ParsedLine>> klines(Symbol symbol, Interval interval, String json) {
        try {
            if (symbol == null || interval == null) {
                throw new FieldException("missing symbol or interval");
            }
            JsonNode root = restObjectOrArray(json);
            if (!root.isArray()) {
                throw new FieldException("expected a JSON array of klines, got " + describe(root));
            }
            List<ParsedLine> lines = new ArrayList<>(root.size());
            for (int i = 0; i < root.size(); i++) {
                JsonNode element = root.get(i);
                String raw = element.toString();
                try {
                    lines.add(new ParsedLine.Row(restKline(symbol, interval, element, "[" + i + "]", raw)));
                } catch (FieldException e) {
                    lines.add(new ParsedLine.Malformed(raw, e.getMessage()));
                }
            }
            return new Decoded.Ok<>(List.copyOf(lines));
        } catch (FieldException e) {
            return new Decoded.Rejected<>(json, e.getMessage());
        }
    }

    private static Kline restKline(Symbol symbol, Interval interval, JsonNode k, String at, String raw) {
        if (!k.isArray() || k.size() != 12) {
            throw new FieldException("kline " + at + " must be an array of 12 values, got " + describe(k));
        }
        return new Kline(symbol, interval,
                Instant.ofEpochMilli(time(k.get(0), at + "[0] open time")),
                decimal(k.get(1), at + "[1] open"),
                decimal(k.get(2), at + "[2] high"),
                decimal(k.get(3), at + "[3] low"),
                decimal(k.get(4), at + "[4] close"),
                decimal(k.get(5), at + "[5] volume"),
                Instant.ofEpochMilli(time(k.get(6), at + "[6] close time")),
                decimal(k.get(7), at + "[7] quote volume"),
                count(k.get(8), at + "[8] trades"),
                raw);
    }

    /** The JSON value of a REST response; a Binance error body ({@code {"code":-1121,"msg":"Invalid symbol."}}) is refused with its message. */
    private static JsonNode restObjectOrArray(String json) {
        JsonNode root = parse(json);
        if (root.isObject() && root.has("code") && root.has("msg") && !root.has("lastUpdateId")) {
            throw new FieldException("Binance error " + abbreviate(root.get("code").asText()) + ": "
                    + abbreviate(root.get("msg").asText()));
        }
        return root;
    }

    // ------------------------------------------------------------------ fields

    private static JsonNode parse(String text) {
        if (text == null || text.isBlank()) {
            throw new FieldException("empty message");
        }
        if (text.length() > MAX_MESSAGE_CHARS) {
            throw new FieldException("message of " + text.length() + " characters is longer than " + MAX_MESSAGE_CHARS);
        }
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            String message = e.getOriginalMessage();
            throw new FieldException("not one valid JSON value: " + abbreviate(message == null ? e.toString() : message, 300));
        } catch (IllegalArgumentException e) {
            // Jackson lets a NumberFormatException out for some numbers it cannot represent (e.g. an exponent of
            // 12 digits when it reads big decimals): still bad input, not a crash.
            throw new FieldException("not one valid JSON value: " + abbreviate(String.valueOf(e.getMessage()), 300));
        }
    }

    private static void checkStream(String stream, Symbol symbol) {
        if (stream == null) {
            return;
        }
        int at = stream.indexOf('@');
        String streamSymbol = at < 0 ? stream : stream.substring(0, at);
        if (!streamSymbol.equals(symbol.value().toLowerCase(Locale.ROOT))) {
            throw new FieldException("stream '" + abbreviate(stream) + "' is not of the payload's symbol " + symbol);
        }
    }

    private static long integer(JsonNode node, String field) {
        if (node == null) {
            throw new FieldException("missing field '" + field + "'");
        }
        if (!node.isIntegralNumber()) {
            throw new FieldException("field '" + field + "' must be an integer, got " + describe(node));
        }
        if (!node.canConvertToLong()) {
            throw new FieldException("field '" + field + "' is out of range: " + abbreviate(node.asText()));
        }
        return node.longValue();
    }

    private static long count(JsonNode node, String field) {
        long value = integer(node, field);
        if (value < 0) {
            throw new FieldException("field '" + field + "' must not be negative, got " + value);
        }
        return value;
    }

    /** Epoch milliseconds in [1970, 2100). */
    private static long time(JsonNode node, String field) {
        long value = integer(node, field);
        if (value < 0 || value >= MAX_EPOCH_MILLI) {
            throw new FieldException("field '" + field + "' must be epoch milliseconds in [0, " + MAX_EPOCH_MILLI
                    + ") (1970 to 2100), got " + value);
        }
        return value;
    }

    private static String text(JsonNode node, String field) {
        if (node == null) {
            throw new FieldException("missing field '" + field + "'");
        }
        if (!node.isTextual()) {
            throw new FieldException("field '" + field + "' must be a string, got " + describe(node));
        }
        return node.textValue();
    }

    private static boolean bool(JsonNode node, String field) {
        if (node == null) {
            throw new FieldException("missing field '" + field + "'");
        }
        if (!node.isBoolean()) {
            throw new FieldException("field '" + field + "' must be true or false, got " + describe(node));
        }
        return node.booleanValue();
    }

    private static Symbol symbol(JsonNode node, String field) {
        String value = text(node, field);
        if (!Symbol.isValid(value)) {
            throw new FieldException("field '" + field + "' must be a symbol of 2-30 upper-case letters or digits, got '"
                    + abbreviate(value) + "'");
        }
        return new Symbol(value);
    }

    /** A JSON string holding a plain non-negative decimal, kept exactly as written (scale included). */
    private static BigDecimal decimal(JsonNode node, String field) {
        String value = text(node, field);
        if (value.length() > MAX_DECIMAL_CHARS) {
            throw new FieldException("field '" + field + "' is longer than " + MAX_DECIMAL_CHARS + " characters: '"
                    + abbreviate(value) + "'");
        }
        int digitsBefore = 0;
        int digitsAfter = 0;
        boolean dot = false;
        boolean plain = !value.isEmpty();
        for (int i = 0; plain && i < value.length(); i++) {
            char c = value.charAt(i);
            if (c >= '0' && c <= '9') {
                if (dot) {
                    digitsAfter++;
                } else {
                    digitsBefore++;
                }
            } else if (c == '.' && !dot) {
                dot = true;
            } else {
                plain = false;
            }
        }
        if (!plain || digitsBefore == 0 || (dot && digitsAfter == 0)) {
            String why = value.startsWith("-") ? "must not be negative" : "must be a plain decimal (digits with an "
                    + "optional '.' and decimals: no sign, exponent, blank or NaN)";
            throw new FieldException("field '" + field + "' " + why + ", got '" + abbreviate(value) + "'");
        }
        return new BigDecimal(value);
    }

    /** Price levels {@code [["price", "qty"], ...]} straight into scaled longs. */
    private static long[] levels(JsonNode node, String field) {
        if (node == null) {
            throw new FieldException("missing field '" + field + "'");
        }
        if (!node.isArray()) {
            throw new FieldException("field '" + field + "' must be an array of [price, quantity], got " + describe(node));
        }
        int n = node.size();
        if (n == 0) {
            return Levels.NONE;
        }
        long[] levels = new long[2 * n];
        for (int i = 0; i < n; i++) {
            JsonNode pair = node.get(i);
            if (!pair.isArray() || pair.size() != 2 || !pair.get(0).isTextual() || !pair.get(1).isTextual()) {
                throw new FieldException("field '" + field + "[" + i + "]' must be [\"price\", \"quantity\"] (two strings), got "
                        + describe(pair));
            }
            String fault = Levels.parseLevel(levels, 2 * i, pair.get(0).textValue(), pair.get(1).textValue(), field, i);
            if (fault != null) {
                throw new FieldException("field '" + fault.replaceFirst(" ", "' "));
            }
        }
        return levels;
    }

    private static Interval interval(String code) {
        for (Interval interval : Interval.values()) {
            if (interval.code().equals(code)) {
                return interval;
            }
        }
        return null;
    }

    private static String intervalCodes() {
        List<String> codes = new ArrayList<>();
        for (Interval interval : Interval.values()) {
            codes.add(interval.code());
        }
        return codes.toString();
    }

    private static String describe(JsonNode node) {
        if (node == null) {
            return "nothing";
        }
        String kind = switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> node.getNodeType().name().toLowerCase(Locale.ROOT);
        };
        return node.isNull() ? kind : kind + " " + abbreviate(node.toString());
    }

    private static String abbreviate(String text) {
        return Levels.abbreviate(text);
    }

    private static String abbreviate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "... (" + text.length() + " characters)";
    }

    /** A field's fault; stackless, caught at the entry points. */
    private static final class FieldException extends RuntimeException {
        FieldException(String message) {
            super(message, null, false, false);
        }
    }
}
