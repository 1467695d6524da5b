package dev.sextant.kit;

import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Runs a non-essential step (a cache write) and swallows its failure: each failure is counted, the
 * first of a burst is logged as a warning, the following ones at debug, and the recovery at info.
 * The record being consumed is never affected (not retried, not dead-lettered).
 */
public final class BestEffort {
    private static final Logger LOG = Logger.getLogger(BestEffort.class);

    private final String what;
    private final Runnable onFailure;
    private final AtomicBoolean failing = new AtomicBoolean();

    /**
     * @param what      names the step in logs
     * @param onFailure called once per failure (e.g. increments a metric)
     */
    public BestEffort(String what, Runnable onFailure) {
        this.what = what;
        this.onFailure = onFailure;
    }

    /** Runs {@code step}; returns whether it succeeded. */
    public boolean run(Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            onFailure.run();
            if (failing.compareAndSet(false, true)) {
                LOG.warnf("%s failed (best effort, the record is not affected; further failures logged at debug): %s", what, e.toString());
            } else {
                LOG.debugf("%s failed again: %s", what, e.toString());
            }
            return false;
        }
        if (failing.compareAndSet(true, false)) {
            LOG.infof("%s works again", what);
        }
        return true;
    }
}
