package dev.sextant.execution.binance;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of an HMAC API key: HMAC-SHA-256 of the payload keyed with the {@code secretKey}, encoded as a
 * lower-case hex string (Binance accepts it in any case). See
 * <a href="https://developers.binance.com/docs/binance-spot-api-docs/rest-api/request-security#hmac-keys">Request
 * Security, "HMAC Keys"</a>: "Use the secretKey of your API key as the signing key for the HMAC-SHA-256 algorithm.
 * Sign the signature payload constructed in Step 1. Encode the HMAC-SHA-256 output as a hex string."
 *
 * <p>The secret is kept as a {@link SecretKeySpec} only (the JDK's copy of its bytes); it never reaches
 * {@link #toString()} nor a message. Thread-safe: a {@link Mac} is made per signature.
 */
public final class HmacSha256Signer implements RequestSigner {
    private static final String ALGORITHM = "HmacSHA256";
    private static final HexFormat HEX = HexFormat.of();

    private final SecretKeySpec key;

    /**
     * @param secretKey the API key's secret, case-sensitive, used as is (its UTF-8 bytes)
     * @throws IllegalArgumentException when the secret is missing or blank (the message never holds the secret)
     */
    public HmacSha256Signer(String secretKey) {
        if (secretKey == null || secretKey.isBlank()) {
            throw new IllegalArgumentException("the HMAC secret key is missing");
        }
        byte[] bytes = secretKey.getBytes(StandardCharsets.UTF_8);
        this.key = new SecretKeySpec(bytes, ALGORITHM);
        Arrays.fill(bytes, (byte) 0);
    }

    @Override
    public String sign(String payload) {
        RequestSigner.requireEncodedPayload(payload);
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return HEX.formatHex(mac.doFinal(payload.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            // Neither carries the key; HmacSHA256 is required of every JVM.
            throw new IllegalStateException("HmacSHA256 is not available: " + e.getClass().getSimpleName());
        }
    }

    @Override
    public String keyType() {
        return "HMAC";
    }

    @Override
    public String toString() {
        return "HmacSha256Signer[secret=***]";
    }
}
