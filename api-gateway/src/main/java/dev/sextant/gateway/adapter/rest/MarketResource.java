package dev.sextant.gateway.adapter.rest;

import dev.sextant.contracts.id.Symbol;
import dev.sextant.gateway.adapter.GatewayReadModel;
import dev.sextant.gateway.adapter.db.CandleRepository;
import dev.sextant.gateway.domain.CandleView;
import dev.sextant.gateway.domain.NotFoundException;
import dev.sextant.gateway.domain.PriceView;
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

/** Market data: the chart's candles and the latest price. */
@Path("/api/v1/market")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "market", description = "Candles and prices (from the candles topic and collector's latest candle)")
public class MarketResource {
    private final GatewayReadModel readModel;
    private final CandleRepository candles;

    MarketResource(GatewayReadModel readModel, CandleRepository candles) {
        this.readModel = readModel;
        this.candles = candles;
    }

    @GET
    @Path("/candles")
    @Operation(summary = "Latest closed candles, oldest first")
    @APIResponse(responseCode = "200", description = "up to `limit` candles (empty when none are known)")
    @APIResponse(responseCode = "400", description = "invalid symbol, interval or limit")
    public List<CandleView> candles(
            @Parameter(description = "symbol, e.g. BTCUSDT (default: the configured default symbol)") @QueryParam("symbol") String symbol,
            @Parameter(description = "interval, e.g. 1m or 1h (default: that of the symbol's latest candle)") @QueryParam("interval") String interval,
            @Parameter(description = "how many, 1..1000 (default 500)") @QueryParam("limit") String limit) {
        Symbol s = QueryParams.symbol(symbol, readModel.defaultSymbol());
        return candles.latest(s, QueryParams.interval(interval), QueryParams.limit(limit, 500));
    }

    @GET
    @Path("/price")
    @Operation(summary = "Latest price: the close of the last closed candle")
    @APIResponse(responseCode = "200", description = "the price")
    @APIResponse(responseCode = "400", description = "invalid symbol")
    @APIResponse(responseCode = "404", description = "no candle of this symbol yet")
    public PriceView price(@Parameter(description = "symbol, e.g. BTCUSDT") @QueryParam("symbol") String symbol) {
        Symbol s = QueryParams.symbol(symbol, readModel.defaultSymbol());
        return readModel.price(s).orElseThrow(() -> new NotFoundException("no candle of " + s + " yet"));
    }
}
