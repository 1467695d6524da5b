package dev.sextant.gateway.adapter.ws;

import dev.sextant.gateway.adapter.GatewayReadModel;
import dev.sextant.gateway.domain.LiveMessage;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.WebSocket;

/**
 * The dashboard's live channel. A client receives {@code bot_status} (the current trading state) on
 * connect, then every {@link LiveMessage} the consumers publish through {@link LiveFeed}.
 */
@WebSocket(path = "/ws")
public class LiveSocket {
    private final GatewayReadModel readModel;
    private final LiveFeed feed;

    LiveSocket(GatewayReadModel readModel, LiveFeed feed) {
        this.readModel = readModel;
        this.feed = feed;
    }

    /** Greets a new client with the current bot status (runs on a worker thread: it reads Redis). */
    @OnOpen
    public String onOpen() {
        return feed.encode(LiveMessage.botStatus(readModel.botStatus()));
    }
}
