package dev.sextant.gateway.adapter.rest;

import dev.sextant.gateway.adapter.GatewayReadModel;
import dev.sextant.gateway.domain.PositionView;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Open positions, as execution-service stored them, marked to the latest price. */
@Path("/api/v1/positions")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "positions", description = "Open positions with unrealized P&L")
public class PositionResource {
    private final GatewayReadModel readModel;

    PositionResource(GatewayReadModel readModel) {
        this.readModel = readModel;
    }

    @GET
    @Operation(summary = "Open positions with their unrealized P&L at the latest price")
    public List<PositionView> open() {
        return readModel.openPositions();
    }
}
