package dev.sextant.e2e.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small blocking HTTP client for the services' REST endpoints (JSON in, JSON out). */
public final class Http {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** Status code and body of one exchange. */
    public record Response(int status, String body) {
        public JsonNode json() {
            try {
                return MAPPER.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON (" + status + "): " + body, e);
            }
        }
    }

    public Response get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "application/json").GET());
    }

    /** GET of a Prometheus text exposition ({@code /q/metrics} answers nothing to {@code Accept: application/json}). */
    public Response getText(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/plain").GET());
    }

    public Response post(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.noBody()));
    }

    /** GET that must answer 200 with JSON. */
    public JsonNode getJson(String url) {
        Response response = get(url);
        if (response.status() != 200) {
            throw new IllegalStateException("GET " + url + " answered " + response.status() + ": " + response.body());
        }
        return response.json();
    }

    /** The status of a GET, or -1 when nothing answers. */
    public int statusOf(String url) {
        try {
            return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = client.send(request.timeout(Duration.ofSeconds(15)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
