package dev.sextant.feature.adapter;

import dev.sextant.contracts.id.Symbol;
import dev.sextant.feature.micro.MicroFeatureVector;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Read-only view of the microstructure features ms-v1 this instance holds ({@link MicroState}): the symbols, and a
 * symbol's vector at its newest event time or at {@code ?at=}. A missing feature (NaN: a stale book, an empty window)
 * is null, never a number.
 */
@Path("/features/micro")
@Produces(MediaType.APPLICATION_JSON)
public class MicroResource {
    private final MicroState state;

    public MicroResource(MicroState state) {
        this.state = state;
    }

    /** One vector as served. */
    public record MicroView(String symbol, String version, Instant eventTime, boolean warm, boolean staleBook,
                            Long bookAgeMillis, double profileTick, Map<String, Double> features) {}

    public record Symbols(List<String> symbols) {}

    @GET
    public Symbols symbols() {
        return new Symbols(state.symbols());
    }

    @GET
    @Path("/{symbol}")
    public Response vector(@PathParam("symbol") String symbol, @QueryParam("at") String at) {
        Symbol s;
        try {
            s = Symbol.of(symbol);
        } catch (IllegalArgumentException e) {
            return error(Response.Status.BAD_REQUEST, "invalid symbol: " + e.getMessage());
        }
        Optional<MicroFeatureVector> vector;
        if (at == null || at.isBlank()) {
            vector = state.latest(s);
        } else {
            Instant time;
            try {
                time = Instant.parse(at.trim());
            } catch (DateTimeParseException e) {
                return error(Response.Status.BAD_REQUEST, "'at' must be an ISO-8601 instant such as 2024-01-01T00:00:00Z, got '"
                        + at + "'");
            }
            vector = state.at(s, time);
        }
        if (vector.isEmpty()) {
            return error(Response.Status.NOT_FOUND, "no order book, trade or candle of " + s.value() + " seen yet");
        }
        MicroFeatureVector v = vector.get();
        Map<String, Double> features = new LinkedHashMap<>();
        double[] values = v.values();
        for (int i = 0; i < values.length; i++) {
            features.put(v.names().get(i), Double.isFinite(values[i]) ? values[i] : null);
        }
        return Response.ok(new MicroView(s.value(), v.version(), v.eventTime(), v.warm(), v.staleBook(),
                v.bookAge() == null ? null : v.bookAge().toMillis(), state.profileTick(s), features)).build();
    }

    private static Response error(Response.Status status, String message) {
        return Response.status(status).entity(Map.of("error", message)).type(MediaType.APPLICATION_JSON).build();
    }
}
