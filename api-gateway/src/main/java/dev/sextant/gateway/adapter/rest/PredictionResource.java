package dev.sextant.gateway.adapter.rest;

import dev.sextant.contracts.id.Symbol;
import dev.sextant.gateway.adapter.GatewayReadModel;
import dev.sextant.gateway.adapter.db.PredictionRepository;
import dev.sextant.gateway.domain.NotFoundException;
import dev.sextant.gateway.domain.PredictionView;
import dev.sextant.gateway.domain.QueryParams;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Model predictions: the latest and the history. */
@Path("/api/v1/predictions")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "predictions", description = "Model predictions (from the predictions topic and prediction-service's latest)")
public class PredictionResource {
    private final GatewayReadModel readModel;
    private final PredictionRepository predictions;

    PredictionResource(GatewayReadModel readModel, PredictionRepository predictions) {
        this.readModel = readModel;
        this.predictions = predictions;
    }

    @GET
    @Path("/latest")
    @Operation(summary = "The latest prediction of a symbol")
    @APIResponse(responseCode = "200", description = "the prediction with its direction and confidence")
    @APIResponse(responseCode = "400", description = "invalid symbol")
    @APIResponse(responseCode = "404", description = "no prediction for this symbol yet")
    public PredictionView latest(@Parameter(description = "symbol, e.g. BTCUSDT") @QueryParam("symbol") String symbol) {
        Symbol s = QueryParams.symbol(symbol, readModel.defaultSymbol());
        return readModel.latestPrediction(s).orElseThrow(() -> new NotFoundException("no prediction for " + s + " yet"));
    }

    @GET
    @Path("/history")
    @Operation(summary = "The latest predictions of a symbol, oldest first")
    @APIResponse(responseCode = "200", description = "up to `limit` predictions")
    @APIResponse(responseCode = "400", description = "invalid symbol or limit")
    public List<PredictionView> history(
            @Parameter(description = "symbol, e.g. BTCUSDT") @QueryParam("symbol") String symbol,
            @Parameter(description = "how many, 1..1000 (default 100)") @QueryParam("limit") String limit) {
        Symbol s = QueryParams.symbol(symbol, readModel.defaultSymbol());
        return predictions.history(s, QueryParams.limit(limit, 100));
    }
}
