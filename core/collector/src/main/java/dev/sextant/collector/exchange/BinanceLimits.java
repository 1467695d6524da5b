package dev.sextant.collector.exchange;

import java.time.Duration;

/**
 * The numbers Binance documents for its spot API that the rules of this package follow, each with its source. They
 * are the defaults; the ones Binance serves at run time (the request weight limit of {@code GET /api/v3/exchangeInfo}'s
 * {@code rateLimits}) replace them through {@link WeightBudget#updateLimits}.
 *
 * <p>Sources (read 2026-07, binance/binance-spot-api-docs at a5e0bc3, also published at
 * developers.binance.com/docs/binance-spot-api-docs):
 * <ul>
 *   <li>{@code rest-api.md}, "LIMITS / IP Limits": every response carries
 *       {@code X-MBX-USED-WEIGHT-(intervalNum)(intervalLetter)}, "the current used weight for the IP for all request rate
 *       limiters defined"; a 429 obliges the client to back off; repeated violations give an automated IP ban (HTTP 418)
 *       that scales "from 2 minutes to 3 days"; a {@code Retry-After} header on 418 and 429 gives "the number of seconds
 *       required to wait, in the case of a 429, to prevent a ban, or, in the case of a 418, until the ban is over";
 *       the limits are per IP, not per API key.</li>
 *   <li>{@code enums.md}, "Rate limiters (rateLimitType)": {@code REQUEST_WEIGHT}, interval {@code MINUTE},
 *       intervalNum 1, limit 6000 ({@code CHANGELOG.md}, 2023-08-25: "The REQUEST_WEIGHT rate limit for both REST and
 *       WebSocket API has been adjusted to 6,000 every minute", up from 1200).</li>
 *   <li>{@code web-socket-streams.md}, "General WSS information": a single connection to stream.binance.com "is only
 *       valid for 24 hours; expect to be disconnected at the 24 hour mark"; the server sends a ping frame every 20
 *       seconds and disconnects a connection that sends no pong within a minute; a {@code serverShutdown} event
 *       announces a disconnection; combined streams are at {@code /stream?streams=<a>/<b>/<c>}; symbols in stream
 *       names are lowercase.</li>
 *   <li>{@code web-socket-streams.md}, "WebSocket Limits": 5 incoming messages per second per connection (PING, PONG
 *       and JSON control messages such as SUBSCRIBE); a maximum of 1024 streams per connection; 300 connections per
 *       attempt every 5 minutes per IP.</li>
 * </ul>
 */
public final class BinanceLimits {

    /** {@code REQUEST_WEIGHT} per minute and IP served by spot's exchangeInfo today (enums.md; CHANGELOG 2023-08-25). */
    public static final long SPOT_REQUEST_WEIGHT_PER_MINUTE = 6000;

    /** The shortest IP ban (HTTP 418) Binance documents (rest-api.md, "IP Limits"). */
    public static final Duration SHORTEST_BAN = Duration.ofMinutes(2);

    /** The longest IP ban (HTTP 418) Binance documents (rest-api.md, "IP Limits"). */
    public static final Duration LONGEST_BAN = Duration.ofDays(3);

    /** How long Binance keeps one stream connection before cutting it (web-socket-streams.md). */
    public static final Duration CONNECTION_LIFETIME = Duration.ofHours(24);

    /** How often the stream server sends a ping frame (web-socket-streams.md). */
    public static final Duration SERVER_PING_INTERVAL = Duration.ofSeconds(20);

    /** How long the stream server waits for the pong to its ping before it disconnects (web-socket-streams.md). */
    public static final Duration PONG_DEADLINE = Duration.ofMinutes(1);

    /** Streams one connection may listen to (web-socket-streams.md, "WebSocket Limits"). */
    public static final int MAX_STREAMS_PER_CONNECTION = 1024;

    /** Incoming messages (PING, PONG, SUBSCRIBE...) a connection may send per second (web-socket-streams.md). */
    public static final int MAX_INCOMING_MESSAGES_PER_SECOND = 5;

    /** Connection attempts an IP may make every 5 minutes (web-socket-streams.md, "WebSocket Limits"). */
    public static final int MAX_CONNECTIONS_PER_FIVE_MINUTES = 300;

    private BinanceLimits() {}
}
