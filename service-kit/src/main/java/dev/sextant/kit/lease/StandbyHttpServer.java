package dev.sextant.kit.lease;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;

/**
 * What a standby answers on the service's HTTP port while it waits for its lease. Quarkus opens its HTTP server only
 * after start-up, and a standby's start-up waits for the lease (so that no consumer joins a group, nothing is restored
 * and nothing published); meanwhile this server answers the probes and the scrape:
 * <ul>
 *   <li>{@code /q/health/live}, {@code /q/health/started}: UP;</li>
 *   <li>{@code /q/health/ready}, {@code /q/health}: UP, with the check {@code instance} saying {@code role: standby}
 *       (Kubernetes keeps a ready standby; it serves nothing that matters: the service's work comes from Kafka);</li>
 *   <li>{@code /q/metrics}: {@code sextant_instance_active 0};</li>
 *   <li>anything else: 503 "standby".</li>
 * </ul>
 * Closed the moment the lease is taken, before Quarkus binds the same port.
 */
final class StandbyHttpServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(StandbyHttpServer.class);

    private final HttpServer server;

    private StandbyHttpServer(HttpServer server) {
        this.server = server;
    }

    /** Serves on {@code host:port}; null (logged) when the port cannot be bound. */
    static StandbyHttpServer start(String host, int port, Lease lease, String service) {
        if (port <= 0) {
            return null;
        }
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 16);
            server.setExecutor(Executors.newSingleThreadExecutor(Thread.ofPlatform().name("standby-http").daemon().factory()));
            server.createContext("/", exchange -> handle(exchange, lease, service));
            server.start();
            LOG.infof("%s is a standby: health and metrics on http://%s:%d/q/health/ready until it takes lease %s",
                    service, host, port, lease.name());
            return new StandbyHttpServer(server);
        } catch (IOException | RuntimeException e) {
            LOG.warnf("standby health server on %s:%d not started (%s): probes get no answer until the lease is taken",
                    host, port, e.getMessage());
            return null;
        }
    }

    /** The readiness JSON of a standby (the same shape as Quarkus' health answers). */
    static String readiness(Lease lease) {
        return "{\"status\":\"UP\",\"checks\":[{\"name\":\"instance\",\"status\":\"UP\",\"data\":{\"role\":\"standby\","
                + "\"lease\":\"" + lease.name() + "\",\"holder\":\"" + lease.holder() + "\",\"token\":0}}]}";
    }

    private static void handle(HttpExchange exchange, Lease lease, String service) throws IOException {
        String path = exchange.getRequestURI().getPath();
        int status = 200;
        String type = "application/json";
        String body = switch (path) {
            case "/q/health/live", "/q/health/started", "/q/health/live/", "/q/health/started/" -> "{\"status\":\"UP\",\"checks\":[]}";
            case "/q/health/ready", "/q/health", "/q/health/ready/", "/q/health/" -> readiness(lease);
            case "/q/metrics", "/q/metrics/" -> {
                type = "text/plain; version=0.0.4; charset=utf-8";
                yield "# HELP sextant_instance_active 1 while this instance holds its service's lease (active), 0 while"
                        + " standby or fenced\n# TYPE sextant_instance_active gauge\nsextant_instance_active 0.0\n";
            }
            default -> {
                status = 503;
                yield "{\"status\":\"standby\",\"lease\":\"" + lease.name() + "\"}";
            }
        };
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
