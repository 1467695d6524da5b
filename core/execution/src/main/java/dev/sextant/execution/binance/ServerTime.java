package dev.sextant.execution.binance;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * Binance's clock as seen from ours: the offset between the injected {@link Clock} and the {@code serverTime} of
 * <a href="https://developers.binance.com/docs/binance-spot-api-docs/rest-api/general-endpoints#check-server-time">
 * {@code GET /api/v3/time}</a> ({@code {"serverTime": 1499827319559}}), so that the {@code timestamp} of a signed
 * request passes Binance's check ({@code timestamp < serverTime + 1 second} and
 * {@code serverTime - timestamp <= recvWindow}, <a
 * href="https://developers.binance.com/docs/binance-spot-api-docs/rest-api/request-security#timing-security">Timing
 * security</a>).
 *
 * <p>Each sample is one call: our clock when the request left ({@code sentMillis}), Binance's {@code serverTime},
 * our clock when the answer came back ({@code receivedMillis}). The server read its clock somewhere within the round
 * trip; we take the midpoint, so the offset is {@code serverTime - (sent + received) / 2} and its uncertainty is half
 * the round trip. Of the last {@code window} samples, the one with the shortest round trip (the least uncertain) gives
 * the offset; a tie goes to the newer sample.
 *
 * <p>{@link #health(long)} says whether the offset may be used for a request with a given {@code recvWindow}: not
 * without a sample, not when the best sample is older than {@code maxAge} (clocks drift), not when its uncertainty
 * exceeds the {@code recvWindow}. Thread-safe (every method is synchronized: samples come from an HTTP callback,
 * {@link #now()} from the order path).
 */
public final class ServerTime {
    /** How a sample was taken in. */
    public enum Outcome { ACCEPTED, REJECTED }

    /** Whether the offset may be used for a request. */
    public enum Status { OK, NO_SAMPLE, STALE, UNCERTAIN }

    /**
     * The state of the offset for one {@code recvWindow}.
     *
     * @param status {@link Status#OK} when {@link #now()} may stamp a request
     * @param offsetMillis server minus local, when there is a sample
     * @param uncertaintyMillis half the best sample's round trip
     * @param ageMillis how long ago (local clock) the best sample was received
     * @param reason a sentence for the log or the health check
     */
    public record Health(Status status, long offsetMillis, long uncertaintyMillis, long ageMillis, String reason) {
        public boolean usable() {
            return status == Status.OK;
        }
    }

    private record Sample(long receivedMillis, long roundTripMillis, long offsetMillis) {}

    private final Clock clock;
    private final int window;
    private final Duration maxAge;
    private final Deque<Sample> samples = new ArrayDeque<>();

    /**
     * @param clock our clock (the one whose readings are passed to {@link #record})
     * @param window how many of the latest samples are kept (at least 1)
     * @param maxAge how old the best sample may be before the offset is stale (positive)
     */
    public ServerTime(Clock clock, int window, Duration maxAge) {
        if (clock == null || maxAge == null) {
            throw new IllegalArgumentException("clock and maxAge are required");
        }
        if (window < 1) {
            throw new IllegalArgumentException("window must keep at least one sample, got " + window);
        }
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("maxAge must be positive, got " + maxAge);
        }
        this.clock = clock;
        this.window = window;
        this.maxAge = maxAge;
    }

    /**
     * Takes in one {@code GET /api/v3/time} call. Rejected (and not kept) when a reading is not positive, when the
     * answer came back before the request left, or when the round trip is longer than the maximum age (such a sample
     * says nothing useful).
     */
    public synchronized Outcome record(long sentMillis, long serverTimeMillis, long receivedMillis) {
        if (sentMillis <= 0 || serverTimeMillis <= 0 || receivedMillis < sentMillis) {
            return Outcome.REJECTED;
        }
        long roundTrip = receivedMillis - sentMillis;
        if (roundTrip > maxAge.toMillis()) {
            return Outcome.REJECTED;
        }
        // (sent + received) / 2 without overflow; floor, as whole milliseconds.
        long midpoint = sentMillis + roundTrip / 2;
        samples.addLast(new Sample(receivedMillis, roundTrip, serverTimeMillis - midpoint));
        while (samples.size() > window) {
            samples.removeFirst();
        }
        return Outcome.ACCEPTED;
    }

    /** Server minus local in milliseconds, from the best of the kept samples. */
    public synchronized Optional<Long> offsetMillis() {
        return best().map(Sample::offsetMillis);
    }

    /**
     * Binance's time now, in epoch milliseconds: our clock plus the offset (our clock alone before the first sample;
     * {@link #health(long)} says whether to trust it).
     */
    public synchronized long now() {
        return clock.millis() + best().map(Sample::offsetMillis).orElse(0L);
    }

    /** {@link #health(long)} for the default {@code recvWindow} of 5000 ms. */
    public Health health() {
        return health(SignedQuery.DEFAULT_RECV_WINDOW_MILLIS);
    }

    /** Whether {@link #now()} may stamp a request sent with {@code recvWindowMillis}. */
    public synchronized Health health(long recvWindowMillis) {
        Optional<Sample> best = best();
        if (best.isEmpty()) {
            return new Health(Status.NO_SAMPLE, 0, 0, 0, "no GET /api/v3/time sample yet");
        }
        Sample sample = best.get();
        long age = clock.millis() - sample.receivedMillis();
        long uncertainty = (sample.roundTripMillis() + 1) / 2;
        if (age > maxAge.toMillis()) {
            return new Health(Status.STALE, sample.offsetMillis(), uncertainty, age,
                    "the best server-time sample is " + age + " ms old, more than " + maxAge.toMillis() + " ms");
        }
        if (uncertainty > recvWindowMillis) {
            return new Health(Status.UNCERTAIN, sample.offsetMillis(), uncertainty, age,
                    "the offset is only known to within " + uncertainty + " ms, more than the recvWindow of "
                            + recvWindowMillis + " ms");
        }
        return new Health(Status.OK, sample.offsetMillis(), uncertainty, age,
                "offset " + sample.offsetMillis() + " ms within " + uncertainty + " ms");
    }

    private Optional<Sample> best() {
        Sample best = null;
        for (Sample sample : samples) {
            if (best == null || sample.roundTripMillis() <= best.roundTripMillis()) {
                best = sample;
            }
        }
        return Optional.ofNullable(best);
    }
}
