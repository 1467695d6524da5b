package dev.sextant.collector.market;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sextant.collector.exchange.RateLimit;
import dev.sextant.contracts.id.Symbol;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the collector reads of {@code GET /api/v3/exchangeInfo} (spot REST API, "Exchange information"; filters:
 * filters.md): the {@code rateLimits} (for the request-weight budget) and, per symbol, the trading filters risk and
 * execution need ({@link SymbolFilters}). Bad input is a result, never an exception: a symbol whose filters are missing
 * or not positive is listed in {@link #problems()} instead of {@link #symbols()}.
 */
public record ExchangeInfo(List<RateLimit> rateLimits, Map<Symbol, SymbolFilters> symbols, List<String> problems) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * The filters of one symbol.
     *
     * @param status Binance's trading status ({@code TRADING}, {@code BREAK}, ...)
     * @param tickSize {@code PRICE_FILTER.tickSize}: prices are multiples of it (positive)
     * @param stepSize {@code LOT_SIZE.stepSize}: quantities are multiples of it (positive)
     * @param minQty {@code LOT_SIZE.minQty}
     * @param minNotional {@code NOTIONAL.minNotional} (or the older {@code MIN_NOTIONAL.minNotional}): the least
     *                    price x quantity of an order
     */
    public record SymbolFilters(String symbol, String status, String baseAsset, String quoteAsset, BigDecimal tickSize,
                                BigDecimal stepSize, BigDecimal minQty, BigDecimal minNotional) {}

    /** Reads the body; empty with the reason when it is not an exchangeInfo object at all. */
    public static Decoded<ExchangeInfo> decode(String json) {
        JsonNode root;
        try {
            root = json == null ? null : MAPPER.readTree(json);
        } catch (Exception e) {
            return new Decoded.Rejected<>(json, "exchangeInfo is not valid JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject() || !root.path("symbols").isArray()) {
            return new Decoded.Rejected<>(json, "exchangeInfo must be an object with a symbols array");
        }
        List<RateLimit> limits = new ArrayList<>();
        for (JsonNode r : root.path("rateLimits")) {
            if (r.path("rateLimitType").isTextual() && r.path("interval").isTextual() && r.path("intervalNum").canConvertToInt()
                    && r.path("limit").canConvertToLong()) {
                limits.add(new RateLimit(r.get("rateLimitType").asText(), r.get("interval").asText(),
                        r.get("intervalNum").asInt(), r.get("limit").asLong()));
            }
        }
        Map<Symbol, SymbolFilters> symbols = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (JsonNode s : root.get("symbols")) {
            String name = s.path("symbol").asText("");
            try {
                Symbol symbol = Symbol.of(name);
                Optional<BigDecimal> tick = filter(s, "PRICE_FILTER", "tickSize");
                Optional<BigDecimal> step = filter(s, "LOT_SIZE", "stepSize");
                Optional<BigDecimal> minQty = filter(s, "LOT_SIZE", "minQty");
                Optional<BigDecimal> minNotional = filter(s, "NOTIONAL", "minNotional").or(() -> filter(s, "MIN_NOTIONAL", "minNotional"));
                if (tick.isEmpty() || tick.get().signum() <= 0 || step.isEmpty() || step.get().signum() <= 0
                        || minQty.isEmpty() || minQty.get().signum() < 0 || minNotional.isEmpty() || minNotional.get().signum() < 0) {
                    problems.add(name + ": PRICE_FILTER.tickSize and LOT_SIZE.stepSize must be positive decimals and"
                            + " LOT_SIZE.minQty and NOTIONAL.minNotional non-negative ones, got tickSize=" + tick.orElse(null)
                            + " stepSize=" + step.orElse(null) + " minQty=" + minQty.orElse(null) + " minNotional="
                            + minNotional.orElse(null));
                    continue;
                }
                symbols.put(symbol, new SymbolFilters(symbol.value(), s.path("status").asText(""),
                        s.path("baseAsset").asText(""), s.path("quoteAsset").asText(""), tick.get().stripTrailingZeros(),
                        step.get().stripTrailingZeros(), minQty.get().stripTrailingZeros(), minNotional.get().stripTrailingZeros()));
            } catch (IllegalArgumentException e) {
                problems.add("symbol '" + name + "': " + e.getMessage());
            }
        }
        return new Decoded.Ok<>(new ExchangeInfo(List.copyOf(limits), java.util.Collections.unmodifiableMap(symbols), List.copyOf(problems)));
    }

    private static Optional<BigDecimal> filter(JsonNode symbol, String type, String field) {
        for (JsonNode f : symbol.path("filters")) {
            if (type.equals(f.path("filterType").asText()) && f.path(field).isTextual()) {
                try {
                    return Optional.of(new BigDecimal(f.get(field).asText().strip()));
                } catch (NumberFormatException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }
}
