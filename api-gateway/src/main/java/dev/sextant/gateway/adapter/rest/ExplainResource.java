package dev.sextant.gateway.adapter.rest;

import dev.sextant.gateway.adapter.ExplainChains;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The causal chain of a trade, an order or any event of a chain, from the events the gateway stored. */
@Path("/api/v1/explain")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "explain", description = "Why a trade happened: candle → features → prediction → decision → orders → fills")
public class ExplainResource {
    private final ExplainChains chains;

    ExplainResource(ExplainChains chains) {
        this.chains = chains;
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "The causal chain of an event, a trade or an order",
            description = "The chain is built around the entry decision of the trade the id belongs to (else around the "
                    + "event itself): its causes by causationId (candle, features, prediction), the decision with every "
                    + "check, then the trade's orders, fills and position updates in event time. Each event has its "
                    + "type, id, tsEvent, topic, causationId, relation (cause, anchor, effect), target (the event the "
                    + "id named) and its own fields as stored on the topic.")
    @APIResponse(responseCode = "200", description = "the chain")
    @APIResponse(responseCode = "400", description = "the id is neither an event id (lower-case UUID) nor a trade/order id")
    @APIResponse(responseCode = "404", description = "nothing of that id is stored (a wrong id, or past the retention)")
    @APIResponse(responseCode = "503", description = "the database did not answer in time (sextant.explain.timeout)")
    public ExplainChains.Chain explain(
            @Parameter(description = "an event id (decision, prediction, candle, order event, fill, position update), "
                    + "a trade's positionId as /api/v1/trades lists it, or an order's client id") @PathParam("id") String id) {
        return chains.explain(id);
    }
}
