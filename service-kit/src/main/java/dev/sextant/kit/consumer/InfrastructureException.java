package dev.sextant.kit.consumer;

/**
 * Thrown by an adapter when our infrastructure is not there (yet): a state rebuild not finished, a publish
 * not acknowledged in time. The consumer policy retries it with back-off ({@link FailureKind#INFRASTRUCTURE}).
 */
public class InfrastructureException extends RuntimeException {
    public InfrastructureException(String message) {
        super(message);
    }

    public InfrastructureException(String message, Throwable cause) {
        super(message, cause);
    }
}
