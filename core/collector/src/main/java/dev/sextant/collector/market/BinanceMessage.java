package dev.sextant.collector.market;

import dev.sextant.collector.domain.Kline;
import dev.sextant.contracts.event.Interval;
import dev.sextant.contracts.event.MarketTradeExecuted;
import dev.sextant.contracts.id.Symbol;
import java.time.Instant;

/**
 * One message of Binance's market-data WebSocket, as {@link BinanceMessages#decode} read it. Never an exception:
 * what cannot be used is {@link Unsupported} (a valid message of a kind the platform does not take) or
 * {@link Malformed} (not a valid message).
 */
public sealed interface BinanceMessage {

    /** The combined stream's name ({@code {"stream":"btcusdt@trade","data":...}}), or null for a raw stream's payload. */
    String stream();

    /** A kline whose interval is over ({@code "x": true}): the candle, not yet validated nor normalised. */
    record KlineClosed(String stream, Instant eventTime, Kline kline) implements BinanceMessage {}

    /** An update of a kline still open ({@code "x": false}): not a candle yet. */
    record KlineOpen(String stream, Instant eventTime, Symbol symbol, Interval interval, Instant openTime)
            implements BinanceMessage {}

    /** One raw trade ({@code "e": "trade"}). */
    record Trade(String stream, Instant eventTime, MarketTradeExecuted trade) implements BinanceMessage {}

    /** One diff. depth event ({@code "e": "depthUpdate"}), for {@link LocalOrderBook#onDepthUpdate}. */
    record Depth(String stream, DepthUpdate update) implements BinanceMessage {}

    /**
     * A well-formed message the platform does not take: another event type ({@code aggTrade},
     * {@code serverShutdown}, ...), a kline of an interval it has no {@link Interval} for, a response to a
     * subscription request.
     *
     * @param eventType the {@code "e"} field, or {@code "response"} for a request's response
     */
    record Unsupported(String stream, String eventType, String detail) implements BinanceMessage {}

    /**
     * Not a valid message: not JSON, trailing garbage, a missing field, a wrong type, a number that is not a
     * plain decimal, a value out of bounds.
     *
     * @param raw    the message as received
     * @param reason what is wrong, naming the field
     */
    record Malformed(String stream, String raw, String reason) implements BinanceMessage {}
}
