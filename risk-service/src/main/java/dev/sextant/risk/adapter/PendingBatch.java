package dev.sextant.risk.adapter;

import dev.sextant.contracts.event.Event;
import dev.sextant.contracts.event.RiskDecisionMade;
import dev.sextant.contracts.id.EventId;
import dev.sextant.risk.domain.KernelSequencer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What the kernel sequencer did in memory since the last flush, and what the flush writes in one transaction
 * ({@link RiskService#flush()}): the inputs taken (their inbox rows, in arrival order), the inbox ids consumed (their
 * steps ran, or they were dropped as late), the decisions made, the events to publish in the order the steps made
 * them (trading-state changes and decisions), the outcome of each step (for the step counter) and whether the inbox
 * is due for pruning. Not thread-safe: {@link RiskService} uses it under its lock.
 *
 * <p>The in-memory engine and sequencer are always the stored state plus what this batch describes, so the flush
 * stores one engine snapshot and one sequencer state for the whole batch.
 */
final class PendingBatch {
    /** An event to publish once stored, with when the input that made it was received (for the decision latency). */
    record Out(Event event, long startNanos) {}

    private final List<Event> inputs = new ArrayList<>();
    private final Set<EventId> applied = new LinkedHashSet<>();
    private final List<RiskDecisionMade> decisions = new ArrayList<>();
    private final List<Out> events = new ArrayList<>();
    private final List<String> steps = new ArrayList<>();
    private boolean pruneDue;

    /** An input the sequencer took; {@code consumed}: dropped at once (late) rather than held for a step. */
    void input(Event event, boolean consumed) {
        inputs.add(event);
        if (consumed) {
            applied.add(event.eventId());
        }
    }

    /** A step the sequencer ran, made by an input received at {@code startNanos}. */
    void step(KernelSequencer.Step step, long startNanos) {
        steps.add(step.outcome().name());
        applied.addAll(step.consumed());
        if (step.decision() != null) {
            decisions.add(step.decision());
        }
        for (Event out : step.published()) {
            events.add(new Out(out, startNanos));
        }
    }

    void pruneDue() {
        pruneDue = true;
    }

    /** True when nothing changed in memory since the last flush. */
    boolean isEmpty() {
        return inputs.isEmpty() && steps.isEmpty();
    }

    int inputCount() {
        return inputs.size();
    }

    List<Event> inputs() {
        return List.copyOf(inputs);
    }

    Set<EventId> applied() {
        return Set.copyOf(applied);
    }

    List<RiskDecisionMade> decisions() {
        return List.copyOf(decisions);
    }

    List<Out> events() {
        return List.copyOf(events);
    }

    List<String> steps() {
        return List.copyOf(steps);
    }

    boolean isPruneDue() {
        return pruneDue;
    }

    /** Forgets everything (after a flush stored it, or before the inputs are taken again). */
    void clear() {
        inputs.clear();
        applied.clear();
        decisions.clear();
        events.clear();
        steps.clear();
        pruneDue = false;
    }

    /**
     * Keeps only the first {@code count} inputs, without what was derived from them: the batch of a memory that is
     * dropped and rebuilt (the stored state, then these inputs taken again, regenerate the rest).
     */
    void truncate(int count) {
        List<Event> kept = List.copyOf(inputs.subList(0, count));
        clear();
        inputs.addAll(kept);
    }

    /** The inputs, to take again on a rebuilt memory; the batch is left empty (they are added back as they are taken). */
    List<Event> takeInputs() {
        List<Event> taken = List.copyOf(inputs);
        clear();
        return taken;
    }

    /** Puts back the inputs of {@link #takeInputs()} when taking them again failed (the memory is dropped again). */
    void restoreInputs(List<Event> taken) {
        clear();
        inputs.addAll(taken);
    }
}
