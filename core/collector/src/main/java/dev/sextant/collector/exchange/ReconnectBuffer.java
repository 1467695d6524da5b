package dev.sextant.collector.exchange;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * In-order, exactly-once delivery of stream messages across reconnects.
 *
 * <p><b>Ids.</b> Every message of a stream carries an id range {@code [first, last]} that grows along the stream:
 * a closed kline its open time ({@code first = last}; only closed klines, {@code "x": true}, are offered, so each open
 * time comes once), a trade its trade id ({@code t}), a diff-depth event its {@code [U, u]}. How consecutive messages
 * follow each other is the stream's {@link Continuity}:
 * <ul>
 *   <li>{@link Continuity#step(long) step(s)}: the next message starts at most {@code s} after the last delivered id
 *   ({@code first <= lastDelivered + s}). Trade ids and depth update ids use {@code step(1)} (Binance's order-book
 *   procedure: "Normally, U of the next event is equal to u + 1 of the previous event"; trade ids of a symbol are
 *   consecutive in the carried sample, 2,001 trades without a hole, which Binance does not state as a rule), klines
 *   of a fixed interval {@code step(interval in ms)}.</li>
 *   <li>{@link Continuity#orderedOnly()}: ids only grow (a book ticker's {@code u}, monthly klines); a hole cannot be
 *   seen, so the first message after a reconnect is always flagged as a possible one.</li>
 * </ul>
 *
 * <p><b>The contract.</b> For each stream:
 * <ol>
 *   <li>A message whose {@code last} is at or below the last delivered id was delivered already (a duplicate, the
 *   overlap of the old and the new connection after a reconnect): it is dropped.</li>
 *   <li>A message that follows the last delivered id is delivered, and after it every held message that now follows
 *   in turn.</li>
 *   <li>A message that does not follow (ids missing in between) is held, not delivered, and the hole is reported once
 *   as a {@link SequenceGap} in the {@link Offer}. Later messages of the stream are held behind it. The hole closes
 *   when the missing messages still arrive (the old connection was slower than the new one) or when the caller has
 *   backfilled it (REST klines or trades, a depth snapshot), delivered the backfill itself and calls
 *   {@link #resumeAfter} with the last id it got to; the held messages that follow are then delivered. If they still
 *   do not follow, the remaining hole is reported again (a depth snapshot older than the first held event: take
 *   another, as Binance's procedure says).</li>
 *   <li>The first message a stream ever sees is delivered as its start unless {@link #resumeAfter} seeded the
 *   stream's position first (the last stored candle on a restart), in which case rule 3 applies to it.</li>
 *   <li>At most {@code maxHeldPerStream} messages are held per stream; beyond that the newest are discarded (counted
 *   in {@link Offer#discarded()}), never silently: the hole they leave is reported when delivery reaches it (for an
 *   ordered-only stream, the next message after the held ones is flagged).</li>
 * </ol>
 * Thread-safe (messages of several connections may be offered concurrently).
 *
 * @param <T> the message
 */
public final class ReconnectBuffer<T> {

    /** How the ids of consecutive messages of a stream follow each other. */
    public static final class Continuity {
        private static final Continuity ORDERED_ONLY = new Continuity(0);
        private final long step;

        private Continuity(long step) {
            this.step = step;
        }

        /** The next message starts at most {@code step} after the last delivered id. */
        public static Continuity step(long step) {
            if (step < 1) {
                throw new IllegalArgumentException("step must be >= 1, got " + step);
            }
            return new Continuity(step);
        }

        /** Ids only grow; holes cannot be seen. */
        public static Continuity orderedOnly() {
            return ORDERED_ONLY;
        }

        public boolean checksHoles() {
            return step > 0;
        }

        public long step() {
            return step;
        }

        @Override
        public String toString() {
            return step > 0 ? "step(" + step + ")" : "orderedOnly";
        }
    }

    /**
     * Ids of {@code stream} between {@code after} and {@code before} (both exclusive) are missing ({@code exact}) or may
     * be missing (an ordered-only stream after a reconnect): backfill them, deliver them, then call
     * {@link ReconnectBuffer#resumeAfter}.
     */
    public record SequenceGap(String stream, long after, long before, boolean exact) {}

    /**
     * The outcome of one step.
     *
     * @param deliver the messages to deliver now, in order
     * @param dropped messages dropped as already delivered (duplicates, overlap)
     * @param discarded messages discarded because {@code maxHeldPerStream} were held already
     * @param gap a hole newly found in the stream (report it once, backfill it); empty otherwise
     */
    public record Offer<T>(List<T> deliver, int dropped, int discarded, Optional<SequenceGap> gap) {
        public Offer {
            deliver = List.copyOf(deliver);
        }
    }

    private record Held<T>(long first, long last, T payload) {}

    private final class StreamState {
        final String stream;
        final Continuity continuity;
        final TreeMap<Long, Held<T>> held = new TreeMap<>();
        boolean started;
        long lastDelivered;
        boolean unverified; // ordered-only: a reconnect (or a discard) since the last delivery
        boolean lostBehindHeld; // messages discarded behind the held ones
        SequenceGap reported;

        StreamState(String stream, Continuity continuity) {
            this.stream = stream;
            this.continuity = continuity;
        }

        boolean follows(long first) {
            if (continuity.checksHoles()) {
                return first <= lastDelivered + continuity.step();
            }
            return !unverified;
        }
    }

    private final Function<String, Continuity> continuityOf;
    private final int maxHeldPerStream;
    private final Map<String, StreamState> streams = new HashMap<>();

    /**
     * @param continuityOf the continuity of a stream, by name (e.g. {@code step(60_000)} for {@code btcusdt@kline_1m})
     * @param maxHeldPerStream messages held per stream while a hole is open, at least 1
     */
    public ReconnectBuffer(Function<String, Continuity> continuityOf, int maxHeldPerStream) {
        this.continuityOf = Objects.requireNonNull(continuityOf, "continuityOf");
        if (maxHeldPerStream < 1) {
            throw new IllegalArgumentException("maxHeldPerStream must be >= 1, got " + maxHeldPerStream);
        }
        this.maxHeldPerStream = maxHeldPerStream;
    }

    /** Offers a message whose id is a single value (a kline's open time, a trade id). */
    public Offer<T> offer(String stream, long id, T message) {
        return offer(stream, id, id, message);
    }

    /** Offers a message covering ids {@code [first, last]} (a diff-depth event's {@code [U, u]}). */
    public synchronized Offer<T> offer(String stream, long first, long last, T message) {
        Objects.requireNonNull(message, "message");
        if (first > last) {
            throw new IllegalArgumentException(stream + ": first id " + first + " after last id " + last);
        }
        StreamState s = state(stream);
        List<T> deliver = new ArrayList<>();
        int[] counts = new int[2]; // dropped, discarded
        if (!s.started) {
            s.started = true;
            s.lastDelivered = last;
            deliver.add(message);
            drain(s, deliver, counts);
        } else if (last <= s.lastDelivered) {
            counts[0]++;
        } else if (s.follows(first)) {
            // it precedes every held message (those do not follow), so it goes out first, then what it unblocks
            s.lastDelivered = last;
            s.unverified = false;
            deliver.add(message);
            drain(s, deliver, counts);
        } else if (s.held.containsKey(first)) {
            counts[0]++;
        } else if (s.held.size() >= maxHeldPerStream) {
            counts[1]++;
            if (first > s.held.lastKey()) {
                s.lostBehindHeld = true;
            } else {
                // it belongs before held messages: keep it, discard the newest held one instead
                s.held.remove(s.held.lastKey());
                s.held.put(first, new Held<>(first, last, message));
                s.lostBehindHeld = true;
            }
            drain(s, deliver, counts);
        } else {
            s.held.put(first, new Held<>(first, last, message));
            drain(s, deliver, counts);
        }
        return new Offer<>(deliver, counts[0], counts[1], newGap(s));
    }

    /**
     * The caller's data of {@code stream} is complete up to id {@code lastId}: it backfilled a reported hole and
     * delivered the backfill itself, or it seeds the position before the first message (the last stored candle on a
     * restart). Held messages that now follow are returned for delivery; a hole that remains is reported.
     */
    public synchronized Offer<T> resumeAfter(String stream, long lastId) {
        StreamState s = state(stream);
        if (!s.started || lastId > s.lastDelivered) {
            s.lastDelivered = lastId;
        }
        s.started = true;
        s.unverified = false;
        s.reported = null; // the caller has dealt with the reported hole; report what remains afresh
        List<T> deliver = new ArrayList<>();
        int[] counts = new int[2];
        // resuming vouches for the ids up to lastId only: the first held message must still follow it
        drain(s, deliver, counts);
        return new Offer<>(deliver, counts[0], counts[1], newGap(s));
    }

    /**
     * The connections carrying {@code streamNames} were replaced: for ordered-only streams, whose holes cannot be
     * seen, the next message is flagged as a possible hole.
     */
    public synchronized void reconnected(Collection<String> streamNames) {
        for (String name : streamNames) {
            StreamState s = state(name);
            if (!s.continuity.checksHoles() && s.started) {
                s.unverified = true;
            }
        }
    }

    /** The last id delivered on {@code stream}, or empty before its first message. */
    public synchronized OptionalLong lastDelivered(String stream) {
        StreamState s = streams.get(stream);
        return s == null || !s.started ? OptionalLong.empty() : OptionalLong.of(s.lastDelivered);
    }

    /** Messages held on {@code stream} behind a hole. */
    public synchronized int held(String stream) {
        StreamState s = streams.get(stream);
        return s == null ? 0 : s.held.size();
    }

    /** The hole {@code stream} is waiting on, if any. */
    public synchronized Optional<SequenceGap> openGap(String stream) {
        StreamState s = streams.get(stream);
        return s == null ? Optional.empty() : Optional.ofNullable(currentGap(s));
    }

    private StreamState state(String stream) {
        Objects.requireNonNull(stream, "stream");
        return streams.computeIfAbsent(stream, name -> new StreamState(name,
                Objects.requireNonNull(continuityOf.apply(name), "no continuity for stream " + name)));
    }

    /** Delivers held messages while they follow. */
    private void drain(StreamState s, List<T> deliver, int[] counts) {
        while (!s.held.isEmpty()) {
            Held<T> h = s.held.firstEntry().getValue();
            if (h.last() <= s.lastDelivered) {
                s.held.pollFirstEntry();
                counts[0]++;
            } else if (s.follows(h.first())) {
                s.held.pollFirstEntry();
                s.lastDelivered = h.last();
                s.unverified = false;
                deliver.add(h.payload());
            } else {
                return;
            }
        }
        afterHeldEmptied(s);
    }

    private void afterHeldEmptied(StreamState s) {
        if (s.held.isEmpty() && s.lostBehindHeld) {
            // messages after the held ones were discarded: what comes next must not pass as following
            s.lostBehindHeld = false;
            s.unverified = true;
        }
    }

    private SequenceGap currentGap(StreamState s) {
        if (s.held.isEmpty()) {
            return null;
        }
        Held<T> next = s.held.firstEntry().getValue();
        return new SequenceGap(s.stream, s.lastDelivered, next.first(), s.continuity.checksHoles());
    }

    /**
     * The hole now open, if it was not reported yet. A hole is the same while the held message it ends at is the same:
     * late messages that shrink it from below do not report it again.
     */
    private Optional<SequenceGap> newGap(StreamState s) {
        SequenceGap gap = currentGap(s);
        if (gap == null) {
            s.reported = null;
            return Optional.empty();
        }
        if (s.reported != null && s.reported.before() == gap.before() && s.reported.exact() == gap.exact()) {
            return Optional.empty();
        }
        s.reported = gap;
        return Optional.of(gap);
    }
}
