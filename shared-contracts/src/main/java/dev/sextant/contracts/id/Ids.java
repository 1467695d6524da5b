package dev.sextant.contracts.id;

import dev.sextant.contracts.event.Interval;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Deterministic id derivation: the same inputs always give the same id, so reprocessing an input
 * reproduces the same events and every consumer can drop duplicates by id.
 */
public final class Ids {
    private Ids() {}

    /** Name-based UUID of the given parts, joined with '|'. */
    public static EventId derive(String kind, Object... parts) {
        StringBuilder name = new StringBuilder(kind);
        for (Object part : parts) {
            name.append('|').append(part instanceof Instant t ? Long.toString(t.toEpochMilli()) : String.valueOf(part));
        }
        return new EventId(UUID.nameUUIDFromBytes(name.toString().getBytes(StandardCharsets.UTF_8)).toString());
    }

    /** A closed candle's id: exchange + symbol + interval + open time. */
    public static EventId candleId(String exchange, Symbol symbol, Interval interval, Instant openTime) {
        return derive("candle", exchange.toLowerCase(java.util.Locale.ROOT), symbol, interval.code(), openTime);
    }

    /** An event derived from one cause: the kind of event plus the id of the event it came from. */
    public static EventId derivedFrom(String kind, EventId causationId) {
        return derive(kind, causationId);
    }

    /**
     * The client order id of the entry order that executes a risk decision: {@code sx-} + the first
     * 32 hex digits of SHA-256(decision id) = 35 characters, inside Binance's 36-character limit.
     */
    public static ClientOrderId clientOrderId(EventId decisionId) {
        return new ClientOrderId("sx-" + sha256Hex(decisionId.value()).substring(0, 32));
    }

    /** The client order id of an exit (stop-loss, take-profit, close) of the position opened by {@code entry}. */
    public static ClientOrderId exitOrderId(ClientOrderId entry, String reason) {
        return new ClientOrderId("sx-" + sha256Hex(entry.value() + "|exit|" + reason).substring(0, 32));
    }

    static String sha256Hex(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
    }
}
