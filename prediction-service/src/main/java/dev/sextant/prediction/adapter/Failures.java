package dev.sextant.prediction.adapter;

import dev.sextant.contracts.json.EventDecodingException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Decides what becomes of a consumed record. Only invalid input — a property of the record itself
 * (an undecodable payload, a feature vector the model must not score) — is nacked and so lands in
 * the dead-letter topic with the reason. A record whose processing stopped because the application
 * is shutting down is neither acked nor nacked: its offset is not committed and Kafka redelivers it
 * after the restart. Everything else is acked once the work returned.
 */
final class Failures {
    private static final Logger LOG = Logger.getLogger(Failures.class);

    private Failures() {
    }

    /** What to do with a record after its work ran or threw. */
    enum Decision { ACK, DEAD_LETTER, LEAVE_UNCOMMITTED }

    /** True for failures caused by the record itself, the only ones that may be dead-lettered. */
    static boolean isInvalidInput(Throwable failure) {
        return failure instanceof EventDecodingException
                || failure instanceof FeaturesConsumer.IncompatibleFeaturesException;
    }

    /** The routing decision for a failure ({@code null}: the work succeeded). */
    static Decision classify(Throwable failure) {
        if (failure == null) {
            return Decision.ACK;
        }
        if (isInvalidInput(failure)) {
            return Decision.DEAD_LETTER;
        }
        if (failure instanceof InfraRetry.ShuttingDownException) {
            return Decision.LEAVE_UNCOMMITTED;
        }
        // Not the record's fault and not retryable here (a bug): keep the record, never dead-letter it.
        return Decision.LEAVE_UNCOMMITTED;
    }

    /** Runs {@code work} for {@code message} and acks, nacks (dead-letter) or leaves it according to {@link #classify}. */
    static CompletionStage<Void> settle(Message<String> message, String topic, java.util.function.Consumer<String> work) {
        Throwable failure = null;
        try {
            work.accept(message.getPayload());
        } catch (RuntimeException e) {
            failure = e;
        }
        return switch (classify(failure)) {
            case ACK -> message.ack();
            case DEAD_LETTER -> message.nack(failure);
            case LEAVE_UNCOMMITTED -> {
                if (failure instanceof InfraRetry.ShuttingDownException) {
                    LOG.infof("leaving a %s record uncommitted for redelivery after restart: %s", topic, failure.getMessage());
                } else {
                    LOG.errorf(failure, "unexpected failure on a %s record; it is left uncommitted (not dead-lettered) "
                            + "and is redelivered after a restart", topic);
                }
                yield CompletableFuture.completedFuture(null);
            }
        };
    }
}
