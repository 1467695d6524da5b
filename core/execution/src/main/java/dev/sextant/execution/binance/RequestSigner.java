package dev.sextant.execution.binance;

/**
 * Signs the payload of a Binance {@code SIGNED} request: the percent-encoded query string (concatenated without
 * separator to the HTTP body, which we leave empty), as
 * <a href="https://developers.binance.com/docs/binance-spot-api-docs/rest-api/request-security">Request Security,
 * "SIGNED Endpoint Examples for POST /api/v3/order"</a> describes.
 *
 * <p>An implementation holds a secret: it never shows it in {@code toString()}, in an exception's message or in a
 * log line.
 */
public interface RequestSigner {

    /**
     * The value of the {@code signature} parameter for {@code payload}, before percent-encoding (a hex string for
     * HMAC, base64 for Ed25519; {@link SignedQuery} percent-encodes it into the query string).
     *
     * @throws IllegalArgumentException when {@code payload} is null or holds a character that is not printable ASCII
     *     (the docs require every non-ASCII character to be percent-encoded before signing)
     */
    String sign(String payload);

    /** The key type, as Binance names it: {@code HMAC} or {@code Ed25519}. */
    String keyType();

    /** Binance signs printable ASCII only: every other character must have been percent-encoded first. */
    static void requireEncodedPayload(String payload) {
        if (payload == null) {
            throw new IllegalArgumentException("the payload to sign is missing");
        }
        for (int i = 0; i < payload.length(); i++) {
            char c = payload.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                throw new IllegalArgumentException("the payload to sign must be percent-encoded: character " + i
                        + " is U+" + String.format("%04X", (int) c));
            }
        }
    }
}
