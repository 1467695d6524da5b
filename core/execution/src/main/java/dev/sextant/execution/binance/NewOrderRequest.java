package dev.sextant.execution.binance;

import dev.sextant.contracts.event.OrderIntent;
import dev.sextant.contracts.event.OrderType;
import dev.sextant.contracts.event.Side;
import dev.sextant.contracts.id.ClientOrderId;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.SequencedMap;
import java.util.regex.Pattern;

/**
 * The parameters of
 * <a href="https://developers.binance.com/docs/binance-spot-api-docs/rest-api/trading-endpoints#new-order-trade">
 * {@code POST /api/v3/order}</a> for a MARKET or LIMIT order, in this order: {@code symbol}, {@code side},
 * {@code type}, {@code timeInForce} (LIMIT only), {@code quantity}, {@code price} (LIMIT only),
 * {@code newClientOrderId}, {@code newOrderRespType=FULL}. {@link SignedQuery} adds {@code recvWindow},
 * {@code timestamp} and {@code signature}.
 *
 * <p>{@code newClientOrderId} is the platform's {@link ClientOrderId} as is: {@code Ids.clientOrderId} derives it from
 * the risk decision's id ({@code sx-} + 32 hex digits = 35 characters), so a retried submit of the same decision sends
 * the same id, and Binance rejects a second order with the id of an open one ("Orders with the same
 * newClientOrderID can be accepted only when the previous one is filled, otherwise the order will be rejected"). A
 * {@code ClientOrderId} can only hold {@code [.A-Z:/a-z0-9_-]{1,36}} ({@link #BINANCE_CLIENT_ORDER_ID}, the pattern
 * Binance enforces on {@code newClientOrderId}; the REST page itself only says "A unique id among open orders"), and
 * the ones {@code Ids} derives also fit the stricter {@code ^[a-zA-Z0-9-_]{1,36}$} that the
 * <a href="https://developers.binance.com/docs/binance-spot-api-docs/fix-api">FIX API</a> documents for client order
 * ids. No mapping is needed; {@link #build} still checks the pattern.
 *
 * <p>The quantity (and a LIMIT order's price) are rounded down by the symbol's {@link SymbolFilters} and sent in plain
 * notation without trailing zeros ({@code 0.00012}, never {@code 1.2E-4}); then the rounded order is
 * {@link SymbolFilters#check checked}. Any problem gives a rejected request with every reason; {@link #build} never
 * throws. {@code newOrderRespType=FULL} asks for the fills in the answer.
 *
 * @param parameters the parameters, in order, when the request can be sent (empty otherwise)
 * @param violations why it cannot be sent (empty when it can)
 */
public record NewOrderRequest(SequencedMap<String, String> parameters, List<SymbolFilters.Violation> violations) {
    /** Binance's pattern for {@code newClientOrderId}. */
    public static final Pattern BINANCE_CLIENT_ORDER_ID = Pattern.compile("^[\\.A-Z\\:/a-z0-9_-]{1,36}$");
    /** A spot symbol: letters and digits of any script (Binance lists symbols such as {@code １２３４５６}). */
    private static final Pattern SYMBOL = Pattern.compile("^[\\p{L}\\p{N}]{1,32}$");

    public NewOrderRequest {
        parameters = Collections.unmodifiableSequencedMap(new LinkedHashMap<>(parameters));
        violations = List.copyOf(violations);
    }

    /** True when the request can be sent. */
    public boolean accepted() {
        return violations.isEmpty();
    }

    /**
     * The request for an approved decision's intent: a LIMIT intent is priced at its reference price, a MARKET one is
     * valued at it for the notional filters. LIMIT orders are good till cancelled.
     */
    public static NewOrderRequest fromIntent(String symbol, OrderIntent intent, ClientOrderId clientOrderId,
            SymbolFilters filters) {
        if (intent == null) {
            return rejected(List.of(new SymbolFilters.Violation(SymbolFilters.INPUT, "the order intent is missing")));
        }
        return build(symbol, intent.side(), intent.orderType(), intent.quantity(), intent.referencePrice(),
                intent.orderType() == OrderType.LIMIT ? TimeInForce.GTC : null, clientOrderId, filters);
    }

    /**
     * The request for one order.
     *
     * @param price a LIMIT order's price; for a MARKET order the reference price its notional is checked at (not
     *     sent), or null
     * @param timeInForce a LIMIT order's; null means GTC; ignored for MARKET
     */
    public static NewOrderRequest build(String symbol, Side side, OrderType type, BigDecimal quantity, BigDecimal price,
            TimeInForce timeInForce, ClientOrderId clientOrderId, SymbolFilters filters) {
        List<SymbolFilters.Violation> problems = new java.util.ArrayList<>();
        if (symbol == null || !SYMBOL.matcher(symbol).matches()) {
            problems.add(input("symbol must be 1 to 32 letters or digits, got "
                    + (symbol == null ? "nothing" : "\"" + abbreviate(symbol) + "\"")));
        }
        if (side == null) {
            problems.add(input("side is missing"));
        }
        if (type == null) {
            problems.add(input("order type is missing"));
        }
        if (clientOrderId == null) {
            problems.add(input("client order id is missing"));
        } else if (!BINANCE_CLIENT_ORDER_ID.matcher(clientOrderId.value()).matches()) {
            problems.add(input("client order id does not match Binance's " + BINANCE_CLIENT_ORDER_ID.pattern()));
        }
        if (filters == null) {
            problems.add(input("the symbol's filters are missing"));
        }
        if (type == null || filters == null) {
            return rejected(problems);
        }
        // The raw inputs first: rounding needs a positive, bounded number.
        List<SymbolFilters.Violation> raw = filters.check(new SymbolFilters.Order(type, quantity, price)).stream()
                .filter(v -> v.filter().equals(SymbolFilters.INPUT)).toList();
        problems.addAll(raw);
        if (!problems.isEmpty()) {
            return rejected(problems);
        }
        boolean limit = type == OrderType.LIMIT;
        BigDecimal roundedQuantity = filters.roundQuantity(quantity, type);
        BigDecimal roundedPrice = limit ? filters.roundPrice(price) : price;
        if (roundedQuantity.signum() == 0) {
            SymbolFilters.LotSize lot = type == OrderType.MARKET && filters.marketLotSize().isPresent()
                    && filters.marketLotSize().get().stepSize().compareTo(filters.lotSize().map(SymbolFilters.LotSize::stepSize)
                            .orElse(BigDecimal.ZERO)) > 0 ? filters.marketLotSize().get() : filters.lotSize().orElseThrow();
            problems.add(new SymbolFilters.Violation(lot.filterType(), "quantity " + SymbolFilters.plain(quantity)
                    + " rounds down to 0 at stepSize " + SymbolFilters.plain(lot.stepSize())));
        }
        if (limit && roundedPrice.signum() == 0) {
            problems.add(new SymbolFilters.Violation("PRICE_FILTER", "price " + SymbolFilters.plain(price)
                    + " rounds down to 0 at tickSize " + SymbolFilters.plain(filters.priceFilter().orElseThrow().tickSize())));
        }
        if (!problems.isEmpty()) {
            return rejected(problems);
        }
        List<SymbolFilters.Violation> violations = filters.check(new SymbolFilters.Order(type, roundedQuantity, roundedPrice));
        if (!violations.isEmpty()) {
            return rejected(violations);
        }
        SequencedMap<String, String> parameters = new LinkedHashMap<>();
        parameters.put("symbol", symbol);
        parameters.put("side", side.name());
        parameters.put("type", type.name());
        if (limit) {
            parameters.put("timeInForce", (timeInForce == null ? TimeInForce.GTC : timeInForce).name());
        }
        parameters.put("quantity", SymbolFilters.plain(roundedQuantity));
        if (limit) {
            parameters.put("price", SymbolFilters.plain(roundedPrice));
        }
        parameters.put("newClientOrderId", clientOrderId.value());
        parameters.put("newOrderRespType", "FULL");
        return new NewOrderRequest(parameters, List.of());
    }

    /** The parameters, when the request can be sent. */
    public Optional<SequencedMap<String, String>> sendable() {
        return accepted() ? Optional.of(parameters) : Optional.empty();
    }

    private static NewOrderRequest rejected(List<SymbolFilters.Violation> violations) {
        return new NewOrderRequest(new LinkedHashMap<>(), violations);
    }

    private static SymbolFilters.Violation input(String reason) {
        return new SymbolFilters.Violation(SymbolFilters.INPUT, reason);
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 37) + "...";
    }
}
