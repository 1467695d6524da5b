/**
 * Smart order routing and TWAP slicing (issue 8, seed 002's "Smart order router"), framework-free.
 *
 * <p>{@link dev.sextant.execution.routing.Router} turns an order ({@link dev.sextant.execution.routing.RouteRequest})
 * and the latest {@link dev.sextant.contracts.event.OrderBookSnapshotTaken}, if any, into a
 * {@link dev.sextant.execution.routing.RoutingDecision}: MARKET below the market ceiling, LIMIT_AT_TOUCH (passive)
 * for mid sizes, TWAP above the threshold, REJECT on a stale, empty, crossed, thin or too costly book; each
 * with a {@link dev.sextant.execution.routing.ReasonCode}, a sentence and the numbers used
 * ({@link dev.sextant.execution.routing.RoutingMetrics}). {@link dev.sextant.execution.routing.TwapSchedule}
 * plans the slices (quantities summing exactly to the order) and says what happens to a slice the book refuses.
 * {@link dev.sextant.execution.routing.RoutingPolicy} holds the settings.
 *
 * <p>The rules of the core apply (docs/architecture.md): money and quantities are {@code BigDecimal},
 * compared exactly; time is the one handed in; no framework, no I/O (core/kernel {@code CoreArchitectureTest}).
 * Not wired into execution-service or the paper exchange yet.
 */
package dev.sextant.execution.routing;
