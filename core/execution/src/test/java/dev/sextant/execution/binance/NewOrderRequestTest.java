package dev.sextant.execution.binance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.contracts.event.OrderIntent;
import dev.sextant.contracts.event.OrderType;
import dev.sextant.contracts.event.Side;
import dev.sextant.contracts.id.ClientOrderId;
import dev.sextant.contracts.id.EventId;
import dev.sextant.contracts.id.Ids;
import dev.sextant.execution.binance.SymbolFilters.Violation;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** New order (https://developers.binance.com/docs/binance-spot-api-docs/rest-api/trading-endpoints#new-order-trade). */
class NewOrderRequestTest {
    private static final ClientOrderId ID = Ids.clientOrderId(EventId.of("5b3c0f64-7f7a-3c5e-9f0e-2a8f6f1d1c11"));
    private static final SymbolFilters BTCUSDT = SymbolFiltersTest.btcusdt();

    private static BigDecimal d(String v) {
        return new BigDecimal(v);
    }

    @Test
    void derivedClientOrderIdsFitBinancesPattern() {
        Pattern fix = Pattern.compile("^[a-zA-Z0-9-_]{1,36}$");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            ClientOrderId entry = Ids.clientOrderId(EventId.of(UUID.nameUUIDFromBytes(("decision-" + i).getBytes()).toString()));
            ids.add(entry.value());
            ids.add(Ids.exitOrderId(entry, "stop-loss").value());
        }
        assertThat(ids).allSatisfy(id -> {
            assertThat(id).hasSize(35).startsWith("sx-");
            assertThat(NewOrderRequest.BINANCE_CLIENT_ORDER_ID.matcher(id).matches()).isTrue();
            assertThat(fix.matcher(id).matches()).isTrue();
        });
        assertThat(NewOrderRequest.BINANCE_CLIENT_ORDER_ID.pattern()).isEqualTo("^[\\.A-Z\\:/a-z0-9_-]{1,36}$");
        // The same decision gives the same id: a retried submit sends the same newClientOrderId.
        assertThat(Ids.clientOrderId(EventId.of("5b3c0f64-7f7a-3c5e-9f0e-2a8f6f1d1c11"))).isEqualTo(ID);
    }

    @Test
    void aLimitOrderInBinancesOrderRoundedAndPlain() {
        NewOrderRequest request = NewOrderRequest.build("BTCUSDT", Side.BUY, OrderType.LIMIT, d("0.0123456"), d("65432.129"),
                TimeInForce.IOC, ID, BTCUSDT);

        assertThat(request.accepted()).isTrue();
        assertThat(request.violations()).isEmpty();
        assertThat(request.parameters()).containsExactly(
                Map.entry("symbol", "BTCUSDT"),
                Map.entry("side", "BUY"),
                Map.entry("type", "LIMIT"),
                Map.entry("timeInForce", "IOC"),
                Map.entry("quantity", "0.01234"),
                Map.entry("price", "65432.12"),
                Map.entry("newClientOrderId", ID.value()),
                Map.entry("newOrderRespType", "FULL"));
        assertThat(request.sendable()).contains(request.parameters());
    }

    @Test
    void aMarketOrderSendsNoPriceNorTimeInForce() {
        NewOrderRequest request = NewOrderRequest.build("BTCUSDT", Side.SELL, OrderType.MARKET, d("1.5E-4"), d("65000"),
                TimeInForce.FOK, ID, BTCUSDT);

        assertThat(request.parameters()).containsExactly(
                Map.entry("symbol", "BTCUSDT"),
                Map.entry("side", "SELL"),
                Map.entry("type", "MARKET"),
                Map.entry("quantity", "0.00015"),
                Map.entry("newClientOrderId", ID.value()),
                Map.entry("newOrderRespType", "FULL"));
    }

    @Test
    void neverAnExponentAndNoTrailingZeros() {
        SymbolFilters coarse = SymbolFilters.parse("[{\"filterType\":\"PRICE_FILTER\",\"minPrice\":\"0\",\"maxPrice\":\"0\",\"tickSize\":\"100\"},"
                + "{\"filterType\":\"LOT_SIZE\",\"minQty\":\"0\",\"maxQty\":\"0\",\"stepSize\":\"0.00000001\"}]").filters().orElseThrow();
        NewOrderRequest request = NewOrderRequest.build("BTCUSDT", Side.BUY, OrderType.LIMIT, d("1E-8"), d("65432.1"), null, ID, coarse);
        assertThat(request.parameters()).containsEntry("quantity", "0.00000001").containsEntry("price", "65400")
                .containsEntry("timeInForce", "GTC");
        NewOrderRequest big = NewOrderRequest.build("BTCUSDT", Side.BUY, OrderType.LIMIT, d("2.50000000"), d("1E+5"), null, ID, coarse);
        assertThat(big.parameters()).containsEntry("quantity", "2.5").containsEntry("price", "100000");
    }

    @Test
    void fromAnIntent() {
        OrderIntent limit = new OrderIntent(Side.BUY, OrderType.LIMIT, d("0.0123456"), d("65432.129"), d("64000"), d("70000"), d("17.6"));
        assertThat(NewOrderRequest.fromIntent("BTCUSDT", limit, ID, BTCUSDT).parameters()).containsExactly(
                Map.entry("symbol", "BTCUSDT"), Map.entry("side", "BUY"), Map.entry("type", "LIMIT"),
                Map.entry("timeInForce", "GTC"), Map.entry("quantity", "0.01234"), Map.entry("price", "65432.12"),
                Map.entry("newClientOrderId", ID.value()), Map.entry("newOrderRespType", "FULL"));

        OrderIntent market = new OrderIntent(Side.BUY, OrderType.MARKET, d("0.00005"), d("65000"), d("64000"), d("70000"), d("0.05"));
        // 0.00005 x 65000 = 3.25 USDT: below NOTIONAL's 5, which applies to MARKET orders.
        NewOrderRequest tooSmall = NewOrderRequest.fromIntent("BTCUSDT", market, ID, BTCUSDT);
        assertThat(tooSmall.accepted()).isFalse();
        assertThat(tooSmall.parameters()).isEmpty();
        assertThat(tooSmall.sendable()).isEmpty();
        assertThat(tooSmall.violations()).containsExactly(new Violation("NOTIONAL", "notional 3.25 is below minNotional 5"));
        assertThat(NewOrderRequest.fromIntent("BTCUSDT", null, ID, BTCUSDT).violations())
                .containsExactly(new Violation("INPUT", "the order intent is missing"));
    }

    @Test
    void roundingDownBelowTheMinimumIsAViolation() {
        NewOrderRequest request = NewOrderRequest.build("BTCUSDT", Side.BUY, OrderType.LIMIT, d("0.000009"), d("65000"), null, ID, BTCUSDT);
        assertThat(request.violations()).containsExactly(
                new Violation("LOT_SIZE", "quantity 0.000009 rounds down to 0 at stepSize 0.00001"));
        assertThat(NewOrderRequest.build("BTCUSDT", Side.BUY, OrderType.LIMIT, d("0.00001"), d("0.009"), null, ID, BTCUSDT)
                .violations()).containsExactly(new Violation("PRICE_FILTER", "price 0.009 rounds down to 0 at tickSize 0.01"));
        // Rounded but still too small: the filter that is broken.
        assertThat(NewOrderRequest.build("BTCUSDT", Side.BUY, OrderType.LIMIT, d("0.000019"), d("65000"), null, ID, BTCUSDT)
                .violations()).containsExactly(new Violation("NOTIONAL", "notional 0.65 is below minNotional 5"));
    }

    @Test
    void hostileInputIsAListOfReasons() {
        assertThat(NewOrderRequest.build(null, null, null, null, null, null, null, null).violations()).containsExactly(
                new Violation("INPUT", "symbol must be 1 to 32 letters or digits, got nothing"),
                new Violation("INPUT", "side is missing"),
                new Violation("INPUT", "order type is missing"),
                new Violation("INPUT", "client order id is missing"),
                new Violation("INPUT", "the symbol's filters are missing"));
        assertThat(NewOrderRequest.build("BTC USDT&x=1", Side.BUY, OrderType.LIMIT, d("-1"), d("1e400"), null, ID, BTCUSDT).violations())
                .containsExactly(
                        new Violation("INPUT", "symbol must be 1 to 32 letters or digits, got \"BTC USDT&x=1\""),
                        new Violation("INPUT", "quantity must be positive, got -1"),
                        new Violation("INPUT", "price is beyond 1E+20: 1E+400"));
        assertThat(NewOrderRequest.build("BTCUSDT", Side.BUY, OrderType.LIMIT, d("0"), null, null, ID, BTCUSDT).violations())
                .containsExactly(new Violation("INPUT", "quantity must be positive, got 0"), new Violation("INPUT", "price is missing"));
        assertThat(NewOrderRequest.build("BTCUSDT", Side.BUY, OrderType.MARKET, d("1e400"), null, null, ID, BTCUSDT).violations())
                .containsExactly(new Violation("INPUT", "quantity is beyond 1E+20: 1E+400"));
        // A non-ASCII symbol is a symbol (the docs' example); SignedQuery percent-encodes it.
        assertThat(NewOrderRequest.build("１２３４５６", Side.BUY, OrderType.LIMIT, d("1"), d("0.1"), null, ID,
                new SymbolFilters(null, null, null, null, null, null)).accepted()).isTrue();
    }

    @Test
    void theParametersSignAsTheDocsSay() {
        NewOrderRequest request = NewOrderRequest.build("LTCBTC", Side.BUY, OrderType.LIMIT, d("1"), d("0.1"), null, ID,
                new SymbolFilters(null, null, null, null, null, null));
        SignedQuery query = SignedQuery.sign(request.sendable().orElseThrow(), 1499827319559L,
                new HmacSha256Signer(HmacSha256SignerTest.DOCS_SECRET));
        assertThat(query.payload()).isEqualTo("symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1"
                + "&newClientOrderId=" + ID.value() + "&newOrderRespType=FULL&recvWindow=5000&timestamp=1499827319559");
        assertThat(new LinkedHashMap<>(request.parameters())).hasSize(8);
    }
}
