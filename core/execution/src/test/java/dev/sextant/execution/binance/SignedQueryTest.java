package dev.sextant.execution.binance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.SequencedMap;
import org.junit.jupiter.api.Test;

/** Request Security (https://developers.binance.com/docs/binance-spot-api-docs/rest-api/request-security). */
class SignedQueryTest {
    private static final HmacSha256Signer DOCS_HMAC = new HmacSha256Signer(HmacSha256SignerTest.DOCS_SECRET);

    private static SequencedMap<String, String> limitOrder(String symbol, String side, String price) {
        SequencedMap<String, String> p = new LinkedHashMap<>();
        p.put("symbol", symbol);
        p.put("side", side);
        p.put("type", "LIMIT");
        p.put("timeInForce", "GTC");
        p.put("quantity", "1");
        p.put("price", price);
        return p;
    }

    @Test
    void reproducesTheDocsHmacRequestAscii() {
        SignedQuery query = SignedQuery.sign(limitOrder("LTCBTC", "BUY", "0.1"), 1499827319559L, DOCS_HMAC);

        assertThat(query.payload()).isEqualTo(
                "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559");
        assertThat(query.signature()).isEqualTo("c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71");
        assertThat(query.queryString()).isEqualTo("symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1"
                + "&recvWindow=5000&timestamp=1499827319559&signature=c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71");
    }

    @Test
    void reproducesTheDocsHmacRequestWithANonAsciiSymbol() {
        SignedQuery query = SignedQuery.sign(limitOrder("１２３４５６", "BUY", "0.1"), 1499827319559L, 5000, DOCS_HMAC);

        assertThat(query.queryString()).isEqualTo(
                "symbol=%EF%BC%91%EF%BC%92%EF%BC%93%EF%BC%94%EF%BC%95%EF%BC%96&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1"
                        + "&price=0.1&recvWindow=5000&timestamp=1499827319559"
                        + "&signature=e1353ec6b14d888f1164ae9af8228a3dbd508bc82eb867db8ab6046442f33ef3");
    }

    @Test
    void percentEncodesAnEd25519SignatureIntoTheQuery() {
        SignedQuery query = SignedQuery.sign(limitOrder("１２３４５６", "SELL", "0.2"), 1668481559918L,
                Ed25519Signer.fromPem(Ed25519SignerTest.TEST_PEM));

        assertThat(query.payload()).isEqualTo("symbol=%EF%BC%91%EF%BC%92%EF%BC%93%EF%BC%94%EF%BC%95%EF%BC%96&side=SELL&type=LIMIT"
                + "&timeInForce=GTC&quantity=1&price=0.2&recvWindow=5000&timestamp=1668481559918");
        // openssl pkeyutl -sign -rawin with the test key on that payload.
        assertThat(query.signature()).isEqualTo(
                "gw6tp7FPnd4QRFhsFge0+0gJtF923FFmziYIJFi8GCn5WAQhwGYksckb8o8aGOzwk2eaI+RecBz8F06V3932DA==");
        assertThat(query.queryString()).endsWith("&signature="
                + "gw6tp7FPnd4QRFhsFge0%2B0gJtF923FFmziYIJFi8GCn5WAQhwGYksckb8o8aGOzwk2eaI%2BRecBz8F06V3932DA%3D%3D");
    }

    @Test
    void percentEncodingFollowsRfc3986() {
        assertThat(SignedQuery.percentEncode("１２３４５６")).isEqualTo("%EF%BC%91%EF%BC%92%EF%BC%93%EF%BC%94%EF%BC%95%EF%BC%96");
        assertThat(SignedQuery.percentEncode("AZaz09-._~")).isEqualTo("AZaz09-._~");
        assertThat(SignedQuery.percentEncode("a b+c/d=e&f%g")).isEqualTo("a%20b%2Bc%2Fd%3De%26f%25g");
        assertThat(SignedQuery.percentEncode("sx-0a1b:2/3.")).isEqualTo("sx-0a1b%3A2%2F3.");
        assertThat(SignedQuery.percentEncode("é€")).isEqualTo("%C3%A9%E2%82%AC");
        assertThat(SignedQuery.percentEncode("")).isEmpty();
    }

    @Test
    void keepsTheGivenOrderAndTheRecvWindow() {
        SequencedMap<String, String> p = new LinkedHashMap<>();
        p.put("b", "2");
        p.put("a", "1");
        RequestSigner echo = new RequestSigner() {
            @Override
            public String sign(String payload) {
                return "sig";
            }

            @Override
            public String keyType() {
                return "TEST";
            }
        };
        assertThat(SignedQuery.sign(p, 7L, 60_000, echo).queryString()).isEqualTo("b=2&a=1&recvWindow=60000&timestamp=7&signature=sig");
        assertThat(SignedQuery.sign(p, 7L, 1, echo).payload()).isEqualTo("b=2&a=1&recvWindow=1&timestamp=7");
        assertThat(SignedQuery.sign(new LinkedHashMap<>(), 7L, echo).payload()).isEqualTo("recvWindow=5000&timestamp=7");
        assertThat(SignedQuery.DEFAULT_RECV_WINDOW_MILLIS).isEqualTo(5000);
        assertThat(SignedQuery.MAX_RECV_WINDOW_MILLIS).isEqualTo(60000);
    }

    @Test
    void refusesWhatBinanceWouldRefuse() {
        SequencedMap<String, String> ok = limitOrder("BTCUSDT", "BUY", "1");
        assertThatThrownBy(() -> SignedQuery.sign(ok, 1L, 60_001, DOCS_HMAC)).hasMessageContaining("recvWindow must be within 1..60000");
        assertThatThrownBy(() -> SignedQuery.sign(ok, 1L, 0, DOCS_HMAC)).hasMessageContaining("recvWindow");
        assertThatThrownBy(() -> SignedQuery.sign(ok, 0L, DOCS_HMAC)).hasMessageContaining("timestamp");
        for (String reserved : new String[] {"timestamp", "recvWindow", "signature"}) {
            SequencedMap<String, String> p = new LinkedHashMap<>(ok);
            p.put(reserved, "1");
            assertThatThrownBy(() -> SignedQuery.sign(p, 1L, DOCS_HMAC)).hasMessageContaining(reserved);
        }
        SequencedMap<String, String> blank = new LinkedHashMap<>(ok);
        blank.put("price", " ");
        assertThatThrownBy(() -> SignedQuery.sign(blank, 1L, DOCS_HMAC)).hasMessage("parameter price has no value");
        SequencedMap<String, String> nullValue = new LinkedHashMap<>(ok);
        nullValue.put("price", null);
        assertThatThrownBy(() -> SignedQuery.sign(nullValue, 1L, DOCS_HMAC)).hasMessage("parameter price has no value");
        assertThatThrownBy(() -> SignedQuery.sign(null, 1L, DOCS_HMAC)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SignedQuery.sign(ok, 1L, null)).isInstanceOf(IllegalArgumentException.class);
    }
}
