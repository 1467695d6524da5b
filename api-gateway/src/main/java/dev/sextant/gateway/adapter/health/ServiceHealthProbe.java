package dev.sextant.gateway.adapter.health;

import dev.sextant.gateway.config.GatewayConfig;
import dev.sextant.gateway.domain.ServiceHealth;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/** Asks every configured platform service for its readiness ({@code /q/health/ready}), all at once. */
@ApplicationScoped
public class ServiceHealthProbe {
    private final GatewayConfig config;
    private final HttpClient http;

    ServiceHealthProbe(GatewayConfig config) {
        this.config = config;
        this.http = HttpClient.newBuilder().connectTimeout(config.healthTimeout()).build();
    }

    /** Readiness of each configured service, by name. */
    public List<ServiceHealth> probeAll() {
        List<CompletableFuture<ServiceHealth>> probes = new ArrayList<>();
        for (Map.Entry<String, String> service : new TreeMap<>(config.services()).entrySet()) {
            probes.add(probe(service.getKey(), service.getValue()));
        }
        return probes.stream().map(CompletableFuture::join).toList();
    }

    private CompletableFuture<ServiceHealth> probe(String name, String baseUrl) {
        String url = baseUrl.replaceAll("/+$", "");
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/q/health/ready"))
                .timeout(config.healthTimeout())
                .GET()
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .thenApply(response -> ServiceHealth.fromHttpStatus(name, url, response.statusCode()))
                .exceptionally(e -> new ServiceHealth(name, url, ServiceHealth.UNREACHABLE, describe(e)));
    }

    private static String describe(Throwable e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    @PreDestroy
    void close() {
        http.close();
    }
}
