package dev.sextant.contracts.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sextant.contracts.EventTypes;
import dev.sextant.contracts.TestEvents;
import dev.sextant.contracts.json.EventCodec;
import dev.sextant.contracts.json.EventDecodingException;
import dev.sextant.contracts.schema.EventSchemas;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every static rule of every event type (docs/reliability.md, "Validation"), on the decoder's path (a
 * payload edited field by field) and so on the constructor's (Jackson builds the record through it): a
 * value at the bound is accepted, a value beyond it is refused with an {@link EventDecodingException}
 * whose {@code field()} is the field and whose message names it.
 */
class EventRulesTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** One rule: the payload of {@code base} edited by {@code edit} is accepted or refused naming {@code field}. */
    record Rule(String what, Event base, Consumer<ObjectNode> edit, String field) {
        boolean accepted() {
            return field == null;
        }

        @Override
        public String toString() {
            return base.getClass().getSimpleName() + ": " + what + (accepted() ? " accepted" : " refused (" + field + ")");
        }
    }

    private static final List<Rule> RULES = new ArrayList<>();

    private static void ok(Event base, String what, Consumer<ObjectNode> edit) {
        RULES.add(new Rule(what, base, edit, null));
    }

    private static void bad(Event base, String what, Consumer<ObjectNode> edit, String field) {
        RULES.add(new Rule(what, base, edit, field));
    }

    /** {@code path} (e.g. {@code intent.quantity}, {@code checks[0].name}) set to {@code value}. */
    private static Consumer<ObjectNode> set(String path, Object value) {
        return root -> put(root, path, value);
    }

    private static Consumer<ObjectNode> set(String path, Object value, String path2, Object value2) {
        return root -> {
            put(root, path, value);
            put(root, path2, value2);
        };
    }

    private static final Pattern STEP = Pattern.compile("([^.\\[]+)|\\[(\\d+)]");

    private static void put(ObjectNode root, String path, Object value) {
        List<Object> steps = new ArrayList<>();
        Matcher m = STEP.matcher(path);
        while (m.find()) {
            steps.add(m.group(1) != null ? m.group(1) : (Object) Integer.parseInt(m.group(2)));
        }
        JsonNode parent = root;
        for (Object step : steps.subList(0, steps.size() - 1)) {
            parent = step instanceof Integer i ? parent.get(i) : parent.get((String) step);
        }
        JsonNode node = node(value);
        Object last = steps.get(steps.size() - 1);
        if (last instanceof Integer i) {
            ((ArrayNode) parent).set(i, node);
        } else {
            ((ObjectNode) parent).set((String) last, node);
        }
    }

    /** Strings that parse as decimals become JSON numbers (exactly that decimal); other strings stay strings. */
    private static JsonNode node(Object value) {
        if (value instanceof JsonNode n) {
            return n;
        }
        if (value instanceof Long l) {
            return NODES.numberNode(l);
        }
        if (value instanceof Integer i) {
            return NODES.numberNode(i);
        }
        if (value instanceof Double d) {
            return NODES.numberNode(d);
        }
        if (value instanceof BigDecimal b) {
            return NODES.numberNode(b);
        }
        return NODES.textNode((String) value);
    }

    private static BigDecimal n(String decimal) {
        return new BigDecimal(decimal);
    }

    // Bounds, and values just beyond them.
    private static final BigDecimal MAX_PRICE = EventBounds.MAX_PRICE;
    private static final BigDecimal ABOVE_MAX_PRICE = n("1000000000.00000001");
    private static final BigDecimal MAX_QUANTITY = EventBounds.MAX_QUANTITY;
    private static final BigDecimal ABOVE_MAX_QUANTITY = n("100000000000.00000001");
    private static final BigDecimal MAX_AMOUNT = EventBounds.MAX_AMOUNT;
    private static final BigDecimal ABOVE_MAX_AMOUNT = n("1000000000000000.01");
    /** The smallest positive decimal with {@link EventBounds#MAX_SCALE} places, and one with a place more. */
    private static final BigDecimal FINEST = BigDecimal.ONE.movePointLeft(EventBounds.MAX_SCALE);
    private static final BigDecimal TOO_FINE = BigDecimal.ONE.movePointLeft(EventBounds.MAX_SCALE + 1);
    private static final BigDecimal HUGE = n("1E+400");
    private static final BigDecimal TINY = n("1E-400");

    /** A price field: (0, 1e9], at most 40 places. */
    private static void priceRules(Event base, String path, Consumer<ObjectNode> alsoSet) {
        String field = path;
        ok(base, path + " = 1e9", alsoSet.andThen(set(path, MAX_PRICE)));
        ok(base, path + " = 1e-40", alsoSet.andThen(set(path, FINEST)));
        bad(base, path + " above 1e9", alsoSet.andThen(set(path, ABOVE_MAX_PRICE)), field);
        bad(base, path + " = 0", alsoSet.andThen(set(path, n("0"))), field);
        bad(base, path + " negative", alsoSet.andThen(set(path, n("-67650.00"))), field);
        bad(base, path + " = 1e400", alsoSet.andThen(set(path, HUGE)), field);
        bad(base, path + " = 1e-400", alsoSet.andThen(set(path, TINY)), field);
        bad(base, path + " with 41 places", alsoSet.andThen(set(path, TOO_FINE)), field);
    }

    private static void priceRules(Event base, String path) {
        priceRules(base, path, root -> { });
    }

    /** A quantity field that must be positive: (0, 1e11]; {@code cheap} makes the notional small enough. */
    private static void quantityRules(Event base, String path, Consumer<ObjectNode> cheap) {
        ok(base, path + " = 1e11", cheap.andThen(set(path, MAX_QUANTITY)));
        ok(base, path + " = 1e-40", set(path, FINEST));
        bad(base, path + " above 1e11", cheap.andThen(set(path, ABOVE_MAX_QUANTITY)), path);
        bad(base, path + " = 0", set(path, n("0")), path);
        bad(base, path + " negative", set(path, n("-0.1124")), path);
        bad(base, path + " = 1e400", set(path, HUGE), path);
        bad(base, path + " = 1e-400", set(path, TINY), path);
    }

    /** A quantity field that may be zero: [0, 1e11]. */
    private static void quantityOrZeroRules(Event base, String path) {
        ok(base, path + " = 0", set(path, n("0")));
        ok(base, path + " = 1e11", set(path, MAX_QUANTITY));
        bad(base, path + " above 1e11", set(path, ABOVE_MAX_QUANTITY), path);
        bad(base, path + " negative", set(path, n("-0.00000001")), path);
        bad(base, path + " = 1e400", set(path, HUGE), path);
        bad(base, path + " = 1e-400", set(path, TINY), path);
    }

    /** A non-negative amount: [0, 1e15]. */
    private static void nonNegativeAmountRules(Event base, String path) {
        ok(base, path + " = 0", set(path, n("0")));
        ok(base, path + " = 1e15", set(path, MAX_AMOUNT));
        bad(base, path + " above 1e15", set(path, ABOVE_MAX_AMOUNT), path);
        bad(base, path + " negative", set(path, n("-0.01")), path);
        bad(base, path + " = 1e400", set(path, HUGE), path);
        bad(base, path + " = 1e-400", set(path, TINY), path);
    }

    /** A signed amount: [-1e15, 1e15]. */
    private static void amountRules(Event base, String path) {
        ok(base, path + " = 1e15", set(path, MAX_AMOUNT));
        ok(base, path + " = -1e15", set(path, MAX_AMOUNT.negate()));
        bad(base, path + " above 1e15", set(path, ABOVE_MAX_AMOUNT), path);
        bad(base, path + " below -1e15", set(path, ABOVE_MAX_AMOUNT.negate()), path);
        bad(base, path + " = 1e-400", set(path, TINY), path);
    }

    private static void countRules(Event base, String path) {
        ok(base, path + " = 0", set(path, 0L));
        ok(base, path + " = Long.MAX_VALUE", set(path, Long.MAX_VALUE));
        bad(base, path + " negative", set(path, -1L), path);
    }

    /** Text of at most {@code max} characters. */
    private static void lengthRules(Event base, String path, int max, String filler) {
        ok(base, path + " of " + max + " characters", set(path, filler.repeat(max)));
        bad(base, path + " of " + (max + 1) + " characters", set(path, filler.repeat(max + 1)), path);
    }

    /** A candle open time: on the interval's grid (the fixtures are 1h candles). */
    private static void gridRules(Event base, String path) {
        ok(base, path + " on the 1h grid", set(path, "2024-04-05T11:00:00Z"));
        bad(base, path + " off the 1h grid", set(path, "2024-04-05T11:30:00Z"), path);
        bad(base, path + " 1 ms off the grid", set(path, "2024-04-05T11:00:00.001Z"), path);
    }

    /** Every time field: [1970-01-01, 2100-01-01), and a year of 10^9 is refused (no long overflow later). */
    private static void instantRules(Event base, String path) {
        ok(base, path + " = 2099-12-31T23:59:59.999999999Z", set(path, "2099-12-31T23:59:59.999999999Z"));
        bad(base, path + " = 2100-01-01T00:00:00Z", set(path, "2100-01-01T00:00:00Z"), path);
        bad(base, path + " = 9999-12-31T23:59:59Z", set(path, "9999-12-31T23:59:59Z"), path);
        bad(base, path + " in the year 1000000000", set(path, "+1000000000-01-01T00:00:00Z"), path);
        bad(base, path + " before 1970", set(path, "1969-12-31T23:59:59.999Z"), path);
    }

    static {
        // ---------------------------------------------------------------- every event type
        for (Event e : TestEvents.all()) {
            ObjectNode json = json(e);
            instantRules(e, "tsEvent");
            instantRules(e, "tsInit");
            ok(e, "tsEvent = 1970-01-01T00:00:00Z", set("tsEvent", "1970-01-01T00:00:00Z"));
            bad(e, "eventId not a UUID", set("eventId", "decision-1"), "eventId");
            bad(e, "eventId in upper case", set("eventId", e.eventId().value().toUpperCase()), "eventId");
            if (json.hasNonNull("causationId")) {
                bad(e, "causationId not a UUID", set("causationId", "prediction-1"), "causationId");
            }
            if (json.has("symbol")) {
                bad(e, "symbol in lower case", set("symbol", "btcusdt"), "symbol");
                bad(e, "symbol of 31 characters", set("symbol", "A".repeat(31)), "symbol");
            }
            if (json.has("requestedBy")) {
                lengthRules(e, "requestedBy", EventBounds.MAX_NAME, "a");
            }
        }

        // ---------------------------------------------------------------- market data
        CandleClosed candle = TestEvents.candle();
        ok(candle, "exchange of 32 characters", set("exchange", "a".repeat(32)));
        bad(candle, "exchange of 33 characters", set("exchange", "a".repeat(33)), "exchange");
        bad(candle, "exchange in upper case", set("exchange", "Binance"), "exchange");
        bad(candle, "exchange with a space", set("exchange", "bin ance"), "exchange");
        ok(candle, "openTime on the 1h grid", set("openTime", "2024-04-05T11:00:00Z", "closeTime", "2024-04-05T12:00:00Z"));
        bad(candle, "openTime off the 1h grid", set("openTime", "2024-04-05T11:30:00Z"), "openTime");
        bad(candle, "openTime in the year 1000000000", set("openTime", "+1000000000-01-01T00:00:00Z"), "openTime");
        bad(candle, "openTime = 9999-12-31T00:00:00Z", set("openTime", "9999-12-31T00:00:00Z"), "openTime");
        ok(candle, "a candle of the last hour before 2100", set("openTime", "2099-12-31T23:00:00Z", "closeTime",
                "2099-12-31T23:59:59.999999999Z"));
        bad(candle, "closeTime = 2100-01-01T00:00:00Z", set("openTime", "2099-12-31T23:00:00Z", "closeTime",
                "2100-01-01T00:00:00Z"), "closeTime");
        bad(candle, "closeTime in the year 1000000000", set("closeTime", "+1000000000-01-01T00:00:00Z"), "closeTime");
        ok(candle, "closeTime = openTime + interval", set("closeTime", "2024-04-05T13:00:00Z"));
        bad(candle, "closeTime 1 ms after openTime + interval", set("closeTime", "2024-04-05T13:00:00.001Z"), "closeTime");
        ok(candle, "closeTime 1 ms after openTime", set("closeTime", "2024-04-05T12:00:00.001Z"));
        bad(candle, "closeTime = openTime", set("closeTime", "2024-04-05T12:00:00Z"), "closeTime");
        Consumer<ObjectNode> flat = root -> {
            for (String p : List.of("open", "high", "low", "close")) {
                put(root, p, n("1"));
            }
        };
        for (String price : List.of("open", "high", "low", "close")) {
            // all four equal (a flat candle), so the OHLC rules hold at every bound
            priceRules(candle, price, root -> { });
            ok(candle, "all prices = 1e9 (" + price + ")", root -> {
                for (String p : List.of("open", "high", "low", "close")) {
                    put(root, p, MAX_PRICE);
                }
            });
            ok(candle, "a flat candle at 1e-40 (" + price + ")", root -> {
                for (String p : List.of("open", "high", "low", "close")) {
                    put(root, p, FINEST);
                }
            });
        }
        RULES.removeIf(r -> r.base() == candle && r.accepted() && r.what().matches("(open|high|low|close) = 1e(9|-40)"));
        ok(candle, "a flat candle", flat);
        ok(candle, "high = max(open, close)", set("high", n("67650.00")));
        ok(candle, "low = min(open, close)", set("low", n("67320.00")));
        bad(candle, "high below low", set("high", n("67000"), "low", n("67100")), "high");
        bad(candle, "high below close", set("high", n("67649.99")), "high");
        bad(candle, "low above open", set("low", n("67320.01")), "low");
        nonNegativeAmountRules(candle, "volume");
        nonNegativeAmountRules(candle, "quoteVolume");
        countRules(candle, "tradeCount");

        MarketTradeExecuted trade = TestEvents.marketTrade();
        priceRules(trade, "price", set("quantity", n("0.001")));
        quantityRules(trade, "quantity", set("price", n("0.00001")));
        ok(trade, "notional = 1e15", set("price", MAX_PRICE, "quantity", n("1000000")));
        bad(trade, "notional above 1e15", set("price", MAX_PRICE, "quantity", n("1000000.00000001")), "quantity");
        countRules(trade, "tradeId");
        bad(trade, "exchange in upper case", set("exchange", "BINANCE"), "exchange");

        OrderBookSnapshotTaken book = TestEvents.orderBookSnapshot();
        priceRules(book, "bids[0].price");
        priceRules(book, "asks[1].price");
        quantityOrZeroRules(book, "bids[0].quantity");
        quantityOrZeroRules(book, "asks[0].quantity");
        countRules(book, "lastUpdateId");
        ok(book, "1,000 bids", root -> fill((ArrayNode) root.get("bids"), EventBounds.MAX_ITEMS));
        bad(book, "1,001 asks", root -> fill((ArrayNode) root.get("asks"), EventBounds.MAX_ITEMS + 1), "asks");

        // ---------------------------------------------------------------- features, predictions, decisions
        FeaturesComputed features = TestEvents.features();
        gridRules(features, "candleOpenTime");
        ok(features, "a value = 1e15", set("values[3]", 1e15));
        ok(features, "a value = -1e15", set("values[3]", -1e15));
        bad(features, "a value above 1e15", set("values[3]", 1.0000001e15), "values");
        bad(features, "a value of 1e400 (read as infinity)", set("values[3]", n("1E+400")), "values");
        bad(features, "a value NaN", set("values[3]", "NaN"), "values");
        bad(features, "a value Infinity", set("values[3]", "Infinity"), "values");
        bad(features, "a value -Infinity", set("values[3]", "-Infinity"), "values");
        lengthRules(features, "featureSetVersion", EventBounds.MAX_NAME, "f");
        bad(features, "featureSetVersion with a space", set("featureSetVersion", "fs v1"), "featureSetVersion");
        bad(features, "a feature name with a quote", set("names[2]", "rsi\"14"), "names[2]");
        ok(features, "a feature name of 64 characters", set("names[2]", "r".repeat(64)));

        PredictionMade prediction = TestEvents.prediction();
        gridRules(prediction, "candleOpenTime");
        for (String p : List.of("probUp", "probDown", "confidence", "horizons[1].probUp", "horizons[0].probDown",
                "horizons[1].confidence")) {
            ok(prediction, p + " = 1", set(p, 1.0));
            ok(prediction, p + " = 0", set(p, 0.0));
            bad(prediction, p + " above 1", set(p, 1.0000001), p);
            bad(prediction, p + " below 0", set(p, -0.0000001), p);
            bad(prediction, p + " NaN", set(p, "NaN"), p);
        }
        ok(prediction, "a horizon of 10,000 candles", set("horizons[1].candles", 10_000));
        bad(prediction, "a horizon of 10,001 candles", set("horizons[1].candles", 10_001), "horizons[1].candles");
        bad(prediction, "a horizon of 0 candles", set("horizons[0].candles", 0), "horizons[0].candles");
        lengthRules(prediction, "modelVersion", EventBounds.MAX_NAME, "1");
        bad(prediction, "modelVersion with a slash", set("modelVersion", "../2024"), "modelVersion");
        bad(prediction, "modelId with a space", set("modelId", "direction logreg"), "modelId");
        bad(prediction, "featureSetVersion blank", set("featureSetVersion", " "), "featureSetVersion");

        RiskDecisionMade decision = TestEvents.riskDecisionApproved();
        gridRules(decision, "candleOpenTime");
        quantityRules(decision, "intent.quantity", set("intent.referencePrice", n("0.00001")));
        priceRules(decision, "intent.referencePrice");
        priceRules(decision, "intent.stopLoss");
        priceRules(decision, "intent.takeProfit");
        nonNegativeAmountRules(decision, "intent.riskAmount");
        ok(decision, "intent notional = 1e15", set("intent.quantity", n("1000000"), "intent.referencePrice", MAX_PRICE));
        bad(decision, "intent notional above 1e15", set("intent.quantity", n("1000000.00000001"), "intent.referencePrice",
                MAX_PRICE), "intent.quantity");
        for (String c : RiskCheck.COMPARATORS) {
            ok(decision, "comparator " + c, set("checks[0].comparator", c));
        }
        bad(decision, "comparator ~", set("checks[0].comparator", "~"), "checks[0].comparator");
        bad(decision, "check name with a space", set("checks[1].name", "daily loss"), "checks[1].name");
        amountRules(decision, "checks[0].value");
        amountRules(decision, "checks[0].threshold");
        amountRules(decision, "checks[0].upperThreshold");
        lengthRules(decision, "checks[2].detail", EventBounds.MAX_TEXT, "d");
        RiskDecisionMade denied = TestEvents.riskDecisionDenied();
        lengthRules(denied, "reason", EventBounds.MAX_TEXT, "r");
        lengthRules(decision, "reason", EventBounds.MAX_TEXT, "r");
        ok(decision, "an approved decision's optional reason blank", set("reason", ""));
        ok(decision, "a check's optional detail blank", set("checks[2].detail", ""));

        // ---------------------------------------------------------------- orders
        OrderSubmitted submitted = TestEvents.orderSubmitted();
        quantityRules(submitted, "quantity", root -> { });
        priceRules(submitted, "stopLoss");
        priceRules(submitted, "takeProfit");
        priceRules(submitted, "limitPrice"); // a market order's optional limit price is still a price
        ok(submitted, "venue of 32 characters", set("venue", "v".repeat(32)));
        bad(submitted, "venue of 33 characters", set("venue", "v".repeat(33)), "venue");
        bad(submitted, "venue in upper case", set("venue", "Paper"), "venue");
        bad(submitted, "clientOrderId of 37 characters", set("clientOrderId", "s".repeat(37)), "clientOrderId");
        bad(submitted, "orderType unknown", set("orderType", "STOP"), "orderType");
        OrderSubmitted limit = TestEvents.takeProfitSubmitted();
        priceRules(limit, "limitPrice");
        bad(limit, "limit notional above 1e15", set("limitPrice", MAX_PRICE, "quantity", n("1000000.1")), "quantity");

        OrderAccepted accepted = TestEvents.orderAccepted();
        // the paper venue's id is the venue's name (up to 32), '-' and the client order id (up to 36)
        ok(accepted, "venueOrderId of 128 characters", set("venueOrderId", "9".repeat(128)));
        bad(accepted, "venueOrderId of 129 characters", set("venueOrderId", "9".repeat(129)), "venueOrderId");
        bad(accepted, "venueOrderId with a space", set("venueOrderId", "12 34"), "venueOrderId");

        lengthRules(TestEvents.orderRejected(), "reason", EventBounds.MAX_TEXT, "r");
        OrderCanceled canceled = TestEvents.orderCanceled();
        lengthRules(canceled, "reason", EventBounds.MAX_TEXT, "r");
        quantityOrZeroRules(canceled, "filledQuantity");
        quantityOrZeroRules(TestEvents.orderExpired(), "filledQuantity");

        OrderFilled filled = TestEvents.orderFilled();
        quantityRules(filled, "lastQuantity", set("lastPrice", n("0.00001"), "averagePrice", n("0.00001")).andThen(
                set("cumulativeQuantity", MAX_QUANTITY)));
        quantityRules(filled, "cumulativeQuantity", set("averagePrice", n("0.00001")));
        RULES.removeIf(r -> r.base() == filled && r.what().equals("cumulativeQuantity = 1e-40"));
        ok(filled, "cumulativeQuantity = lastQuantity = 1e-40", set("cumulativeQuantity", FINEST, "lastQuantity", FINEST));
        quantityOrZeroRules(filled, "leavesQuantity");
        priceRules(filled, "lastPrice");
        priceRules(filled, "averagePrice");
        ok(filled, "lastQuantity = cumulativeQuantity", set("lastQuantity", n("0.1124"), "cumulativeQuantity", n("0.1124")));
        bad(filled, "lastQuantity above cumulativeQuantity", set("lastQuantity", n("0.1125")), "lastQuantity");

        // ---------------------------------------------------------------- fills and positions
        FillExecuted fill = TestEvents.fillEntry();
        priceRules(fill, "price");
        quantityRules(fill, "quantity", set("price", n("0.00001")));
        bad(fill, "notional above 1e15", set("price", MAX_PRICE, "quantity", n("1000000.1")), "quantity");
        nonNegativeAmountRules(fill, "fee");
        ok(fill, "feeAsset of 20 characters", set("feeAsset", "B".repeat(20)));
        bad(fill, "feeAsset of 21 characters", set("feeAsset", "B".repeat(21)), "feeAsset");
        bad(fill, "feeAsset in lower case", set("feeAsset", "usdt"), "feeAsset");
        bad(fill, "positionId not a client order id", set("positionId", "position 1"), "positionId");
        bad(fill, "venue with a slash", set("venue", "pa/per"), "venue");
        amountRules(TestEvents.fillExit(), "realizedPnl");
        amountRules(fill, "realizedPnl"); // an entry's optional P&L is still an amount

        PositionChanged opened = TestEvents.positionOpened();
        quantityRules(opened, "quantity", set("averageEntryPrice", n("0.00001")));
        priceRules(opened, "averageEntryPrice");
        priceRules(opened, "stopLoss");
        priceRules(opened, "takeProfit");
        amountRules(opened, "realizedPnl");
        nonNegativeAmountRules(opened, "fees");
        instantRules(opened, "openedAt");
        bad(opened, "positionId of 37 characters", set("positionId", "p".repeat(37)), "positionId");
        PositionChanged closed = TestEvents.positionClosed();
        quantityOrZeroRules(closed, "quantity");
        instantRules(closed, "closedAt");
        priceRules(closed, "averageEntryPrice"); // a flat position's optional price is still a price

        CandleSettled settled = TestEvents.candleSettled();
        gridRules(settled, "candleOpenTime");
        countRules(settled, "fills");
        countRules(settled, "positions");
        countRules(settled, "orderOutcomes");

        // ---------------------------------------------------------------- control
        SettingsUpdateRequested settings = TestEvents.settingsUpdateRequested();
        ok(settings, "service of 64 characters", set("service", "s".repeat(64)));
        bad(settings, "service of 65 characters", set("service", "s".repeat(65)), "service");
        bad(settings, "service in upper case", set("service", "Risk-Service"), "service");
        bad(settings, "a setting name with a space", root -> ((ObjectNode) root.get("settings")).put("max risk", "1"),
                "settings");
        ok(settings, "a setting value of 2,000 characters", root -> ((ObjectNode) root.get("settings")).put("x", "v".repeat(2000)));
        bad(settings, "a setting value of 2,001 characters",
                root -> ((ObjectNode) root.get("settings")).put("x", "v".repeat(2001)), "settings");
        bad(settings, "1,001 settings", root -> {
            ObjectNode map = (ObjectNode) root.get("settings");
            for (int i = 0; i < EventBounds.MAX_ITEMS + 1; i++) {
                map.put("s" + i, "1");
            }
        }, "settings");
        StrategySwitchRequested strategy = TestEvents.strategySwitchRequested();
        lengthRules(strategy, "strategyId", EventBounds.MAX_NAME, "s");
        bad(strategy, "strategyId with a space", set("strategyId", "ema trend"), "strategyId");
        RetrainRequested retrain = TestEvents.retrainRequested();
        lengthRules(retrain, "modelId", EventBounds.MAX_NAME, "m");
        bad(retrain, "modelId with a backslash", set("modelId", "a\\b"), "modelId");
        TradingStateChanged state = TestEvents.tradingStateChanged();
        lengthRules(state, "reason", EventBounds.MAX_TEXT, "r");
        bad(state, "state unknown", set("state", "SLEEPING"), "state");
    }

    private static void fill(ArrayNode levels, int count) {
        JsonNode first = levels.get(0);
        levels.removeAll();
        for (int i = 0; i < count; i++) {
            levels.add(first.deepCopy());
        }
    }

    private static ObjectNode json(Event event) {
        return (ObjectNode) EventSchemas.readTree(EventCodec.encode(event));
    }

    static Stream<Rule> rules() {
        return RULES.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void rule(Rule rule) {
        ObjectNode payload = json(rule.base());
        rule.edit().accept(payload);
        Class<? extends Event> type = rule.base().getClass();
        if (rule.accepted()) {
            assertThatCode(() -> EventCodec.decode(payload.toString(), type)).as(rule.toString()).doesNotThrowAnyException();
            Event back = EventCodec.decode(payload.toString(), type);
            assertThat(EventCodec.decode(EventCodec.encode(back), type)).as("re-encoded " + rule).isEqualTo(back);
            return;
        }
        EventDecodingException e = catchThrowableOfType(EventDecodingException.class,
                () -> EventCodec.decode(payload.toString(), type));
        assertThat(e).as(rule.toString()).isNotNull();
        assertThat(e.field()).as(rule + ": " + e.getMessage()).isEqualTo(rule.field());
        String last = rule.field().replaceAll(".*[.]", "").replaceAll("\\[\\d+]$", "");
        assertThat(e.getMessage()).as(rule.toString()).startsWith("invalid " + type.getSimpleName() + ": ").contains(last);
        // The same payload read as any Event is refused the same way.
        EventDecodingException asEvent = catchThrowableOfType(EventDecodingException.class,
                () -> EventCodec.decode(payload.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8), Event.class));
        assertThat(asEvent).as(rule + " as Event").isNotNull();
        assertThat(asEvent.field()).isEqualTo(rule.field());
    }

    @Test
    void everyEventTypeHasRulesThatAcceptAndRulesThatRefuse() {
        Map<Class<?>, Set<Boolean>> outcomes = new LinkedHashMap<>();
        for (Rule r : RULES) {
            outcomes.computeIfAbsent(r.base().getClass(), k -> new HashSet<>()).add(r.accepted());
        }
        for (Class<? extends Event> type : EventTypes.concrete()) {
            assertThat(outcomes.get(type)).as(type.getSimpleName()).containsExactlyInAnyOrder(true, false);
        }
    }

    // ---------------------------------------------------------------- producers cannot build absurd events either

    @Test
    void noProducerCanBuildAnAbsurdEvent() {
        OrderIntent intent = TestEvents.orderIntent();
        assertThat(catchThrowableOfType(IllegalArgumentException.class, () -> new OrderIntent(intent.side(),
                intent.orderType(), HUGE, intent.referencePrice(), intent.stopLoss(), intent.takeProfit(), intent.riskAmount())))
                .hasMessageContaining("field 'quantity' must be at most 100000000000 in absolute value, got 1E+400");
        CandleClosed c = TestEvents.candle();
        assertThat(catchThrowableOfType(IllegalArgumentException.class, () -> new CandleClosed(c.eventId(), c.tsEvent(),
                c.tsInit(), null, 1, c.exchange(), c.symbol(), c.interval(), java.time.Instant.parse("9999-12-31T00:00:00Z"),
                c.closeTime(), c.open(), c.high(), c.low(), c.close(), c.volume(), c.quoteVolume(), c.tradeCount())))
                .hasMessageContaining("field 'openTime' must be in [1970-01-01T00:00:00Z, 2100-01-01T00:00:00Z)");
        assertThat(catchThrowableOfType(IllegalArgumentException.class, () -> new BookLevel(n("1"), TINY)))
                .hasMessageContaining("field 'quantity' must have at most 40 decimal places, got 400");
        assertThat(catchThrowableOfType(IllegalArgumentException.class, () -> new HorizonForecast(1, Double.NaN, 0.5, 0.5)))
                .hasMessageContaining("field 'probUp' must be a probability in [0, 1]");
        FeaturesComputed f = TestEvents.features();
        List<Double> values = new ArrayList<>(f.values());
        values.set(0, Double.POSITIVE_INFINITY);
        assertThat(catchThrowableOfType(IllegalArgumentException.class, () -> new FeaturesComputed(f.eventId(), f.tsEvent(),
                f.tsInit(), f.causationId(), 1, f.symbol(), f.interval(), f.candleOpenTime(), f.featureSetVersion(), f.names(),
                values, true))).hasMessageContaining("field 'values' must hold finite numbers").hasMessageContaining("return_1");
    }
}
