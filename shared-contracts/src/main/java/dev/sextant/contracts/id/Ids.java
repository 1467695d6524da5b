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
 *
 * <p>The digests are computed by a {@link MessageDigest} reused per platform thread (a virtual thread
 * clones a prototype instead), not looked up from the security providers for every id; the ids are
 * exactly those of {@link UUID#nameUUIDFromBytes} and of a fresh SHA-256.
 */
public final class Ids {
    private static final HexFormat HEX = HexFormat.of();
    private static final MessageDigest MD5_PROTOTYPE = digest("MD5");
    private static final MessageDigest SHA256_PROTOTYPE = digest("SHA-256");
    private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(() -> copy(MD5_PROTOTYPE));
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> copy(SHA256_PROTOTYPE));

    private Ids() {}

    /** Name-based UUID of the given parts, joined with '|'. */
    public static EventId derive(String kind, Object... parts) {
        StringBuilder name = new StringBuilder(kind);
        for (Object part : parts) {
            name.append('|').append(part instanceof Instant t ? Long.toString(t.toEpochMilli()) : String.valueOf(part));
        }
        return new EventId(nameUuid(name.toString()));
    }

    /**
     * {@code UUID.nameUUIDFromBytes(name in UTF-8).toString()}: the MD5 of the name with the version (3)
     * and the IETF variant set, as {@link UUID} does it.
     */
    static String nameUuid(String name) {
        byte[] md5 = digester(MD5, MD5_PROTOTYPE).digest(name.getBytes(StandardCharsets.UTF_8));
        md5[6] &= 0x0f;  // clear version
        md5[6] |= 0x30;  // set to version 3
        md5[8] &= 0x3f;  // clear variant
        md5[8] |= (byte) 0x80;  // set to IETF variant
        long msb = 0;
        long lsb = 0;
        for (int i = 0; i < 8; i++) {
            msb = (msb << 8) | (md5[i] & 0xff);
        }
        for (int i = 8; i < 16; i++) {
            lsb = (lsb << 8) | (md5[i] & 0xff);
        }
        return new UUID(msb, lsb).toString();
    }

    /** A closed candle's id: exchange + symbol + interval + open time. */
    public static EventId candleId(String exchange, Symbol symbol, Interval interval, Instant openTime) {
        return derive("candle", exchange.toLowerCase(java.util.Locale.ROOT), symbol, interval.code(), openTime);
    }

    /**
     * A market trade's id: exchange + symbol + the exchange's trade id (unique per symbol on Binance), so the
     * same trade received twice (a reconnect, a replay) is the same event.
     */
    public static EventId marketTradeId(String exchange, Symbol symbol, long tradeId) {
        return derive("trade", exchange.toLowerCase(java.util.Locale.ROOT), symbol, tradeId);
    }

    /**
     * An order-book snapshot's id: exchange + symbol + the book's last update id. Two snapshots of the same
     * book state (the same update id) are the same event, whatever their depth or the moment they were taken.
     */
    public static EventId orderBookSnapshotId(String exchange, Symbol symbol, long lastUpdateId) {
        return derive("orderbook", exchange.toLowerCase(java.util.Locale.ROOT), symbol, lastUpdateId);
    }

    /** An event derived from one cause: the kind of event plus the id of the event it came from. */
    public static EventId derivedFrom(String kind, EventId causationId) {
        return new EventId(nameUuid(kind + '|' + causationId));
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
        return HEX.formatHex(digester(SHA256, SHA256_PROTOTYPE).digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** This thread's digest (reset after every {@code digest()}); a fresh clone on a virtual thread. */
    private static MessageDigest digester(ThreadLocal<MessageDigest> perThread, MessageDigest prototype) {
        return Thread.currentThread().isVirtual() ? copy(prototype) : perThread.get();
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is required by every JVM", e);
        }
    }

    private static MessageDigest copy(MessageDigest prototype) {
        try {
            return (MessageDigest) prototype.clone();
        } catch (CloneNotSupportedException e) {
            return digest(prototype.getAlgorithm());
        }
    }
}
