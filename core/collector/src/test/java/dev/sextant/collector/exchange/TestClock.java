package dev.sextant.collector.exchange;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** A test clock that only moves when told to; safe to read from many threads (collector-core's tests share it). */
public final class TestClock extends Clock {
    private final AtomicReference<Instant> now;

    public TestClock(Instant now) {
        this.now = new AtomicReference<>(now);
    }

    public TestClock(String iso) {
        this(Instant.parse(iso));
    }

    public void advance(Duration d) {
        now.updateAndGet(t -> t.plus(d));
    }

    public void set(Instant t) {
        now.set(t);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now.get();
    }
}
