package dev.sextant.collector.binance;

import dev.sextant.collector.exchange.Decision;
import dev.sextant.collector.exchange.Permit;
import dev.sextant.collector.exchange.WeightBudget;
import dev.sextant.contracts.event.Interval;
import dev.sextant.contracts.id.Symbol;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

/**
 * Binance spot's public market-data REST routes the collector uses, over the JDK {@link HttpClient}. Every request
 * asks the shared {@link WeightBudget} first (with the route's documented weight), is sent only with the
 * {@link Permit} it grants, and hands the response's status and headers back to the budget ({@code X-MBX-USED-WEIGHT-*},
 * a 429's or 418's {@code Retry-After}) before anything else looks at it. There is no other send path in this class.
 *
 * <p>Weights (spot REST API, "Market Data endpoints"): {@code GET /api/v3/time} 1, {@code GET /api/v3/klines} 2,
 * {@code GET /api/v3/exchangeInfo} 20. Thread-safe.
 */
public final class BinanceRestClient {

    /** A route and its request weight. */
    public enum Route {
        TIME("/api/v3/time", 1),
        KLINES("/api/v3/klines", 2),
        EXCHANGE_INFO("/api/v3/exchangeInfo", 20);

        private final String path;
        private final int weight;

        Route(String path, int weight) {
            this.path = path;
            this.weight = weight;
        }

        public String path() {
            return path;
        }

        public int weight() {
            return weight;
        }
    }

    /** The most klines one request returns (Binance's documented maximum of {@code limit}). */
    public static final int MAX_KLINES = 1000;

    /** The budget said wait: nothing was sent. */
    public static final class BudgetWait extends RuntimeException {
        private final transient Decision.Wait wait;

        BudgetWait(Route route, Decision.Wait wait) {
            super("not sending " + route.path() + ": " + wait.reason(), null, false, false);
            this.wait = wait;
        }

        public Decision.Wait decision() {
            return wait;
        }
    }

    /** The request was sent and failed (no connection, timeout, a status other than 200). */
    public static final class CallFailed extends RuntimeException {
        private final String kind;

        CallFailed(String kind, String message, Throwable cause) {
            super(message, cause);
            this.kind = kind;
        }

        /** For metrics: {@code io}, {@code http_4xx}, {@code http_5xx}, {@code http_429}, {@code http_418}, {@code malformed}. */
        public String kind() {
            return kind;
        }
    }

    private final URI base;
    private final WeightBudget budget;
    private final HttpClient http;
    private final Duration timeout;
    private final BiConsumer<Route, String> outcomes;

    /**
     * @param outcomes told of every request's outcome ({@code 200}, {@code 429}, {@code io}...) for metrics; may be a no-op
     */
    public BinanceRestClient(URI base, WeightBudget budget, Duration timeout, BiConsumer<Route, String> outcomes) {
        this.base = Objects.requireNonNull(base, "base");
        this.budget = Objects.requireNonNull(budget, "budget");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.outcomes = Objects.requireNonNull(outcomes, "outcomes");
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** {@code GET /api/v3/time}: the body, {@code {"serverTime":<epoch ms>}}. */
    public String time() {
        return get(Route.TIME, "");
    }

    /** {@code GET /api/v3/exchangeInfo?symbols=[...]}: the body. */
    public String exchangeInfo(List<Symbol> symbols) {
        String list = symbols.stream().map(s -> "\"" + s.value() + "\"").collect(Collectors.joining(",", "[", "]"));
        return get(Route.EXCHANGE_INFO, "symbols=" + URLEncoder.encode(list, StandardCharsets.UTF_8));
    }

    /**
     * {@code GET /api/v3/klines}: at most {@code limit} klines of {@code symbol} and {@code interval} whose open time is
     * within {@code [startTime, endTime]}, oldest first; the body.
     */
    public String klines(Symbol symbol, Interval interval, Instant startTime, Instant endTime, int limit) {
        if (limit < 1 || limit > MAX_KLINES) {
            throw new IllegalArgumentException("limit must be within [1, " + MAX_KLINES + "], got " + limit);
        }
        return get(Route.KLINES, "symbol=" + symbol.value() + "&interval=" + interval.code() + "&startTime="
                + startTime.toEpochMilli() + "&endTime=" + endTime.toEpochMilli() + "&limit=" + limit);
    }

    private String get(Route route, String query) {
        Decision decision = budget.request(route.weight());
        Permit permit = switch (decision) {
            case Decision.Wait wait -> throw new BudgetWait(route, wait);
            case Decision.Send send -> send.permit();
        };
        URI uri = URI.create(base + route.path() + (query.isEmpty() ? "" : "?" + query));
        HttpRequest request = HttpRequest.newBuilder(uri).GET().timeout(timeout)
                .header("Accept", "application/json").build();
        permit.use();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            outcomes.accept(route, "io");
            throw new CallFailed("io", "GET " + route.path() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CallFailed("io", "interrupted during GET " + route.path(), e);
        }
        int status = response.statusCode();
        budget.observe(permit, status, response.headers().map());
        outcomes.accept(route, Integer.toString(status));
        if (status == 200) {
            return response.body();
        }
        String kind = status == 429 || status == 418 ? "http_" + status : status >= 500 ? "http_5xx" : "http_4xx";
        throw new CallFailed(kind, "GET " + route.path() + " answered HTTP " + status + ": " + abbreviate(response.body()),
                null);
    }

    private static String abbreviate(String body) {
        if (body == null) {
            return "";
        }
        String b = body.strip();
        return b.length() <= 200 ? b : b.substring(0, 200) + "...";
    }
}
