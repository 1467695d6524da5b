package dev.sextant.gateway.adapter.ws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sextant.gateway.domain.LiveMessage;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.websockets.next.OpenConnections;
import io.quarkus.websockets.next.WebSocketConnection;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Pushes {@link LiveMessage}s to every connected dashboard over {@code /ws}. */
@ApplicationScoped
public class LiveFeed {
    private static final Logger LOG = Logger.getLogger(LiveFeed.class);

    private final OpenConnections connections;
    private final ObjectMapper mapper;
    private final MeterRegistry metrics;

    LiveFeed(OpenConnections connections, ObjectMapper mapper, MeterRegistry metrics) {
        this.connections = connections;
        this.mapper = mapper;
        this.metrics = metrics;
        metrics.gauge("sextant.gateway.ws.clients", connections, LiveFeed::count);
    }

    /** Sends {@code message} to every open connection; a client that cannot take it is skipped. */
    public void publish(LiveMessage message) {
        String json = encode(message);
        for (WebSocketConnection connection : connections) {
            connection.sendText(json).subscribe().with(
                    ok -> {},
                    error -> LOG.debugf("cannot push %s to WebSocket client %s: %s",
                            message.type(), connection.id(), error.getMessage()));
        }
        metrics.counter("sextant.gateway.ws.messages", "type", message.type()).increment();
    }

    /** The JSON text of a message: {@code {"type": ..., "data": ...}}. */
    public String encode(LiveMessage message) {
        try {
            return mapper.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + message.type() + " message: " + e.getMessage(), e);
        }
    }

    /** Connected clients. */
    public long clients() {
        return connections.stream().count();
    }

    private static double count(OpenConnections connections) {
        return connections.stream().count();
    }
}
