package dev.sextant.execution.binance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * Binance's "Ed25519 Keys" example (https://developers.binance.com/docs/binance-spot-api-docs/rest-api/request-security#ed25519-keys)
 * does not publish its private key, and the signature it prints is 256 bytes (an RSA signature: an Ed25519 one is
 * 64), so it cannot be reproduced. Instead: a key made for this test with {@code openssl genpkey -algorithm ed25519},
 * and the signatures {@code openssl pkeyutl -sign -rawin} gave for the docs' payloads (Ed25519 is deterministic, so
 * the JDK must give the same bytes); and a key pair generated here, verified with its public key.
 */
class Ed25519SignerTest {
    /** A throw-away test key (not a Binance key). */
    static final String TEST_PEM = """
            -----BEGIN PRIVATE KEY-----
            MC4CAQAwBQYDK2VwBCIEIJzc04xuYMA3G94JOWV/dUg9+m71zJYZX8dC3WQT9SXH
            -----END PRIVATE KEY-----
            """;
    static final String TEST_PUBLIC_KEY = "MCowBQYDK2VwAyEAtpB62Hd3elZa19iU3eCQDkZ5ckY2pfT4r0A/nGZmDhY=";
    static final String DOCS_ASCII_PAYLOAD =
            "symbol=BTCUSDT&side=SELL&type=LIMIT&timeInForce=GTC&quantity=1&price=0.2&timestamp=1668481559918&recvWindow=5000";

    @Test
    void signsTheDocsPayloadAsOpensslDoes() {
        assertThat(Ed25519Signer.fromPem(TEST_PEM).sign(DOCS_ASCII_PAYLOAD)).isEqualTo(
                "AESuMDTrNEIyG8wfA9FazzfvASNOx2ehibKfUY3p+c8P6OlJbjh376tAev9UQYzLZnT9buYWr4r8MfYDngDFAg==");
    }

    @Test
    void theSignatureVerifiesWithThePublicKey() throws Exception {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Ed25519Signer signer = Ed25519Signer.fromPem(pem(pair.getPrivate().getEncoded()));
        String signature = signer.sign(DOCS_ASCII_PAYLOAD);

        assertThat(Base64.getDecoder().decode(signature)).hasSize(64);
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(pair.getPublic());
        verifier.update(DOCS_ASCII_PAYLOAD.getBytes(StandardCharsets.US_ASCII));
        assertThat(verifier.verify(Base64.getDecoder().decode(signature))).isTrue();

        verifier.initVerify(pair.getPublic());
        verifier.update((DOCS_ASCII_PAYLOAD + "0").getBytes(StandardCharsets.US_ASCII));
        assertThat(verifier.verify(Base64.getDecoder().decode(signature))).isFalse();
        assertThat(signer.keyType()).isEqualTo("Ed25519");
    }

    @Test
    void readsPemWithWindowsLineEndingsAndIndentation() {
        String crlf = "  " + TEST_PEM.strip().replace("\n", "\r\n") + "\r\n";
        assertThat(Ed25519Signer.fromPem(crlf).sign(DOCS_ASCII_PAYLOAD)).isEqualTo(Ed25519Signer.fromPem(TEST_PEM).sign(DOCS_ASCII_PAYLOAD));
    }

    @Test
    void theKeyNeverShows() {
        String body = TEST_PEM.lines().skip(1).findFirst().orElseThrow();
        Ed25519Signer signer = Ed25519Signer.fromPem(TEST_PEM);
        assertThat(signer.toString()).isEqualTo("Ed25519Signer[privateKey=***]").doesNotContain(body);
        assertThatThrownBy(() -> signer.sign("symbol=１２３")).hasMessageNotContaining(body).hasNoCause();
    }

    @Test
    void refusesWhatIsNotAPkcs8Ed25519PemWithoutQuotingIt() throws Exception {
        String body = TEST_PEM.lines().skip(1).findFirst().orElseThrow();
        String rsa = pem(KeyPairGenerator.getInstance("RSA").generateKeyPair().getPrivate().getEncoded());
        String[] bad = {
            null, "", body,
            "-----BEGIN PRIVATE KEY-----\n" + body,
            "-----BEGIN PRIVATE KEY-----\n!!" + body + "\n-----END PRIVATE KEY-----",
            "-----BEGIN PRIVATE KEY-----\n" + body.substring(0, 20) + "\n-----END PRIVATE KEY-----",
            TEST_PEM + TEST_PEM,
            rsa,
            TEST_PEM.replace("PRIVATE KEY", "PUBLIC KEY").replace(body, TEST_PUBLIC_KEY),
        };
        for (String pem : bad) {
            assertThatThrownBy(() -> Ed25519Signer.fromPem(pem))
                    .as("%s", pem == null ? "null" : pem.length() + " chars")
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasNoCause()
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(body).doesNotContain(body.substring(10, 30))
                            .doesNotContain(rsa.lines().skip(1).findFirst().orElseThrow()));
        }
    }

    static String pem(byte[] pkcs8) {
        return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(pkcs8) + "\n-----END PRIVATE KEY-----\n";
    }
}
