package dev.sextant.gateway.domain;

/**
 * Decides which progress updates of one run are pushed: the first, each change of phase, and otherwise at most one
 * per {@code minGapNanos} (250 ms: 4 a second). Times are monotonic nanoseconds ({@link System#nanoTime()}).
 */
public final class ProgressThrottle {
    private final long minGapNanos;
    private String lastPhase;
    private long lastSent;

    public ProgressThrottle(long minGapNanos) {
        if (minGapNanos < 0) {
            throw new IllegalArgumentException("the gap between progress messages must not be negative, was " + minGapNanos);
        }
        this.minGapNanos = minGapNanos;
    }

    /** Whether an update of {@code phase} at {@code nowNanos} is to be sent (and, if so, records it as sent). */
    public synchronized boolean offer(String phase, long nowNanos) {
        if (lastPhase == null || !lastPhase.equals(phase) || nowNanos - lastSent >= minGapNanos) {
            lastPhase = phase;
            lastSent = nowNanos;
            return true;
        }
        return false;
    }
}
