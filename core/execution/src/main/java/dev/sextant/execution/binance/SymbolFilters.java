package dev.sextant.execution.binance;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sextant.contracts.event.OrderType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The order rules of one spot symbol, read from the {@code filters} of
 * <a href="https://developers.binance.com/docs/binance-spot-api-docs/rest-api/general-endpoints#exchange-information">
 * {@code GET /api/v3/exchangeInfo}</a>, applied as
 * <a href="https://developers.binance.com/docs/binance-spot-api-docs/filters">Filters</a> defines them:
 *
 * <ul>
 *   <li>{@code PRICE_FILTER} ({@code minPrice}, {@code maxPrice}, {@code tickSize}; each "disabled on == 0"):
 *       {@code price >= minPrice}, {@code price <= maxPrice}, {@code price % tickSize == 0}. Checked for LIMIT
 *       orders (a MARKET order sends no price);
 *   <li>{@code LOT_SIZE} ({@code minQty}, {@code maxQty}, {@code stepSize}): {@code quantity >= minQty},
 *       {@code quantity <= maxQty}, {@code quantity % stepSize == 0}; every order;
 *   <li>{@code MARKET_LOT_SIZE} (the same fields): the same rules for MARKET orders;
 *   <li>{@code MIN_NOTIONAL} ({@code minNotional}, {@code applyToMarket}): {@code price * quantity >= minNotional};
 *       MARKET orders only when {@code applyToMarket};
 *   <li>{@code NOTIONAL} ({@code minNotional}, {@code applyMinToMarket}, {@code maxNotional},
 *       {@code applyMaxToMarket}): {@code minNotional <= price * quantity <= maxNotional}; for MARKET orders each bound
 *       only when its flag says so.
 * </ul>
 *
 * A MARKET order has no price: Binance values it at the symbol's reference or average price, so {@link #check}
 * values it at the price the caller gives (the decision's reference price). A step or tick of 0 is treated as
 * disabled (no rounding, no remainder rule). The other filters of the page ({@code PERCENT_PRICE},
 * {@code PERCENT_PRICE_BY_SIDE}, {@code ICEBERG_PARTS}, {@code MAX_NUM_ORDERS}, {@code TRAILING_DELTA}, ... and any
 * type we do not know) depend on the market or on open orders; they are listed in {@link #unchecked()} and left to
 * Binance.
 *
 * <p>Bad input is a result, never an exception: {@link #parse} returns its problems, {@link #check} every violated
 * rule. Every decimal (from the JSON or from an order) must be within {@link #MAX_MAGNITUDE} and have at most
 * {@link #MAX_SCALE} decimals, so that no hostile number ({@code 1e400}, {@code 1e-1000000}) reaches the arithmetic.
 */
public final class SymbolFilters {
    /** The largest decimal taken in (Binance's largest maxQty is about 9.2e9, maxPrice about 1e9). */
    public static final BigDecimal MAX_MAGNITUDE = new BigDecimal("1e20");
    /** The most decimals taken in (Binance uses 8). */
    public static final int MAX_SCALE = 18;
    /** The name of {@link Violation}s that are not a filter's: a missing, non-positive or out-of-bounds input. */
    public static final String INPUT = "INPUT";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    /** {@code PRICE_FILTER}. */
    public record PriceFilter(BigDecimal minPrice, BigDecimal maxPrice, BigDecimal tickSize) {}

    /** {@code LOT_SIZE} or {@code MARKET_LOT_SIZE} ({@code filterType} says which). */
    public record LotSize(String filterType, BigDecimal minQty, BigDecimal maxQty, BigDecimal stepSize) {}

    /** {@code MIN_NOTIONAL}. */
    public record MinNotional(BigDecimal minNotional, boolean applyToMarket) {}

    /** {@code NOTIONAL}. */
    public record Notional(BigDecimal minNotional, boolean applyMinToMarket, BigDecimal maxNotional, boolean applyMaxToMarket) {}

    /** One broken rule: Binance's filter name (or {@link #INPUT}) and a sentence. */
    public record Violation(String filter, String reason) {
        @Override
        public String toString() {
            return filter + ": " + reason;
        }
    }

    /**
     * What {@link #check} looks at.
     *
     * @param type MARKET or LIMIT
     * @param quantity the base-asset quantity
     * @param price a LIMIT order's price; for a MARKET order the price it is valued at for the notional filters (the
     *     reference price), or null when there is none
     */
    public record Order(OrderType type, BigDecimal quantity, BigDecimal price) {}

    /** The outcome of {@link #parse}: the filters, or why there are none. */
    public record Parsed(Optional<SymbolFilters> filters, List<String> problems) {
        public Parsed {
            problems = List.copyOf(problems);
        }

        public boolean ok() {
            return filters.isPresent();
        }
    }

    private final PriceFilter priceFilter;
    private final LotSize lotSize;
    private final LotSize marketLotSize;
    private final MinNotional minNotional;
    private final Notional notional;
    private final Set<String> unchecked;

    /** Filters built in code (tests, a fixed configuration); any may be null for "absent". */
    public SymbolFilters(PriceFilter priceFilter, LotSize lotSize, LotSize marketLotSize, MinNotional minNotional,
            Notional notional, Set<String> unchecked) {
        this.priceFilter = priceFilter;
        this.lotSize = lotSize;
        this.marketLotSize = marketLotSize;
        this.minNotional = minNotional;
        this.notional = notional;
        this.unchecked = unchecked == null ? Set.of() : Set.copyOf(unchecked);
    }

    public Optional<PriceFilter> priceFilter() {
        return Optional.ofNullable(priceFilter);
    }

    public Optional<LotSize> lotSize() {
        return Optional.ofNullable(lotSize);
    }

    public Optional<LotSize> marketLotSize() {
        return Optional.ofNullable(marketLotSize);
    }

    public Optional<MinNotional> minNotional() {
        return Optional.ofNullable(minNotional);
    }

    public Optional<Notional> notional() {
        return Optional.ofNullable(notional);
    }

    /** The filter types present but not checked here (left to Binance). */
    public Set<String> unchecked() {
        return unchecked;
    }

    // ------------------------------------------------------------------------------------------------ parsing

    /**
     * Reads one symbol's filters from JSON: either the symbol's object of {@code exchangeInfo}
     * ({@code {"symbol": ..., "filters": [...]}}) or the {@code filters} array itself. A checked filter missing one
     * of its fields, a field that is not a decimal (a string or a number) or not a boolean where Binance sends one, a
     * negative or out-of-bounds decimal, a filter twice, a filter without {@code filterType}, or JSON that does not
     * parse are problems, and then there are no filters (trading on a half-read rule book is worse than not trading).
     */
    public static Parsed parse(String json) {
        if (json == null || json.isBlank()) {
            return failed("no JSON to read the filters from");
        }
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JacksonException e) {
            return failed("the filters are not valid JSON (" + e.getOriginalMessage() + ")");
        }
        JsonNode array = root != null && root.isObject() ? root.get("filters") : root;
        if (array == null || !array.isArray()) {
            return failed("expected a symbol object with a \"filters\" array, or the array itself");
        }
        List<String> problems = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        Set<String> unchecked = new LinkedHashSet<>();
        PriceFilter price = null;
        LotSize lot = null;
        LotSize marketLot = null;
        MinNotional minNotional = null;
        Notional notional = null;
        int index = 0;
        for (JsonNode filter : array) {
            String where = "filters[" + index++ + "]";
            if (!filter.isObject()) {
                problems.add(where + " is not an object");
                continue;
            }
            JsonNode typeNode = filter.get("filterType");
            if (typeNode == null || !typeNode.isTextual() || typeNode.asText().isBlank()) {
                problems.add(where + " has no filterType");
                continue;
            }
            String type = typeNode.asText();
            if (!seen.add(type)) {
                problems.add(where + ": " + abbreviate(type) + " appears twice");
                continue;
            }
            Fields fields = new Fields(type, filter, problems);
            switch (type) {
                case "PRICE_FILTER" -> price = fields.complete(
                        new PriceFilter(fields.decimal("minPrice"), fields.decimal("maxPrice"), fields.decimal("tickSize")));
                case "LOT_SIZE", "MARKET_LOT_SIZE" -> {
                    LotSize parsed = fields.complete(
                            new LotSize(type, fields.decimal("minQty"), fields.decimal("maxQty"), fields.decimal("stepSize")));
                    if (type.equals("LOT_SIZE")) {
                        lot = parsed;
                    } else {
                        marketLot = parsed;
                    }
                }
                case "MIN_NOTIONAL" -> minNotional = fields.complete(
                        new MinNotional(fields.decimal("minNotional"), fields.bool("applyToMarket")));
                case "NOTIONAL" -> notional = fields.complete(new Notional(fields.decimal("minNotional"),
                        fields.bool("applyMinToMarket"), fields.decimal("maxNotional"), fields.bool("applyMaxToMarket")));
                default -> unchecked.add(abbreviate(type));
            }
        }
        if (!problems.isEmpty()) {
            return new Parsed(Optional.empty(), problems);
        }
        return new Parsed(Optional.of(new SymbolFilters(price, lot, marketLot, minNotional, notional, unchecked)), List.of());
    }

    private static Parsed failed(String problem) {
        return new Parsed(Optional.empty(), List.of(problem));
    }

    /** Reads one filter's fields, noting each problem; {@link #complete} gives null when there was one. */
    private static final class Fields {
        private final String type;
        private final JsonNode node;
        private final List<String> problems;
        private boolean broken;

        Fields(String type, JsonNode node, List<String> problems) {
            this.type = type;
            this.node = node;
            this.problems = problems;
        }

        BigDecimal decimal(String name) {
            JsonNode value = node.get(name);
            if (value == null || value.isNull()) {
                return problem(name + " is missing");
            }
            BigDecimal decimal;
            if (value.isTextual()) {
                try {
                    decimal = new BigDecimal(value.asText());
                } catch (NumberFormatException e) {
                    return problem(name + " is not a decimal: \"" + abbreviate(value.asText()) + "\"");
                }
            } else if (value.isNumber()) {
                decimal = value.decimalValue();
            } else {
                return problem(name + " is not a decimal");
            }
            String bad = outOfBounds(decimal);
            if (bad != null) {
                return problem(name + " " + bad);
            }
            if (decimal.signum() < 0) {
                return problem(name + " is negative: " + plain(decimal));
            }
            return decimal;
        }

        boolean bool(String name) {
            JsonNode value = node.get(name);
            if (value == null || !value.isBoolean()) {
                problem(name + (value == null || value.isNull() ? " is missing" : " is not true or false"));
                return false;
            }
            return value.booleanValue();
        }

        <T> T complete(T filter) {
            return broken ? null : filter;
        }

        private BigDecimal problem(String what) {
            broken = true;
            problems.add(type + ": " + what);
            return null;
        }
    }

    // ------------------------------------------------------------------------------------------------ rounding

    /**
     * {@code price} rounded down to a multiple of {@code PRICE_FILTER}'s {@code tickSize} (unchanged without the
     * filter or with a tick of 0), with the tick's decimals.
     *
     * @throws IllegalArgumentException when {@code price} is null, negative or out of bounds ({@link #check} and
     *     {@link NewOrderRequest} look first)
     */
    public BigDecimal roundPrice(BigDecimal price) {
        requireRoundable(price, "price");
        return priceFilter == null ? price : floorTo(price, priceFilter.tickSize());
    }

    /**
     * {@code quantity} rounded down to a multiple of {@code LOT_SIZE}'s {@code stepSize}, and for a MARKET order then
     * down to {@code MARKET_LOT_SIZE}'s (a step of 0 or an absent filter leaves it). Rounding down never buys or sells
     * more than asked; when the steps do not divide each other, {@link #check} reports what remains.
     *
     * @throws IllegalArgumentException when {@code quantity} is null, negative or out of bounds
     */
    public BigDecimal roundQuantity(BigDecimal quantity, OrderType type) {
        requireRoundable(quantity, "quantity");
        BigDecimal rounded = lotSize == null ? quantity : floorTo(quantity, lotSize.stepSize());
        if (type == OrderType.MARKET && marketLotSize != null) {
            rounded = floorTo(rounded, marketLotSize.stepSize());
        }
        return rounded;
    }

    private static void requireRoundable(BigDecimal value, String name) {
        if (value == null) {
            throw new IllegalArgumentException(name + " is missing");
        }
        String bad = outOfBounds(value);
        if (bad != null || value.signum() < 0) {
            throw new IllegalArgumentException(name + " " + (bad != null ? bad : "is negative"));
        }
    }

    private static BigDecimal floorTo(BigDecimal value, BigDecimal step) {
        if (step.signum() == 0) {
            return value;
        }
        BigDecimal floored = value.divideToIntegralValue(step).multiply(step);
        return floored.setScale(Math.max(0, step.stripTrailingZeros().scale()), RoundingMode.DOWN);
    }

    // ------------------------------------------------------------------------------------------------ checking

    /**
     * Every rule {@code order} breaks, in the order of the filters above (empty when it passes). Never throws: a
     * missing type, a missing, zero, negative or out-of-bounds quantity or price is an {@link #INPUT} violation, and
     * the filters that need that number are skipped.
     */
    public List<Violation> check(Order order) {
        List<Violation> violations = new ArrayList<>();
        if (order == null) {
            violations.add(new Violation(INPUT, "the order is missing"));
            return violations;
        }
        if (order.type() == null) {
            violations.add(new Violation(INPUT, "the order type is missing"));
            return violations;
        }
        boolean market = order.type() == OrderType.MARKET;
        BigDecimal quantity = positive(order.quantity(), "quantity", true, violations);
        BigDecimal price = positive(order.price(), market ? "reference price" : "price", !market, violations);

        if (!market && price != null && priceFilter != null) {
            PriceFilter f = priceFilter;
            if (f.minPrice().signum() > 0 && price.compareTo(f.minPrice()) < 0) {
                violations.add(new Violation("PRICE_FILTER", "price " + plain(price) + " is below minPrice " + plain(f.minPrice())));
            }
            if (f.maxPrice().signum() > 0 && price.compareTo(f.maxPrice()) > 0) {
                violations.add(new Violation("PRICE_FILTER", "price " + plain(price) + " is above maxPrice " + plain(f.maxPrice())));
            }
            if (f.tickSize().signum() > 0 && price.remainder(f.tickSize()).signum() != 0) {
                violations.add(new Violation("PRICE_FILTER", "price " + plain(price) + " is not a multiple of tickSize " + plain(f.tickSize())));
            }
        }
        if (quantity != null) {
            checkLot(lotSize, quantity, violations);
            if (market) {
                checkLot(marketLotSize, quantity, violations);
            }
        }
        // A price that was given but refused above is already an INPUT violation: no notional without it.
        boolean priceRefused = order.price() != null && price == null;
        if (quantity != null && !priceRefused && (minNotional != null || notional != null)) {
            if (price == null) {
                // Only a MARKET order gets here without a price (a LIMIT order's missing price is an INPUT violation).
                if (minNotional != null && minNotional.applyToMarket()) {
                    violations.add(new Violation("MIN_NOTIONAL", "a MARKET order needs a reference price to be valued"));
                }
                if (notional != null && (notional.applyMinToMarket() || notional.applyMaxToMarket())) {
                    violations.add(new Violation("NOTIONAL", "a MARKET order needs a reference price to be valued"));
                }
            } else {
                BigDecimal value = price.multiply(quantity);
                if (minNotional != null && (!market || minNotional.applyToMarket())
                        && value.compareTo(minNotional.minNotional()) < 0) {
                    violations.add(new Violation("MIN_NOTIONAL", "notional " + plain(value) + " is below minNotional "
                            + plain(minNotional.minNotional())));
                }
                if (notional != null && (!market || notional.applyMinToMarket())
                        && value.compareTo(notional.minNotional()) < 0) {
                    violations.add(new Violation("NOTIONAL", "notional " + plain(value) + " is below minNotional "
                            + plain(notional.minNotional())));
                }
                if (notional != null && (!market || notional.applyMaxToMarket())
                        && value.compareTo(notional.maxNotional()) > 0) {
                    violations.add(new Violation("NOTIONAL", "notional " + plain(value) + " is above maxNotional "
                            + plain(notional.maxNotional())));
                }
            }
        }
        return violations;
    }

    private static void checkLot(LotSize f, BigDecimal quantity, List<Violation> violations) {
        if (f == null) {
            return;
        }
        if (quantity.compareTo(f.minQty()) < 0) {
            violations.add(new Violation(f.filterType(), "quantity " + plain(quantity) + " is below minQty " + plain(f.minQty())));
        }
        if (f.maxQty().signum() > 0 && quantity.compareTo(f.maxQty()) > 0) {
            violations.add(new Violation(f.filterType(), "quantity " + plain(quantity) + " is above maxQty " + plain(f.maxQty())));
        }
        if (f.stepSize().signum() > 0 && quantity.remainder(f.stepSize()).signum() != 0) {
            violations.add(new Violation(f.filterType(), "quantity " + plain(quantity) + " is not a multiple of stepSize "
                    + plain(f.stepSize())));
        }
    }

    /** The value when present, positive and in bounds; otherwise null, with an INPUT violation when it was required or bad. */
    private static BigDecimal positive(BigDecimal value, String name, boolean required, List<Violation> violations) {
        if (value == null) {
            if (required) {
                violations.add(new Violation(INPUT, name + " is missing"));
            }
            return null;
        }
        String bad = outOfBounds(value);
        if (bad != null) {
            violations.add(new Violation(INPUT, name + " " + bad));
            return null;
        }
        if (value.signum() <= 0) {
            violations.add(new Violation(INPUT, name + " must be positive, got " + plain(value)));
            return null;
        }
        return value;
    }

    /** Why {@code value} is out of bounds, or null when it is within them. Cheap on any BigDecimal. */
    static String outOfBounds(BigDecimal value) {
        // precision - scale - 1 is the decimal exponent of the leading digit; both are ints, no big arithmetic.
        long exponent = (long) value.precision() - value.scale() - 1;
        if (value.signum() != 0 && exponent > 20) {
            return "is beyond " + MAX_MAGNITUDE.toString() + ": " + abbreviate(value.toString());
        }
        if (value.signum() != 0 && value.abs().compareTo(MAX_MAGNITUDE) > 0) {
            return "is beyond " + MAX_MAGNITUDE.toString() + ": " + abbreviate(value.toString());
        }
        if (value.stripTrailingZeros().scale() > MAX_SCALE) {
            return "has more than " + MAX_SCALE + " decimals: " + abbreviate(value.toString());
        }
        return null;
    }

    /** Plain notation without trailing zeros ({@code 0.001}, {@code 100}); only for values within bounds. */
    static String plain(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return (stripped.scale() < 0 ? stripped.setScale(0) : stripped).toPlainString();
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 37) + "...";
    }

    @Override
    public String toString() {
        return "SymbolFilters[" + priceFilter + ", " + lotSize + ", " + marketLotSize + ", " + minNotional + ", " + notional
                + ", unchecked=" + unchecked + "]";
    }
}
