package dev.sextant.execution.binance;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * The signature of an Ed25519 API key: the Ed25519 signature (RFC 8032, deterministic) of the payload, encoded as
 * standard base64 with padding; {@link SignedQuery} then percent-encodes it ({@code +} {@code /} {@code =}). See
 * <a href="https://developers.binance.com/docs/binance-spot-api-docs/rest-api/request-security#ed25519-keys">Request
 * Security, "Ed25519 Keys"</a>: "Sign the payload. Encode the output as a base64 string." and, in step 3,
 * "Percent-encode the base64 string". The signature is case-sensitive. Binance recommends Ed25519 keys.
 *
 * <p>The private key is read from its PKCS#8 PEM form ({@code -----BEGIN PRIVATE KEY-----}, what
 * {@code openssl genpkey -algorithm ed25519} writes) with the JDK's own {@code Ed25519} provider. Neither the PEM nor
 * the key ever reaches {@link #toString()} or an exception's message; parse failures do not chain the provider's
 * exception. Thread-safe: a {@link Signature} is made per signature.
 */
public final class Ed25519Signer implements RequestSigner {
    private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String END = "-----END PRIVATE KEY-----";

    private final PrivateKey key;

    private Ed25519Signer(PrivateKey key) {
        this.key = key;
    }

    /**
     * The signer of a PKCS#8 PEM Ed25519 private key.
     *
     * @throws IllegalArgumentException when the text is not one unencrypted PKCS#8 PEM Ed25519 private key; the message
     *     says what is wrong, never what the text holds
     */
    public static Ed25519Signer fromPem(String pem) {
        if (pem == null || pem.isBlank()) {
            throw new IllegalArgumentException("the Ed25519 private key is missing");
        }
        String text = pem.strip();
        if (!text.startsWith(BEGIN) || !text.endsWith(END) || text.indexOf(BEGIN, 1) >= 0) {
            throw new IllegalArgumentException("the Ed25519 private key must be one PKCS#8 PEM block ("
                    + BEGIN + " ... " + END + ")");
        }
        String body = text.substring(BEGIN.length(), text.length() - END.length()).replaceAll("\\s", "");
        byte[] der;
        try {
            der = Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the Ed25519 private key's PEM body is not base64");
        }
        try {
            return new Ed25519Signer(KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der)));
        } catch (GeneralSecurityException | RuntimeException e) {
            // The cause is dropped on purpose: a provider's message may quote the encoding.
            throw new IllegalArgumentException("the PEM block is not an unencrypted PKCS#8 Ed25519 private key");
        } finally {
            Arrays.fill(der, (byte) 0);
        }
    }

    @Override
    public String sign(String payload) {
        RequestSigner.requireEncodedPayload(payload);
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initSign(key);
            signature.update(payload.getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed: " + e.getClass().getSimpleName());
        }
    }

    @Override
    public String keyType() {
        return "Ed25519";
    }

    @Override
    public String toString() {
        return "Ed25519Signer[privateKey=***]";
    }
}
