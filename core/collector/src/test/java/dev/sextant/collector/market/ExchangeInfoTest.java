package dev.sextant.collector.market;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.collector.exchange.RateLimit;
import dev.sextant.contracts.id.Symbol;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class ExchangeInfoTest {
    private static final String INFO = """
            {"timezone":"UTC","serverTime":1709251230000,
             "rateLimits":[{"rateLimitType":"REQUEST_WEIGHT","interval":"MINUTE","intervalNum":1,"limit":6000},
                           {"rateLimitType":"ORDERS","interval":"SECOND","intervalNum":10,"limit":100}],
             "symbols":[
              {"symbol":"BTCUSDT","status":"TRADING","baseAsset":"BTC","quoteAsset":"USDT","filters":[
                {"filterType":"PRICE_FILTER","minPrice":"0.01000000","maxPrice":"1000000.00000000","tickSize":"0.01000000"},
                {"filterType":"LOT_SIZE","minQty":"0.00001000","maxQty":"9000.00000000","stepSize":"0.00001000"},
                {"filterType":"NOTIONAL","minNotional":"5.00000000","applyMinToMarket":true}]},
              {"symbol":"ETHUSDT","status":"TRADING","baseAsset":"ETH","quoteAsset":"USDT","filters":[
                {"filterType":"PRICE_FILTER","tickSize":"0.00000000"},
                {"filterType":"LOT_SIZE","minQty":"0.0001","stepSize":"0.0001"},
                {"filterType":"MIN_NOTIONAL","minNotional":"10"}]},
              {"symbol":"OLDUSDT","status":"BREAK","baseAsset":"OLD","quoteAsset":"USDT","filters":[
                {"filterType":"PRICE_FILTER","tickSize":"0.1"},
                {"filterType":"LOT_SIZE","minQty":"1","stepSize":"1"},
                {"filterType":"MIN_NOTIONAL","minNotional":"10.0"}]}]}""";

    @Test
    void readsRateLimitsAndTheFiltersOfEverySymbolAndRefusesZeroTickSizes() {
        ExchangeInfo info = ExchangeInfo.decode(INFO).orElseThrow();
        assertThat(info.rateLimits()).contains(new RateLimit("REQUEST_WEIGHT", "MINUTE", 1, 6000));
        ExchangeInfo.SymbolFilters btc = info.symbols().get(Symbol.of("BTCUSDT"));
        assertThat(btc.tickSize()).isEqualTo(new BigDecimal("0.01"));
        assertThat(btc.stepSize()).isEqualTo(new BigDecimal("0.00001"));
        assertThat(btc.minQty()).isEqualTo(new BigDecimal("0.00001"));
        assertThat(btc.minNotional()).isEqualTo(new BigDecimal("5"));
        assertThat(btc.status()).isEqualTo("TRADING");
        // the older MIN_NOTIONAL filter is read when NOTIONAL is absent
        assertThat(info.symbols().get(Symbol.of("OLDUSDT")).minNotional()).isEqualTo(new BigDecimal("1E+1"));
        assertThat(info.symbols()).doesNotContainKey(Symbol.of("ETHUSDT"));
        assertThat(info.problems()).singleElement().asString().startsWith("ETHUSDT: PRICE_FILTER.tickSize");
    }

    @Test
    void somethingElseIsRefusedNotThrown() {
        assertThat(ExchangeInfo.decode("{\"code\":-1121,\"msg\":\"Invalid symbol.\"}")).isInstanceOf(Decoded.Rejected.class);
        assertThat(ExchangeInfo.decode("[1,")).isInstanceOf(Decoded.Rejected.class);
        assertThat(ExchangeInfo.decode(null)).isInstanceOf(Decoded.Rejected.class);
        assertThat(ExchangeInfo.decode("")).isInstanceOf(Decoded.Rejected.class);
    }
}
