package dev.sextant.gateway.adapter.rest;

import dev.sextant.gateway.adapter.GatewayReadModel;
import dev.sextant.gateway.domain.GatewayStatus;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The platform at a glance. */
@Path("/api/v1/status")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "status", description = "Services' health, trading state, account and counts")
public class StatusResource {
    private final GatewayReadModel readModel;

    StatusResource(GatewayReadModel readModel) {
        this.readModel = readModel;
    }

    @GET
    @Operation(summary = "Services' readiness, bot status, account summary and projection counts")
    public GatewayStatus status() {
        return readModel.status();
    }
}
