package dev.sextant.collector.adapter;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** {@code GET /collector/status}: replay position per symbol and counts; {@code POST /collector/replay/start}. */
@Path("/collector")
@Produces(MediaType.APPLICATION_JSON)
public class CollectorResource {
    private final ReplayService replay;

    public CollectorResource(ReplayService replay) {
        this.replay = replay;
    }

    @GET
    @Path("/status")
    public ReplayStatus status() {
        return replay.status();
    }

    /** Starts the replay (it resumes after the stored candles); 409 while it is already running. */
    @POST
    @Path("/replay/start")
    public Response start() {
        if (replay.start()) {
            return Response.accepted(replay.status()).build();
        }
        return Response.status(Response.Status.CONFLICT)
                .entity(Map.of("message", "the replay is " + replay.state().name().toLowerCase()
                        + "; it can be started when it is idle or finished"))
                .build();
    }
}
