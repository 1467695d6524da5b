/**
 * The framework-free rules for talking to Binance politely, shared by the collector's (and later execution's)
 * adapters, which bring Redis, HTTP and WebSocket:
 * <ul>
 *   <li>{@link dev.sextant.collector.exchange.WeightBudget}: the REST request-weight budget of one IP, shared by every
 *   instance through a {@link dev.sextant.collector.exchange.BudgetStore} (Redis in the service,
 *   {@link dev.sextant.collector.exchange.InMemoryBudgetStore} here): a fixed window aligned to UTC minutes, a safety
 *   margin, Binance's {@code X-MBX-USED-WEIGHT-*} headers as the truth when higher, 429 with {@code Retry-After}, 418
 *   bans; its {@link dev.sextant.collector.exchange.BudgetStatus} for health and metrics. Sending needs a
 *   {@link dev.sextant.collector.exchange.Permit} only the budget makes.</li>
 *   <li>{@link dev.sextant.collector.exchange.Backoff}: reconnect delays, exponential from 1 s to 60 s with full
 *   jitter, reset after a stable connection.</li>
 *   <li>{@link dev.sextant.collector.exchange.ConnectionSchedule}: the proactive reconnect before Binance's 24 h cut,
 *   silent-stall detection by ping/pong, and combined-stream grouping under 1024 streams per connection.</li>
 *   <li>{@link dev.sextant.collector.exchange.ReconnectBuffer}: in-order, exactly-once delivery across reconnects;
 *   holes are reported for a REST backfill before delivery goes on.</li>
 * </ul>
 * The numbers come from Binance's documentation and are collected, with their sources, in
 * {@link dev.sextant.collector.exchange.BinanceLimits}. Like {@code dev.sextant.collector.domain}, nothing here imports
 * a framework, opens a file or socket, or reads the wall clock: time comes from an injected {@link java.time.Clock},
 * randomness from an injected {@link java.util.random.RandomGenerator} (docs/architecture.md).
 */
package dev.sextant.collector.exchange;
