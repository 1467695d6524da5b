/**
 * The framework-free rules of Binance spot order requests (issue 8), for the HTTP adapter still to come: signing
 * ({@link dev.sextant.execution.binance.RequestSigner}: {@link dev.sextant.execution.binance.HmacSha256Signer},
 * {@link dev.sextant.execution.binance.Ed25519Signer}), the signed query string
 * ({@link dev.sextant.execution.binance.SignedQuery}), the server-time offset
 * ({@link dev.sextant.execution.binance.ServerTime}), the symbol's filters
 * ({@link dev.sextant.execution.binance.SymbolFilters}) and the {@code POST /api/v3/order} parameters
 * ({@link dev.sextant.execution.binance.NewOrderRequest}, {@code newClientOrderId} = the derived client order id).
 *
 * <p>Sources: Binance's spot API docs, <a href="https://developers.binance.com/docs/binance-spot-api-docs/rest-api/request-security">Request Security</a>,
 * <a href="https://developers.binance.com/docs/binance-spot-api-docs/filters">Filters</a> and the REST API's
 * endpoint pages (as of the binance-spot-api-docs repository's July 2026 revision).
 *
 * <p>No HTTP, no file, no wall clock (time is an injected {@link java.time.Clock}); money is {@link java.math.BigDecimal}.
 * Unlike the other domain packages it uses {@code javax.crypto} (the JDK's HMAC), which
 * {@code BinancePackageArchitectureTest} allows and nothing else from {@code javax}. Secrets never appear in a
 * {@code toString()}, a message or a log line.
 */
package dev.sextant.execution.binance;
