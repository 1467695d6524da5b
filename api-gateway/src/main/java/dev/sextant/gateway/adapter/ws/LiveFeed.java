package dev.sextant.gateway.adapter.ws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sextant.gateway.domain.LiveMessage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.websockets.next.OpenConnections;
import io.quarkus.websockets.next.WebSocketConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/** Pushes {@link LiveMessage}s to every connected dashboard over {@code /ws}. */
@ApplicationScoped
public class LiveFeed {
    private static final Logger LOG = Logger.getLogger(LiveFeed.class);

    private final OpenConnections connections;
    private final ObjectMapper mapper;
    private final MeterRegistry metrics;
    private final Map<String, Counter> messages = new ConcurrentHashMap<>();

    LiveFeed(OpenConnections connections, ObjectMapper mapper, MeterRegistry metrics) {
        this.connections = connections;
        this.mapper = mapper;
        this.metrics = metrics;
        metrics.gauge("sextant.gateway.ws.clients", connections, LiveFeed::count);
    }

    /** Sends {@code message} to every open connection; a client that cannot take it is skipped. */
    public void publish(LiveMessage message) {
        String json = null; // encoded once, and only when a dashboard is connected
        for (WebSocketConnection connection : connections) {
            if (json == null) {
                json = encode(message);
            }
            connection.sendText(json).subscribe().with(
                    ok -> {},
                    error -> LOG.debugf("cannot push %s to WebSocket client %s: %s",
                            message.type(), connection.id(), error.getMessage()));
        }
        messages.computeIfAbsent(message.type(), type -> metrics.counter("sextant.gateway.ws.messages", "type", type))
                .increment();
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
