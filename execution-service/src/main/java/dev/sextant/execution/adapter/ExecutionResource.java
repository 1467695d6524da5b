package dev.sextant.execution.adapter;

import dev.sextant.execution.domain.AccountSummary;
import dev.sextant.execution.domain.Position;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Read-only view of the books: open positions, closed trades (paged), the account. */
@Path("/execution")
@Produces(MediaType.APPLICATION_JSON)
public class ExecutionResource {
    static final int MAX_PAGE_SIZE = 500;

    private final ExecutionService service;
    private final ExecutionStore store;

    public ExecutionResource(ExecutionService service, ExecutionStore store) {
        this.service = service;
        this.store = store;
    }

    /** An open position. */
    public record PositionView(String positionId, String symbol, String interval, String side, BigDecimal quantity,
                               BigDecimal entryPrice, BigDecimal entryFee, BigDecimal stopLoss, BigDecimal takeProfit,
                               Instant openedAt, boolean closeRequested) {
        static PositionView of(Position p) {
            return new PositionView(p.positionId(), p.symbol().value(), p.interval().code(), p.side().name(),
                    p.quantity(), p.entryPrice(), p.entryFee(), p.stopLoss(), p.takeProfit(), p.openedAt(),
                    p.closeRequestId() != null);
        }
    }

    /** One page of closed trades, newest exit first. */
    public record TradePage(int page, int size, long total, List<TradeView> items) {}

    @GET
    @Path("/positions")
    public List<PositionView> positions() {
        return service.openPositions().stream().map(PositionView::of).toList();
    }

    @GET
    @Path("/trades")
    public TradePage trades(@QueryParam("page") String page, @QueryParam("size") String size) {
        int p = intParam("page", page, 0, 0, Integer.MAX_VALUE);
        int s = intParam("size", size, 50, 1, MAX_PAGE_SIZE);
        return new TradePage(p, s, store.tradeCount(), store.trades(p, s));
    }

    @GET
    @Path("/account")
    public AccountSummary account() {
        return service.account();
    }

    private static int intParam(String name, String raw, int fallback, int min, int max) {
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw.trim());
            if (value < min || value > max) {
                throw new BadRequestException("query parameter '" + name + "' must be between " + min + " and " + max
                        + ", got " + value);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new BadRequestException("query parameter '" + name + "' must be a whole number, got '" + raw + "'");
        }
    }

    /** A 400 carries its message as JSON. */
    @Provider
    public static class BadRequestMapper implements ExceptionMapper<BadRequestException> {
        @Override
        public Response toResponse(BadRequestException e) {
            return Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON)
                    .entity(Map.of("error", e.getMessage())).build();
        }
    }
}
