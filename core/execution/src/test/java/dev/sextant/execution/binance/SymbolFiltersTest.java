package dev.sextant.execution.binance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sextant.contracts.event.OrderType;
import dev.sextant.execution.binance.SymbolFilters.Order;
import dev.sextant.execution.binance.SymbolFilters.Violation;
import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Filters (https://developers.binance.com/docs/binance-spot-api-docs/filters). */
class SymbolFiltersTest {
    /** Shaped like exchangeInfo's BTCUSDT entry: the checked filters and a few of the others. */
    static final String BTCUSDT = """
            {"symbol":"BTCUSDT","status":"TRADING","baseAsset":"BTC","quoteAsset":"USDT","filters":[
              {"filterType":"PRICE_FILTER","minPrice":"0.01000000","maxPrice":"1000000.00000000","tickSize":"0.01000000"},
              {"filterType":"LOT_SIZE","minQty":"0.00001000","maxQty":"9000.00000000","stepSize":"0.00001000"},
              {"filterType":"ICEBERG_PARTS","limit":10},
              {"filterType":"MARKET_LOT_SIZE","minQty":"0.00000000","maxQty":"76.79001236","stepSize":"0.00000000"},
              {"filterType":"TRAILING_DELTA","minTrailingAboveDelta":10,"maxTrailingAboveDelta":2000,"minTrailingBelowDelta":10,"maxTrailingBelowDelta":2000},
              {"filterType":"PERCENT_PRICE_BY_SIDE","bidMultiplierUp":"5","bidMultiplierDown":"0.2","askMultiplierUp":"5","askMultiplierDown":"0.2","avgPriceMins":5},
              {"filterType":"NOTIONAL","minNotional":"5.00000000","applyMinToMarket":true,"maxNotional":"9000000.00000000","applyMaxToMarket":false,"avgPriceMins":5},
              {"filterType":"MAX_NUM_ORDERS","maxNumOrders":200},
              {"filterType":"MAX_NUM_ALGO_ORDERS","maxNumAlgoOrders":5}
            ]}""";

    /** The /exchangeInfo examples of the Filters page, as printed there. */
    static final String DOCS_EXAMPLES = """
            [
              {"filterType": "PRICE_FILTER", "minPrice": "0.00000100", "maxPrice": "100000.00000000", "tickSize": "0.00000100"},
              {"filterType": "LOT_SIZE", "minQty": "0.00100000", "maxQty": "100000.00000000", "stepSize": "0.00100000"},
              {"filterType": "MIN_NOTIONAL", "minNotional": "0.00100000", "applyToMarket": true, "avgPriceMins": 5},
              {"filterType": "NOTIONAL", "minNotional": "10.00000000", "applyMinToMarket": false, "maxNotional": "10000.00000000", "applyMaxToMarket": false, "avgPriceMins": 5},
              {"filterType": "MARKET_LOT_SIZE", "minQty": "0.00100000", "maxQty": "100000.00000000", "stepSize": "0.00100000"}
            ]""";

    static SymbolFilters btcusdt() {
        return SymbolFilters.parse(BTCUSDT).filters().orElseThrow();
    }

    private static BigDecimal d(String v) {
        return new BigDecimal(v);
    }

    @Test
    void readsASymbolOfExchangeInfo() {
        SymbolFilters.Parsed parsed = SymbolFilters.parse(BTCUSDT);
        assertThat(parsed.ok()).isTrue();
        assertThat(parsed.problems()).isEmpty();
        SymbolFilters f = parsed.filters().orElseThrow();
        assertThat(f.priceFilter()).contains(new SymbolFilters.PriceFilter(d("0.01000000"), d("1000000.00000000"), d("0.01000000")));
        assertThat(f.lotSize()).contains(new SymbolFilters.LotSize("LOT_SIZE", d("0.00001000"), d("9000.00000000"), d("0.00001000")));
        assertThat(f.marketLotSize()).contains(new SymbolFilters.LotSize("MARKET_LOT_SIZE", d("0.00000000"), d("76.79001236"), d("0.00000000")));
        assertThat(f.notional()).contains(new SymbolFilters.Notional(d("5.00000000"), true, d("9000000.00000000"), false));
        assertThat(f.minNotional()).isEmpty();
        assertThat(f.unchecked()).containsExactlyInAnyOrder("ICEBERG_PARTS", "TRAILING_DELTA", "PERCENT_PRICE_BY_SIDE",
                "MAX_NUM_ORDERS", "MAX_NUM_ALGO_ORDERS");
    }

    @Test
    void readsTheDocsExamplesAndNumbersAsWellAsStrings() {
        SymbolFilters f = SymbolFilters.parse(DOCS_EXAMPLES).filters().orElseThrow();
        assertThat(f.priceFilter().orElseThrow().tickSize()).isEqualByComparingTo("0.000001");
        assertThat(f.minNotional()).contains(new SymbolFilters.MinNotional(d("0.00100000"), true));
        assertThat(f.notional()).contains(new SymbolFilters.Notional(d("10.00000000"), false, d("10000.00000000"), false));
        assertThat(f.marketLotSize().orElseThrow().stepSize()).isEqualByComparingTo("0.001");
        assertThat(f.unchecked()).isEmpty();

        SymbolFilters numbers = SymbolFilters.parse("[{\"filterType\":\"LOT_SIZE\",\"minQty\":0.001,\"maxQty\":1e3,\"stepSize\":0.001}]")
                .filters().orElseThrow();
        assertThat(numbers.lotSize().orElseThrow().maxQty()).isEqualByComparingTo("1000");
        assertThat(numbers.lotSize().orElseThrow().stepSize()).isEqualByComparingTo("0.001");
    }

    @Test
    void roundsPricesDownToTheTick() {
        SymbolFilters f = btcusdt();
        assertThat(f.roundPrice(d("65432.129"))).isEqualTo(d("65432.12"));
        assertThat(f.roundPrice(d("65432.1"))).isEqualTo(d("65432.10"));
        assertThat(f.roundPrice(d("65432"))).isEqualTo(d("65432.00"));
        assertThat(f.roundPrice(d("0.019999"))).isEqualTo(d("0.01"));
        assertThat(f.roundPrice(d("0.009"))).isEqualTo(d("0.00"));
        assertThat(SymbolFilters.parse(DOCS_EXAMPLES).filters().orElseThrow().roundPrice(d("0.12345678"))).isEqualTo(d("0.123456"));
    }

    @Test
    void roundsQuantitiesDownToTheStep() {
        SymbolFilters f = btcusdt();
        assertThat(f.roundQuantity(d("0.123456789"), OrderType.LIMIT)).isEqualTo(d("0.12345"));
        assertThat(f.roundQuantity(d("0.123456789"), OrderType.MARKET)).isEqualTo(d("0.12345"));  // MARKET_LOT_SIZE step 0: off
        assertThat(f.roundQuantity(d("1E+1"), OrderType.LIMIT)).isEqualTo(d("10.00000"));
        assertThat(f.roundQuantity(d("0.000009"), OrderType.LIMIT)).isEqualTo(d("0.00000"));

        SymbolFilters coarseMarket = new SymbolFilters(null,
                new SymbolFilters.LotSize("LOT_SIZE", d("0"), d("0"), d("0.001")),
                new SymbolFilters.LotSize("MARKET_LOT_SIZE", d("0"), d("0"), d("0.01")), null, null, Set.of());
        assertThat(coarseMarket.roundQuantity(d("1.2345"), OrderType.LIMIT)).isEqualTo(d("1.234"));
        assertThat(coarseMarket.roundQuantity(d("1.2345"), OrderType.MARKET)).isEqualTo(d("1.23"));
        SymbolFilters none = new SymbolFilters(null, null, null, null, null, null);
        assertThat(none.roundQuantity(d("1.2345"), OrderType.MARKET)).isEqualTo(d("1.2345"));
        assertThat(none.roundPrice(d("1.2345"))).isEqualTo(d("1.2345"));
    }

    @Test
    void roundingRefusesHostileNumbers() {
        SymbolFilters f = btcusdt();
        assertThatThrownBy(() -> f.roundPrice(null)).hasMessage("price is missing");
        assertThatThrownBy(() -> f.roundPrice(d("-1"))).hasMessage("price is negative");
        assertThatThrownBy(() -> f.roundQuantity(d("1e400"), OrderType.LIMIT)).hasMessage("quantity is beyond 1E+20: 1E+400");
    }

    @Test
    void aValidOrderPasses() {
        SymbolFilters f = btcusdt();
        assertThat(f.check(new Order(OrderType.LIMIT, d("0.01"), d("65000.01")))).isEmpty();
        assertThat(f.check(new Order(OrderType.MARKET, d("0.01"), d("65000.019")))).isEmpty();  // no tick rule for MARKET
        assertThat(f.check(new Order(OrderType.MARKET, d("100"), d("65000")))).containsExactly(
                new Violation("MARKET_LOT_SIZE", "quantity 100 is above maxQty 76.79001236"));   // maxNotional not for MARKET here
    }

    @Test
    void reportsEveryViolatedFilterWithItsName() {
        SymbolFilters f = btcusdt();
        assertThat(f.check(new Order(OrderType.LIMIT, d("0.000015"), d("0.005")))).containsExactly(
                new Violation("PRICE_FILTER", "price 0.005 is below minPrice 0.01"),
                new Violation("PRICE_FILTER", "price 0.005 is not a multiple of tickSize 0.01"),
                new Violation("LOT_SIZE", "quantity 0.000015 is not a multiple of stepSize 0.00001"),
                new Violation("NOTIONAL", "notional 0.000000075 is below minNotional 5"));
        assertThat(f.check(new Order(OrderType.LIMIT, d("9000.00001"), d("1000000.01")))).containsExactly(
                new Violation("PRICE_FILTER", "price 1000000.01 is above maxPrice 1000000"),
                new Violation("LOT_SIZE", "quantity 9000.00001 is above maxQty 9000"),
                new Violation("NOTIONAL", "notional 9000000100.0000001 is above maxNotional 9000000"));
        assertThat(f.check(new Order(OrderType.LIMIT, d("0.000001"), d("100")))).containsExactly(
                new Violation("LOT_SIZE", "quantity 0.000001 is below minQty 0.00001"),
                new Violation("LOT_SIZE", "quantity 0.000001 is not a multiple of stepSize 0.00001"),
                new Violation("NOTIONAL", "notional 0.0001 is below minNotional 5"));
    }

    @Test
    void appliesTheMarketFlagsOfTheNotionalFilters() {
        SymbolFilters docs = SymbolFilters.parse(DOCS_EXAMPLES).filters().orElseThrow();
        // MIN_NOTIONAL applies to MARKET (applyToMarket true), NOTIONAL does not (both flags false).
        assertThat(docs.check(new Order(OrderType.MARKET, d("0.001"), d("0.5")))).containsExactly(
                new Violation("MIN_NOTIONAL", "notional 0.0005 is below minNotional 0.001"));
        assertThat(docs.check(new Order(OrderType.LIMIT, d("0.001"), d("0.5")))).containsExactly(
                new Violation("MIN_NOTIONAL", "notional 0.0005 is below minNotional 0.001"),
                new Violation("NOTIONAL", "notional 0.0005 is below minNotional 10"));
        assertThat(docs.check(new Order(OrderType.MARKET, d("0.001"), null))).containsExactly(
                new Violation("MIN_NOTIONAL", "a MARKET order needs a reference price to be valued"));
        assertThat(docs.check(new Order(OrderType.MARKET, d("0.0015"), d("1")))).containsExactly(
                new Violation("LOT_SIZE", "quantity 0.0015 is not a multiple of stepSize 0.001"),
                new Violation("MARKET_LOT_SIZE", "quantity 0.0015 is not a multiple of stepSize 0.001"));
    }

    @Test
    void hostileOrdersAreReasonsNotExceptions() {
        SymbolFilters f = btcusdt();
        assertThat(f.check(null)).containsExactly(new Violation("INPUT", "the order is missing"));
        assertThat(f.check(new Order(null, d("1"), d("1")))).containsExactly(new Violation("INPUT", "the order type is missing"));
        assertThat(f.check(new Order(OrderType.LIMIT, null, null))).containsExactly(
                new Violation("INPUT", "quantity is missing"), new Violation("INPUT", "price is missing"));
        assertThat(f.check(new Order(OrderType.LIMIT, d("0"), d("-5")))).containsExactly(
                new Violation("INPUT", "quantity must be positive, got 0"), new Violation("INPUT", "price must be positive, got -5"));
        assertThat(f.check(new Order(OrderType.LIMIT, d("-0.1"), d("65000")))).containsExactly(
                new Violation("INPUT", "quantity must be positive, got -0.1"));
        assertThat(f.check(new Order(OrderType.LIMIT, d("1e400"), d("65000")))).containsExactly(
                new Violation("INPUT", "quantity is beyond 1E+20: 1E+400"));
        assertThat(f.check(new Order(OrderType.MARKET, d("1"), d("-1e400")))).containsExactly(
                new Violation("INPUT", "reference price is beyond 1E+20: -1E+400"));
        assertThat(f.check(new Order(OrderType.LIMIT, d("1e-1000000"), d("65000")))).containsExactly(
                new Violation("INPUT", "quantity has more than 18 decimals: 1E-1000000"));
        BigDecimal longDigits = new BigDecimal("1".repeat(5000));
        assertThat(f.check(new Order(OrderType.LIMIT, longDigits, d("65000")))).singleElement()
                .satisfies(v -> assertThat(v.reason()).startsWith("quantity is beyond 1E+20: 1111").hasSizeLessThan(80));
    }

    @Test
    void badJsonIsAReasonNotAnException() {
        assertThat(SymbolFilters.parse(null).problems()).containsExactly("no JSON to read the filters from");
        assertThat(SymbolFilters.parse("  ").problems()).containsExactly("no JSON to read the filters from");
        assertThat(SymbolFilters.parse("{\"filters\": [").problems()).singleElement()
                .satisfies(p -> assertThat(p).startsWith("the filters are not valid JSON ("));
        assertThat(SymbolFilters.parse("garbage").ok()).isFalse();
        assertThat(SymbolFilters.parse("{\"symbol\":\"BTCUSDT\"}").problems())
                .containsExactly("expected a symbol object with a \"filters\" array, or the array itself");
        assertThat(SymbolFilters.parse("42").ok()).isFalse();
        assertThat(SymbolFilters.parse("null").ok()).isFalse();
        assertThat(SymbolFilters.parse("[]").filters().orElseThrow().unchecked()).isEmpty();
    }

    @Test
    void aBrokenFilterIsAReasonAndNoFilters() {
        SymbolFilters.Parsed parsed = SymbolFilters.parse("""
                [ 7,
                  {"minPrice": "1"},
                  {"filterType": "PRICE_FILTER", "minPrice": "0.01", "maxPrice": "-1", "tickSize": "abc"},
                  {"filterType": "LOT_SIZE", "minQty": "0.001", "maxQty": "1e400", "stepSize": {"x": 1}},
                  {"filterType": "MARKET_LOT_SIZE", "minQty": "0.001", "maxQty": "100", "stepSize": "1e-400"},
                  {"filterType": "NOTIONAL", "minNotional": "5", "applyMinToMarket": "yes", "maxNotional": null},
                  {"filterType": "MIN_NOTIONAL", "minNotional": "5", "applyToMarket": true},
                  {"filterType": "MIN_NOTIONAL", "minNotional": "6", "applyToMarket": true},
                  {"filterType": "SOMETHING_NEW", "x": 1}
                ]""");
        assertThat(parsed.ok()).isFalse();
        assertThat(parsed.filters()).isEmpty();
        assertThat(parsed.problems()).containsExactly(
                "filters[0] is not an object",
                "filters[1] has no filterType",
                "PRICE_FILTER: maxPrice is negative: -1",
                "PRICE_FILTER: tickSize is not a decimal: \"abc\"",
                "LOT_SIZE: maxQty is beyond 1E+20: 1E+400",
                "LOT_SIZE: stepSize is not a decimal",
                "MARKET_LOT_SIZE: stepSize has more than 18 decimals: 1E-400",
                "NOTIONAL: applyMinToMarket is not true or false",
                "NOTIONAL: maxNotional is missing",
                "NOTIONAL: applyMaxToMarket is missing",
                "filters[7]: MIN_NOTIONAL appears twice");
    }

    @Test
    void anUnknownFilterIsLeftToBinance() {
        SymbolFilters f = SymbolFilters.parse("[{\"filterType\":\"SOMETHING_NEW\",\"x\":1},"
                + "{\"filterType\":\"LOT_SIZE\",\"minQty\":\"1\",\"maxQty\":\"10\",\"stepSize\":\"1\"}]").filters().orElseThrow();
        assertThat(f.unchecked()).containsExactly("SOMETHING_NEW");
        assertThat(f.check(new Order(OrderType.LIMIT, d("2"), d("3")))).isEmpty();
        assertThat(List.of(f.toString())).singleElement().satisfies(s -> assertThat(s).contains("SOMETHING_NEW"));
    }
}
