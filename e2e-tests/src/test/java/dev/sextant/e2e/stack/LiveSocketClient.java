package dev.sextant.e2e.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** A client of the gateway's {@code /ws} that keeps every message ({@code {"type": ..., "data": ...}}) it receives. */
public final class LiveSocketClient implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final List<JsonNode> messages = new CopyOnWriteArrayList<>();
    private final WebSocket socket;

    private LiveSocketClient(String wsUrl) {
        try {
            socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                    .buildAsync(URI.create(wsUrl), new Listener()).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot open " + wsUrl + ": " + e.getMessage(), e);
        }
    }

    /** Connects to {@code <gatewayUrl>/ws}. */
    public static LiveSocketClient connect(String gatewayHttpUrl) {
        return new LiveSocketClient(gatewayHttpUrl.replaceFirst("^http", "ws") + "/ws");
    }

    public List<JsonNode> messages() {
        return List.copyOf(messages);
    }

    public List<JsonNode> messages(String type) {
        return messages.stream().filter(m -> type.equals(m.path("type").asText())).toList();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    messages.add(MAPPER.readTree(partial.toString()));
                } catch (IOException e) {
                    throw new UncheckedIOException("non-JSON message on /ws: " + partial, e);
                } finally {
                    partial.setLength(0);
                }
            }
            webSocket.request(1);
            return null;
        }
    }

    @Override
    public void close() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
    }
}
