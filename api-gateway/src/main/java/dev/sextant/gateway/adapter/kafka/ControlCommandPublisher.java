package dev.sextant.gateway.adapter.kafka;

import dev.sextant.contracts.event.ControlEvent;
import dev.sextant.contracts.id.EventId;
import dev.sextant.contracts.id.Symbol;
import dev.sextant.gateway.domain.BotCommand;
import dev.sextant.gateway.domain.CommandAccepted;
import dev.sextant.kit.Channels;
import dev.sextant.kit.CommandSignatures;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Channel;

/**
 * Publishes the bot's control commands on the {@code control} topic and waits until the broker has them. With
 * {@code sextant.control.signing-key} set every record carries the HMAC-SHA256 of its value in header
 * {@code sextant-signature} ({@link CommandSignatures}), which the services that apply commands check.
 */
@ApplicationScoped
public class ControlCommandPublisher {
    private final MutinyEmitter<String> control;
    private final MeterRegistry metrics;
    private final Clock clock;
    private final CommandSignatures signatures;

    ControlCommandPublisher(@Channel(Channels.CONTROL_OUT) MutinyEmitter<String> control, MeterRegistry metrics, Clock clock,
                            CommandSignatures signatures) {
        this.control = control;
        this.metrics = metrics;
        this.clock = clock;
        this.signatures = signatures;
    }

    /**
     * Sends {@code command} (for {@code symbol}, null = every symbol).
     *
     * @throws IllegalStateException when Kafka does not take it
     */
    public CommandAccepted send(BotCommand command, Symbol symbol) {
        Instant now = clock.instant();
        ControlEvent event = command.toEvent(new EventId(UUID.randomUUID().toString()), now, symbol);
        try {
            control.sendMessageAndAwait(signatures.message(event));
        } catch (RuntimeException e) {
            metrics.counter("sextant.gateway.commands", "command", event.getClass().getSimpleName(), "outcome", "failed")
                    .increment();
            throw new IllegalStateException("could not publish " + event.getClass().getSimpleName()
                    + " to the control topic: " + e.getMessage(), e);
        }
        metrics.counter("sextant.gateway.commands", "command", event.getClass().getSimpleName(), "outcome", "sent")
                .increment();
        return new CommandAccepted(event.getClass().getSimpleName(), event.eventId().value(),
                symbol == null ? null : symbol.value(), BotCommand.REQUESTED_BY, now);
    }
}
