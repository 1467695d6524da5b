package dev.sextant.gateway.adapter.rest;

import dev.sextant.gateway.domain.InvalidFieldsException;
import dev.sextant.gateway.domain.InvalidRequestException;
import dev.sextant.gateway.domain.NotFoundException;
import dev.sextant.gateway.domain.TooBusyException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns failures into JSON {@link ApiError}s: 400 for invalid requests ({@link ApiFieldsError} with a message
 * per field for a bad body), 404 when nothing is known, 429 when the gateway has no room for more backtests, 503
 * when a dependency (database, Kafka) fails, 500 for anything else.
 */
public class ErrorMappers {
    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    @ServerExceptionMapper
    public Response invalid(InvalidRequestException e) {
        return error(Response.Status.BAD_REQUEST, e.getMessage());
    }

    @ServerExceptionMapper
    public Response invalidFields(InvalidFieldsException e) {
        Response.Status status = Response.Status.BAD_REQUEST;
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ApiFieldsError(status.getStatusCode(), status.getReasonPhrase(), e.getMessage(), e.fields()))
                .build();
    }

    @ServerExceptionMapper
    public Response tooBusy(TooBusyException e) {
        return error(Response.Status.TOO_MANY_REQUESTS, e.getMessage());
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return error(Response.Status.NOT_FOUND, e.getMessage());
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        int code = e.getResponse().getStatus();
        String reason = e.getResponse().getStatusInfo().getReasonPhrase();
        return Response.status(code)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ApiError(code, reason, e.getMessage()))
                .build();
    }

    @ServerExceptionMapper
    public Response unavailable(IllegalStateException e) {
        LOG.warn("request failed: " + e.getMessage(), e);
        return error(Response.Status.SERVICE_UNAVAILABLE, e.getMessage());
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        LOG.error("request failed unexpectedly", e);
        return error(Response.Status.INTERNAL_SERVER_ERROR, "internal error: " + e.getMessage());
    }

    static Response error(Response.Status status, String message) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ApiError(status.getStatusCode(), status.getReasonPhrase(), message))
                .build();
    }
}
