package dev.sextant.collector.exchange;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * When a stream connection should end, and how streams are spread over connections, under Binance's documented rules
 * ({@link BinanceLimits}; web-socket-streams.md):
 * <ul>
 *   <li><b>Before the 24 h cut.</b> Binance cuts every connection at the 24 hour mark. {@link #open()} plans each
 *   connection's proactive reconnect at {@code reconnectAfter ± reconnectJitter} (default 23 h ± 15 min, uniformly;
 *   always before 24 h), so connections opened together do not all reconnect at the same moment. The caller opens
 *   the new connection before closing the old one; {@link ReconnectBuffer} drops what both deliver.</li>
 *   <li><b>Silent stalls.</b> The server pings every 20 s and market streams push every second or two, so a silent
 *   connection is a dead one that TCP has not noticed. After {@code silenceBeforePing} (default 30 s) with nothing
 *   received (no message, no ping, no pong) the caller sends a ping frame; if nothing at all arrives within
 *   {@code pongTimeout} (default 10 s) of it, the connection is stalled: reconnect. One ping per silence stays far
 *   below the 5 incoming messages per second a connection may send.</li>
 *   <li><b>{@code serverShutdown}.</b> The event announces a disconnection: reconnect at once.</li>
 *   <li><b>Grouping.</b> {@link #group} spreads stream names over combined-stream connections of at most
 *   {@code maxStreamsPerConnection} streams (Binance's maximum, 1024, by default), each at
 *   {@code /stream?streams=<a>/<b>/<c>}.</li>
 * </ul>
 * Thread-safe. Time comes from the injected clock, randomness from the injected generator.
 */
public final class ConnectionSchedule {

    /**
     * @param reconnectAfter the planned lifetime of a connection before the jitter
     * @param reconnectJitter the most the plan moves either way; {@code reconnectAfter + reconnectJitter} stays below
     *        Binance's 24 h and {@code reconnectAfter - reconnectJitter} above zero
     * @param silenceBeforePing nothing received for this long: send a ping (at least 1 s)
     * @param pongTimeout nothing received for this long after the ping: the connection is stalled
     * @param maxStreamsPerConnection streams per combined connection, in [1, 1024]
     */
    public record Settings(Duration reconnectAfter, Duration reconnectJitter, Duration silenceBeforePing,
            Duration pongTimeout, int maxStreamsPerConnection) {

        public static final Settings DEFAULT = new Settings(Duration.ofHours(23), Duration.ofMinutes(15),
                Duration.ofSeconds(30), Duration.ofSeconds(10), BinanceLimits.MAX_STREAMS_PER_CONNECTION);

        public Settings {
            Objects.requireNonNull(reconnectAfter, "reconnectAfter");
            Objects.requireNonNull(reconnectJitter, "reconnectJitter");
            Objects.requireNonNull(silenceBeforePing, "silenceBeforePing");
            Objects.requireNonNull(pongTimeout, "pongTimeout");
            if (reconnectJitter.isNegative()) {
                throw new IllegalArgumentException("reconnectJitter must not be negative, got " + reconnectJitter);
            }
            if (reconnectAfter.plus(reconnectJitter).compareTo(BinanceLimits.CONNECTION_LIFETIME) >= 0) {
                throw new IllegalArgumentException("reconnectAfter + reconnectJitter must stay below Binance's 24 h cut, got "
                        + reconnectAfter + " + " + reconnectJitter);
            }
            if (!reconnectAfter.minus(reconnectJitter).isPositive()) {
                throw new IllegalArgumentException("reconnectAfter - reconnectJitter must be positive, got "
                        + reconnectAfter + " - " + reconnectJitter);
            }
            if (silenceBeforePing.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("silenceBeforePing must be at least 1s, got " + silenceBeforePing);
            }
            if (!pongTimeout.isPositive()) {
                throw new IllegalArgumentException("pongTimeout must be positive, got " + pongTimeout);
            }
            if (maxStreamsPerConnection < 1 || maxStreamsPerConnection > BinanceLimits.MAX_STREAMS_PER_CONNECTION) {
                throw new IllegalArgumentException("maxStreamsPerConnection must be within [1, "
                        + BinanceLimits.MAX_STREAMS_PER_CONNECTION + "], got " + maxStreamsPerConnection);
            }
        }
    }

    /** What the caller does now. */
    public enum Action { NONE, SEND_PING, RECONNECT }

    /**
     * @param action what to do now
     * @param reason why, in a sentence (for the log and the reconnect metric's label)
     * @param nextCheck when {@link Liveness#check()} should run again at the latest
     */
    public record Verdict(Action action, String reason, Instant nextCheck) {}

    /** One combined-stream connection: its streams and its URL path. */
    public record CombinedStream(List<String> streams) {
        public CombinedStream {
            streams = List.copyOf(streams);
            if (streams.isEmpty()) {
                throw new IllegalArgumentException("a combined stream has at least one stream");
            }
        }

        /** {@code /stream?streams=<a>/<b>/<c>}, to append to the base endpoint (wss://stream.binance.com:9443). */
        public String path() {
            return "/stream?streams=" + String.join("/", streams);
        }
    }

    /**
     * Characters a stream name may hold: none with a meaning in a URL path or query ({@code / ? & # % = +}, blanks);
     * {@code !} starts the all-market streams ({@code !ticker@arr}), {@code :} and {@code .} occur in suffixes.
     */
    private static final Pattern STREAM_NAME = Pattern.compile("[A-Za-z0-9@_!.:\\-]+");

    private final Settings settings;
    private final Clock clock;
    private final RandomGenerator random;

    public ConnectionSchedule(Settings settings, Clock clock, RandomGenerator random) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
    }

    public Settings settings() {
        return settings;
    }

    /** A connection is up now: its liveness, with its proactive reconnect planned. */
    public Liveness open() {
        Instant now = clock.instant();
        long jitterMs = settings.reconnectJitter().toMillis();
        long offset;
        synchronized (random) {
            offset = jitterMs == 0 ? 0 : random.nextLong(-jitterMs, jitterMs + 1);
        }
        return new Liveness(now, now.plus(settings.reconnectAfter()).plusMillis(offset));
    }

    /**
     * Spreads {@code streams} over combined-stream connections of at most {@code maxStreamsPerConnection} each, in the
     * given order, duplicates dropped.
     *
     * @throws IllegalArgumentException for a blank name, a character with a meaning in a URL, or an upper-case symbol
     *         (Binance: "All symbols for streams are lowercase"; the interval {@code 1M} and {@code !miniTicker@arr}
     *         are fine)
     */
    public List<CombinedStream> group(List<String> streams) {
        Set<String> unique = new LinkedHashSet<>();
        for (String s : streams) {
            unique.add(validated(s));
        }
        List<CombinedStream> groups = new ArrayList<>();
        List<String> current = new ArrayList<>();
        for (String s : unique) {
            current.add(s);
            if (current.size() == settings.maxStreamsPerConnection()) {
                groups.add(new CombinedStream(current));
                current = new ArrayList<>();
            }
        }
        if (!current.isEmpty()) {
            groups.add(new CombinedStream(current));
        }
        return List.copyOf(groups);
    }

    private static String validated(String stream) {
        if (stream == null || stream.isBlank()) {
            throw new IllegalArgumentException("a stream name must not be blank");
        }
        if (!STREAM_NAME.matcher(stream).matches()) {
            throw new IllegalArgumentException("stream name '" + stream + "' holds a character that is not allowed in "
                    + "a combined-stream URL (letters, digits and @ _ ! . : - only)");
        }
        int at = stream.indexOf('@');
        String symbol = at < 0 ? stream : stream.substring(0, at);
        if (!symbol.startsWith("!") && !symbol.equals(symbol.toLowerCase(java.util.Locale.ROOT))) {
            throw new IllegalArgumentException("stream name '" + stream + "': Binance's stream symbols are lowercase");
        }
        return stream;
    }

    /**
     * The liveness of one connection: what was last received, whether a ping is outstanding, when the connection is
     * due to be replaced. The adapter reports every inbound frame and asks {@link #check()} at the latest at the
     * verdict's {@code nextCheck}. Thread-safe.
     */
    public final class Liveness {
        private final Instant connectedAt;
        private final Instant reconnectAt;
        private Instant lastInbound;
        private Instant pingSentAt;
        private boolean shutdownAnnounced;

        private Liveness(Instant connectedAt, Instant reconnectAt) {
            this.connectedAt = connectedAt;
            this.reconnectAt = reconnectAt;
            this.lastInbound = connectedAt;
        }

        public Instant connectedAt() {
            return connectedAt;
        }

        /** When the connection is replaced proactively, before Binance's 24 h cut. */
        public Instant reconnectAt() {
            return reconnectAt;
        }

        public synchronized Instant lastInbound() {
            return lastInbound;
        }

        /** A data message arrived. */
        public synchronized void onMessage() {
            inbound();
        }

        /** The server's ping arrived (the adapter answers it with a pong carrying its payload). */
        public synchronized void onServerPing() {
            inbound();
        }

        /** The pong to our ping arrived. */
        public synchronized void onPong() {
            inbound();
        }

        /** The adapter sent the ping a {@link Action#SEND_PING} verdict asked for. */
        public synchronized void onPingSent() {
            pingSentAt = clock.instant();
        }

        /** A {@code serverShutdown} event arrived: the server is about to disconnect. */
        public synchronized void onServerShutdown() {
            shutdownAnnounced = true;
            inbound();
        }

        private void inbound() {
            lastInbound = clock.instant();
            pingSentAt = null;
        }

        /** What to do now. */
        public synchronized Verdict check() {
            Instant now = clock.instant();
            if (shutdownAnnounced) {
                return new Verdict(Action.RECONNECT, "Binance announced serverShutdown", now);
            }
            if (!now.isBefore(reconnectAt)) {
                return new Verdict(Action.RECONNECT, "planned reconnect before Binance's 24 h cut (connected at "
                        + connectedAt + ", planned for " + reconnectAt + ")", now);
            }
            if (pingSentAt != null) {
                Instant deadline = pingSentAt.plus(settings.pongTimeout());
                if (!now.isBefore(deadline)) {
                    return new Verdict(Action.RECONNECT, "stalled: nothing received since " + lastInbound
                            + ", no pong to the ping sent at " + pingSentAt + " within " + settings.pongTimeout(), now);
                }
                return new Verdict(Action.NONE, "waiting for the pong to the ping sent at " + pingSentAt,
                        earliest(deadline, reconnectAt));
            }
            Instant silentUntil = lastInbound.plus(settings.silenceBeforePing());
            if (!now.isBefore(silentUntil)) {
                return new Verdict(Action.SEND_PING, "nothing received since " + lastInbound + " ("
                        + Duration.between(lastInbound, now) + ")", earliest(now.plus(settings.pongTimeout()), reconnectAt));
            }
            return new Verdict(Action.NONE, "alive: last received at " + lastInbound, earliest(silentUntil, reconnectAt));
        }

        private static Instant earliest(Instant a, Instant b) {
            return a.isBefore(b) ? a : b;
        }
    }
}
