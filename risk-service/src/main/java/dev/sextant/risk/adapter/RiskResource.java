package dev.sextant.risk.adapter;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Read-only API of risk-service. Commands go through the {@code control} topic (the gateway sends them). */
@Path("/risk")
@Produces(MediaType.APPLICATION_JSON)
public class RiskResource {
    private final RiskService service;

    public RiskResource(RiskService service) {
        this.service = service;
    }

    /** Trading state, equity, open and pending symbols, thresholds. */
    @GET
    @Path("/state")
    public RiskStateView state() {
        return service.view();
    }
}
