/**
 * Binance market data, framework-free: the domain the collector's Binance adapters (REST + WebSocket, issue 8)
 * call.
 *
 * <ul>
 *   <li>{@link dev.sextant.collector.market.BinanceMessages} reads Binance's spot messages without ever throwing
 *       on bad input: WebSocket messages, raw or in a combined-stream envelope ({@link
 *       dev.sextant.collector.market.BinanceMessage}: a closed kline as a {@link dev.sextant.collector.domain.Kline},
 *       an open kline reported as not closed, a trade as a {@code MarketTradeExecuted}, a diff. depth event as a
 *       {@link dev.sextant.collector.market.DepthUpdate}), the REST depth snapshot ({@link
 *       dev.sextant.collector.market.DepthSnapshot}) and REST klines (as {@link dev.sextant.collector.domain.ParsedLine}s,
 *       like a kline file's lines). Refused input comes back as {@code Malformed}/{@code Rejected} with the field
 *       and the fault.</li>
 *   <li>{@link dev.sextant.collector.market.LocalOrderBook} keeps one symbol's book by Binance's "How to manage a
 *       local order book correctly": buffer before the snapshot, drop what the snapshot covers, the first-event
 *       rule, {@code U == previous u + 1} afterwards, a gap makes it {@code OUT_OF_SYNC} (cleared, buffering again
 *       until a new snapshot); it reports best bid/ask, the top N levels, a crossed book, counters, and makes
 *       {@code OrderBookSnapshotTaken} events with deterministic ids.</li>
 *   <li>{@link dev.sextant.collector.market.FixedPoint}: Binance's 8-decimal strings as scaled {@code long}s, so the
 *       book's hot path has no {@code BigDecimal} ({@link dev.sextant.collector.market.BookSide}: sorted primitive
 *       arrays, best level last). Apply rate: {@code benchmarks/codec} ({@code OrderBookBenchmark}).</li>
 * </ul>
 *
 * <p>Like {@code dev.sextant.collector.domain}, no framework, no I/O, no wall clock: times come from the messages,
 * {@code tsInit} from an injected {@link java.time.Clock} (core/kernel {@code CoreArchitectureTest}).
 */
package dev.sextant.collector.market;
