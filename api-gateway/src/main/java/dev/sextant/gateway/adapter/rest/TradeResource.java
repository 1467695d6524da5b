package dev.sextant.gateway.adapter.rest;

import dev.sextant.contracts.id.Symbol;
import dev.sextant.gateway.adapter.db.TradeRepository;
import dev.sextant.gateway.domain.QueryParams;
import dev.sextant.gateway.domain.TradePage;
import dev.sextant.gateway.domain.TradeView;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Trades (open and closed), from the fills topic. */
@Path("/api/v1/trades")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "trades", description = "Round trips: entry and exit, realized P&L")
public class TradeResource {
    private final TradeRepository trades;

    TradeResource(TradeRepository trades) {
        this.trades = trades;
    }

    @GET
    @Operation(summary = "Trades, newest first, one page at a time")
    @APIResponse(responseCode = "200", description = "the page, with the total count")
    @APIResponse(responseCode = "400", description = "invalid page, size or symbol")
    public TradePage page(
            @Parameter(description = "zero-based page (default 0)") @QueryParam("page") String page,
            @Parameter(description = "page size, 1..500 (default 50)") @QueryParam("size") String size,
            @Parameter(description = "only this symbol (default: all)") @QueryParam("symbol") String symbol) {
        int p = QueryParams.page(page);
        int s = QueryParams.size(size, 50);
        Symbol only = QueryParams.symbol(symbol, null);
        return new TradePage(p, s, trades.count(only), trades.page(only, p, s).stream().map(TradeView::of).toList());
    }
}
