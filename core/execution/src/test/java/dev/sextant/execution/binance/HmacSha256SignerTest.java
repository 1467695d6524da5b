package dev.sextant.execution.binance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The worked examples of Binance's "SIGNED Endpoint Examples for POST /api/v3/order", "HMAC Keys"
 * (https://developers.binance.com/docs/binance-spot-api-docs/rest-api/request-security#hmac-keys).
 */
class HmacSha256SignerTest {
    /** The docs' example secret ("provided here only for illustrative purposes"). */
    static final String DOCS_SECRET = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j";

    @Test
    void signsTheDocsAsciiExample() {
        String payload = "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559";
        assertThat(new HmacSha256Signer(DOCS_SECRET).sign(payload))
                .isEqualTo("c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71");
    }

    @Test
    void signsTheDocsNonAsciiExample() {
        String payload = "symbol=%EF%BC%91%EF%BC%92%EF%BC%93%EF%BC%94%EF%BC%95%EF%BC%96&side=BUY&type=LIMIT&timeInForce=GTC"
                + "&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559";
        assertThat(new HmacSha256Signer(DOCS_SECRET).sign(payload))
                .isEqualTo("e1353ec6b14d888f1164ae9af8228a3dbd508bc82eb867db8ab6046442f33ef3");
    }

    @Test
    void isHmacAndSignsTheSamePayloadTheSameWay() {
        HmacSha256Signer signer = new HmacSha256Signer(DOCS_SECRET);
        assertThat(signer.keyType()).isEqualTo("HMAC");
        assertThat(signer.sign("a=1")).isEqualTo(signer.sign("a=1")).hasSize(64).matches("[0-9a-f]{64}");
        assertThat(new HmacSha256Signer(DOCS_SECRET.toLowerCase()).sign("a=1")).isNotEqualTo(signer.sign("a=1"));
    }

    @Test
    void theSecretNeverShows() {
        HmacSha256Signer signer = new HmacSha256Signer(DOCS_SECRET);
        assertThat(signer.toString()).isEqualTo("HmacSha256Signer[secret=***]").doesNotContain(DOCS_SECRET);
        assertThatThrownBy(() -> signer.sign("symbol=１２３"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("percent-encoded")
                .hasMessageNotContaining(DOCS_SECRET)
                .hasNoCause();
        assertThatThrownBy(() -> signer.sign(null)).hasMessageNotContaining(DOCS_SECRET);
        // A SignedQuery built with it shows the signature, never the secret.
        SignedQuery query = SignedQuery.sign(new java.util.LinkedHashMap<>(java.util.Map.of("symbol", "BTCUSDT")), 1L, signer);
        assertThat(query.toString()).doesNotContain(DOCS_SECRET);
    }

    @Test
    void refusesAMissingSecretWithoutEchoingIt() {
        assertThatThrownBy(() -> new HmacSha256Signer(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the HMAC secret key is missing");
        assertThatThrownBy(() -> new HmacSha256Signer("   ")).hasMessage("the HMAC secret key is missing");
    }
}
