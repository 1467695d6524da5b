package dev.sextant.prediction.adapter;

import dev.sextant.contracts.id.Symbol;
import dev.sextant.prediction.domain.Outcomes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.Optional;

/** REST view of the prediction log. */
@Path("/predictions")
@Produces(MediaType.APPLICATION_JSON)
public class PredictionResource {
    private final PredictionRepository repository;

    public PredictionResource(PredictionRepository repository) {
        this.repository = repository;
    }

    /** Accuracy JSON: symbol (null = all), count, resolved, correct, accuracy (null while nothing is resolved). */
    public record AccuracyView(String symbol, long count, long resolved, long correct, Double accuracy) {}

    /** {@code GET /predictions/accuracy?symbol=BTCUSDT}: how often the direction was right (all symbols without the parameter). */
    @GET
    @Path("/accuracy")
    public Response accuracy(@QueryParam("symbol") String symbol) {
        Optional<String> filter = Optional.ofNullable(symbol).filter(s -> !s.isBlank());
        if (filter.isPresent()) {
            try {
                Symbol.of(filter.get());
            } catch (IllegalArgumentException e) {
                return Response.status(Response.Status.BAD_REQUEST).entity(Map.of("error", e.getMessage())).build();
            }
        }
        Outcomes.Accuracy a = repository.accuracy(filter);
        Double accuracy = a.resolved() == 0 ? null : a.accuracy();
        return Response.ok(new AccuracyView(filter.orElse(null), a.count(), a.resolved(), a.correct(), accuracy)).build();
    }
}
