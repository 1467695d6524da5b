package dev.sextant.gateway.adapter.rest;

import dev.sextant.gateway.adapter.GatewayReadModel;
import dev.sextant.gateway.adapter.kafka.ControlCommandPublisher;
import dev.sextant.gateway.domain.BotCommand;
import dev.sextant.gateway.domain.BotStatus;
import dev.sextant.gateway.domain.CommandAccepted;
import dev.sextant.gateway.domain.InvalidRequestException;
import dev.sextant.gateway.domain.QueryParams;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Bot controls. Each POST publishes a command on the control topic (requestedBy "api") and answers
 * 202; risk-service obeys it and announces the new state, which arrives as a {@code bot_status}
 * WebSocket message and in {@code GET /api/v1/bot/status}.
 */
@Path("/api/v1/bot")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "bot", description = "Start, stop, pause and resume trading")
public class BotResource {
    private final ControlCommandPublisher publisher;
    private final GatewayReadModel readModel;

    BotResource(ControlCommandPublisher publisher, GatewayReadModel readModel) {
        this.publisher = publisher;
        this.readModel = readModel;
    }

    @GET
    @Path("/status")
    @Operation(summary = "The trading state risk-service enforces")
    public BotStatus status() {
        return readModel.botStatus();
    }

    @POST
    @Path("/start")
    @Operation(summary = "Start trading: sends StartRequested")
    @APIResponse(responseCode = "202", description = "the command was published")
    public Response start(@Parameter(description = "must be omitted: risk-service keeps one trading state for every symbol") @QueryParam("symbol") String symbol) {
        return send(BotCommand.START, symbol);
    }

    @POST
    @Path("/stop")
    @Operation(summary = "Stop trading (no new entries, exits keep running): sends StopRequested")
    @APIResponse(responseCode = "202", description = "the command was published")
    public Response stop(@Parameter(description = "must be omitted: risk-service keeps one trading state for every symbol") @QueryParam("symbol") String symbol) {
        return send(BotCommand.STOP, symbol);
    }

    @POST
    @Path("/pause")
    @Operation(summary = "Pause trading (no new entries until resumed): sends PauseRequested")
    @APIResponse(responseCode = "202", description = "the command was published")
    public Response pause(@Parameter(description = "must be omitted: risk-service keeps one trading state for every symbol") @QueryParam("symbol") String symbol) {
        return send(BotCommand.PAUSE, symbol);
    }

    @POST
    @Path("/resume")
    @Operation(summary = "Resume paused trading: sends ResumeRequested")
    @APIResponse(responseCode = "202", description = "the command was published")
    public Response resume(@Parameter(description = "must be omitted: risk-service keeps one trading state for every symbol") @QueryParam("symbol") String symbol) {
        return send(BotCommand.RESUME, symbol);
    }

    private Response send(BotCommand command, String symbol) {
        if (QueryParams.symbol(symbol, null) != null) {
            throw new InvalidRequestException("per-symbol trading control is not supported: risk-service keeps one"
                    + " trading state for every symbol; omit 'symbol'");
        }
        CommandAccepted accepted = publisher.send(command, null);
        return Response.accepted(accepted).build();
    }
}
