package dev.sextant.execution.domain;

import dev.sextant.contracts.event.ControlEvent;
import dev.sextant.contracts.id.EventId;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * The control commands a service has handled (docs/reliability.md, "Forged input and control commands"): each is
 * applied once per event id ({@link Verdict#DUPLICATE} for an id handled before: a redelivery or a replay), and a
 * command whose tsEvent is older than the latest applied command's by more than {@code window} is
 * {@link Verdict#STALE} (a replay of an old command under a new id; the window allows for clock skew between
 * senders). The caller stores every handled id durably with its effect and {@link #restore}s them at start-up.
 * Not thread-safe.
 */
public final class CommandLedger {
    /** What to do with a command. */
    public enum Verdict { APPLY, DUPLICATE, STALE }

    private final Duration window;
    private final Set<EventId> handled = new HashSet<>();
    private Instant latestApplied;

    public CommandLedger(Duration window) {
        if (window == null || window.isNegative()) {
            throw new IllegalArgumentException("the command replay window must be >= 0, got " + window);
        }
        this.window = window;
    }

    /** A command handled before this process started; {@code applied} when it took effect (not stale). */
    public void restore(EventId id, Instant tsEvent, boolean applied) {
        handled.add(id);
        if (applied && (latestApplied == null || tsEvent.isAfter(latestApplied))) {
            latestApplied = tsEvent;
        }
    }

    public Verdict verdict(ControlEvent command) {
        if (handled.contains(command.eventId())) {
            return Verdict.DUPLICATE;
        }
        if (latestApplied != null && command.tsEvent().isBefore(latestApplied.minus(window))) {
            return Verdict.STALE;
        }
        return Verdict.APPLY;
    }

    /** Records a handled command (after its effect is stored); {@code applied} unless it was stale. */
    public void record(ControlEvent command, boolean applied) {
        restore(command.eventId(), command.tsEvent(), applied);
    }

    /** Why {@code command} got {@code verdict}, for the log. */
    public String explain(ControlEvent command, Verdict verdict) {
        String what = command.getClass().getSimpleName() + " " + command.eventId();
        return switch (verdict) {
            case APPLY -> what + " applies";
            case DUPLICATE -> what + " was handled before: ignored";
            case STALE -> what + " of " + command.tsEvent() + " is older than the latest applied command (" + latestApplied
                    + ") by more than " + window + ": ignored as a replay";
        };
    }

    /** The tsEvent of the latest applied command, or null. */
    public Instant latestApplied() {
        return latestApplied;
    }
}
