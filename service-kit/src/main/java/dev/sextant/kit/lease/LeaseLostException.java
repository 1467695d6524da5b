package dev.sextant.kit.lease;

import dev.sextant.kit.consumer.InfrastructureException;

/**
 * This instance does not (or no longer) hold its lease: it must not change state. An infrastructure failure for the
 * consumer policy, so a batch that meets it is held uncommitted (never dead-lettered, never parked) and is redelivered
 * to whichever instance holds the lease.
 */
public class LeaseLostException extends InfrastructureException {
    public LeaseLostException(String message) {
        super(message);
    }
}
