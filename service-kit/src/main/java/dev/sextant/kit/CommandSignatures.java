package dev.sextant.kit;

import dev.sextant.contracts.event.Event;
import dev.sextant.contracts.json.EventCodec;
import io.quarkus.runtime.Startup;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Signed control commands (docs/reliability.md, "Forged input and control commands"): with
 * {@value #KEY_PROPERTY} set (from a secret, at least {@value #MIN_KEY_BYTES} bytes of UTF-8), the producer of a
 * {@code control} record puts the HMAC-SHA256 of the record's value (the JSON text, UTF-8), in lowercase hex, in
 * Kafka header {@value #HEADER}, and every consumer that applies control records refuses a record whose header is
 * missing or does not match ({@link #verify}: an {@link IllegalArgumentException}, the platform's "invalid input",
 * so the record goes to {@code control.dlq} with the reason). Without the key nothing is signed and nothing is
 * checked (the broker's ACLs are then the only guard).
 *
 * <p>A key that is set but shorter than {@value #MIN_KEY_BYTES} bytes (or blank) stops the service at start-up with
 * a sentence saying so: a weak key must not silently sign. The signature is compared in constant time
 * ({@link MessageDigest#isEqual}). Thread-safe (a {@link Mac} per call, from a prototype).
 */
@ApplicationScoped
@Startup
public class CommandSignatures {
    /** The Kafka header that carries the signature. */
    public static final String HEADER = "sextant-signature";
    /** The configuration property of the shared key. */
    public static final String KEY_PROPERTY = "sextant.control.signing-key";
    /** The shortest key accepted, in bytes of its UTF-8 form (HMAC-SHA256's output size). */
    public static final int MIN_KEY_BYTES = 32;

    private static final String ALGORITHM = "HmacSHA256";
    private static final HexFormat HEX = HexFormat.of();

    /** Null when signing is off. */
    private final Mac prototype;

    /**
     * @param key the value of {@value #KEY_PROPERTY}; empty = signing off
     * @throws IllegalStateException when the key is set but blank or shorter than {@value #MIN_KEY_BYTES} bytes
     */
    @Inject
    public CommandSignatures(@ConfigProperty(name = KEY_PROPERTY) Optional<String> key) {
        this.prototype = key.map(CommandSignatures::mac).orElse(null);
    }

    /** Signing with {@code key} (see the constructor). */
    public static CommandSignatures of(String key) {
        return new CommandSignatures(Optional.of(key));
    }

    /** Signing off: nothing signed, nothing checked. */
    public static CommandSignatures off() {
        return new CommandSignatures(Optional.empty());
    }

    private static Mac mac(String key) {
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        if (key.isBlank() || bytes.length < MIN_KEY_BYTES) {
            throw new IllegalStateException("Invalid configuration: " + KEY_PROPERTY + " is set but " + (key.isBlank()
                    ? "blank" : "only " + bytes.length + " bytes long") + "; the key that signs control commands must be"
                    + " at least " + MIN_KEY_BYTES + " bytes (e.g. `openssl rand -hex 32`), the same secret in the gateway"
                    + " and in every service that applies control commands; leave it unset to turn signing off");
        }
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(bytes, ALGORITHM));
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(ALGORITHM + " is required by every JVM", e);
        }
    }

    /** True when a key is configured: records are signed and checked. */
    public boolean enabled() {
        return prototype != null;
    }

    /** The signature of {@code value}: HMAC-SHA256 of its UTF-8 bytes, lowercase hex. */
    public String sign(String value) {
        if (prototype == null) {
            throw new IllegalStateException("cannot sign: " + KEY_PROPERTY + " is not set");
        }
        return HEX.formatHex(digest(value));
    }

    private byte[] digest(String value) {
        Mac mac;
        try {
            mac = (Mac) prototype.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(ALGORITHM + " cannot be cloned", e);
        }
        return mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Checks a control record: its value (the JSON text) and its {@value #HEADER} header's text (null when absent).
     * Does nothing when signing is off.
     *
     * @throws IllegalArgumentException (invalid input: dead-lettered with this reason) when the signature is missing,
     *                                  malformed or does not match
     */
    public void verify(String value, String signature) {
        if (prototype == null) {
            return;
        }
        if (signature == null || signature.isBlank()) {
            throw new IllegalArgumentException("unsigned control record refused: " + KEY_PROPERTY + " is set, so every"
                    + " control record must carry the HMAC-SHA256 of its value in header " + HEADER);
        }
        byte[] given;
        try {
            given = HEX.parseHex(signature.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("control record refused: its " + HEADER + " header is not a hex HMAC-SHA256");
        }
        if (!MessageDigest.isEqual(digest(value == null ? "" : value), given)) {
            throw new IllegalArgumentException("control record refused: its " + HEADER + " does not match the HMAC-SHA256"
                    + " of its value under the configured key (forged, altered, or signed with another key)");
        }
    }

    /** {@link #verify(String, String)} with the signature read from the record's headers (the last {@value #HEADER}). */
    public void verify(String value, Headers headers) {
        verify(value, signatureOf(headers));
    }

    /** The text of the last {@value #HEADER} header, or null. */
    public static String signatureOf(Headers headers) {
        if (headers == null) {
            return null;
        }
        Header header = headers.lastHeader(HEADER);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /**
     * The Kafka message of {@code event} as {@link EventMessages#of} makes it (key = symbol, JSON value, type header),
     * plus the {@value #HEADER} header when signing is on.
     */
    public Message<String> message(Event event) {
        String value = EventCodec.encode(event);
        RecordHeaders headers = new RecordHeaders();
        headers.add(EventMessages.TYPE_HEADER, event.getClass().getSimpleName().getBytes(StandardCharsets.UTF_8));
        if (prototype != null) {
            headers.add(HEADER, sign(value).getBytes(StandardCharsets.UTF_8));
        }
        return Message.of(value).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(event.key())
                .withHeaders(headers)
                .build());
    }
}
