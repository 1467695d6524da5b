package dev.sextant.execution.binance;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.SequencedMap;
import java.util.Set;

/**
 * The query string of a Binance {@code SIGNED} request, built as
 * <a href="https://developers.binance.com/docs/binance-spot-api-docs/rest-api/request-security">Request Security</a>
 * describes it:
 *
 * <ol>
 *   <li>"Format parameters as parameter=value pairs separated by &amp;": the request's parameters in the order they
 *       are given (a {@link SequencedMap}, so the string is the same on every call), then {@code recvWindow}, then
 *       {@code timestamp} (the order of the HMAC example);
 *   <li>"Percent-encode the string": every name and value is UTF-8 percent-encoded ({@link #percentEncode}), so a
 *       symbol of non-ASCII characters such as {@code １２３４５６} becomes
 *       {@code %EF%BC%91%EF%BC%92%EF%BC%93%EF%BC%94%EF%BC%95%EF%BC%96} ("Any non-ASCII character must be
 *       percent-encoded before signing");
 *   <li>the {@link RequestSigner} signs that payload (the HTTP body stays empty: every parameter is in the query);
 *   <li>{@code &signature=} and the percent-encoded signature are appended.
 * </ol>
 *
 * <p>"Timing security" on the same page: {@code recvWindow} "defaults to 5000 milliseconds" and "Maximum recvWindow is
 * 60000 milliseconds"; a request is accepted when {@code timestamp < serverTime + 1 second} and
 * {@code serverTime - timestamp <= recvWindow}. The timestamp should come from {@link ServerTime#now()}. We send whole
 * milliseconds only (the docs allow three decimals).
 *
 * @param payload the signed string: the percent-encoded parameters with {@code recvWindow} and {@code timestamp}
 * @param signature the signature of {@code payload}, before percent-encoding
 * @param queryString {@code payload + "&signature=" + percentEncode(signature)}: what goes after {@code ?}
 */
public record SignedQuery(String payload, String signature, String queryString) {
    /** The docs' default {@code recvWindow}, which we always send explicitly. */
    public static final long DEFAULT_RECV_WINDOW_MILLIS = 5_000;
    /** The docs' maximum {@code recvWindow}. */
    public static final long MAX_RECV_WINDOW_MILLIS = 60_000;

    private static final Set<String> RESERVED = Set.of("timestamp", "recvWindow", "signature");
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    /** {@link #sign(SequencedMap, long, long, RequestSigner)} with the default {@code recvWindow} of 5000 ms. */
    public static SignedQuery sign(SequencedMap<String, String> parameters, long timestampMillis, RequestSigner signer) {
        return sign(parameters, timestampMillis, DEFAULT_RECV_WINDOW_MILLIS, signer);
    }

    /**
     * Signs {@code parameters} (in their order) with {@code recvWindow} and {@code timestamp} appended.
     *
     * @throws IllegalArgumentException when a name or value is missing or blank, when a parameter is one of the
     *     parameters this class adds ({@code timestamp}, {@code recvWindow}, {@code signature}), when the timestamp is
     *     not positive or when {@code recvWindow} is outside 1..60000 ms
     */
    public static SignedQuery sign(SequencedMap<String, String> parameters, long timestampMillis, long recvWindowMillis,
            RequestSigner signer) {
        if (parameters == null || signer == null) {
            throw new IllegalArgumentException("the parameters and the signer are required");
        }
        if (timestampMillis <= 0) {
            throw new IllegalArgumentException("timestamp must be a positive number of milliseconds, got " + timestampMillis);
        }
        if (recvWindowMillis <= 0 || recvWindowMillis > MAX_RECV_WINDOW_MILLIS) {
            throw new IllegalArgumentException("recvWindow must be within 1.." + MAX_RECV_WINDOW_MILLIS + " ms, got " + recvWindowMillis);
        }
        StringBuilder payload = new StringBuilder(128);
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            String name = parameter.getKey();
            String value = parameter.getValue();
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("a parameter has no name");
            }
            if (RESERVED.contains(name)) {
                throw new IllegalArgumentException("parameter " + name + " is added by SignedQuery itself");
            }
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("parameter " + name + " has no value");
            }
            append(payload, name, value);
        }
        append(payload, "recvWindow", Long.toString(recvWindowMillis));
        append(payload, "timestamp", Long.toString(timestampMillis));
        String signed = payload.toString();
        String signature = signer.sign(signed);
        return new SignedQuery(signed, signature, signed + "&signature=" + percentEncode(signature));
    }

    private static void append(StringBuilder payload, String name, String value) {
        if (!payload.isEmpty()) {
            payload.append('&');
        }
        payload.append(percentEncode(name)).append('=').append(percentEncode(value));
    }

    /**
     * RFC 3986 percent-encoding of the UTF-8 bytes of {@code text}: the unreserved characters
     * ({@code A-Z a-z 0-9 - . _ ~}) stay, every other byte becomes {@code %XX} in upper-case hex. The docs' examples:
     * {@code １２３４５６} becomes {@code %EF%BC%91%EF%BC%92%EF%BC%93%EF%BC%94%EF%BC%95%EF%BC%96}; a base64 signature's
     * {@code /}, {@code +} and {@code =} become {@code %2F}, {@code %2B} and {@code %3D}. A space is {@code %20},
     * never {@code +}.
     */
    public static String percentEncode(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(bytes.length + 8);
        for (byte b : bytes) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0x0f]);
            }
        }
        return out.toString();
    }
}
