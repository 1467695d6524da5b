package dev.sextant.gateway.adapter.rest;

import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.event.Interval;
import dev.sextant.contracts.id.Symbol;
import dev.sextant.execution.domain.ExecutionSettings;
import dev.sextant.gateway.adapter.GatewayReadModel;
import dev.sextant.gateway.adapter.db.CandleRepository;
import dev.sextant.gateway.adapter.db.TradeRepository;
import dev.sextant.gateway.domain.LivePerformance;
import dev.sextant.gateway.domain.NotFoundException;
import dev.sextant.gateway.domain.QueryParams;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The live strategy's figures beside buy-and-hold over the same period, computed as the backtester computes them. */
@Path("/api/v1/performance")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "performance", description = "Live figures (return, drawdown, win rate, profit factor) vs buy-and-hold")
public class PerformanceResource {
    private final GatewayReadModel readModel;
    private final CandleRepository candles;
    private final TradeRepository trades;

    PerformanceResource(GatewayReadModel readModel, CandleRepository candles, TradeRepository trades) {
        this.readModel = readModel;
        this.candles = candles;
        this.trades = trades;
    }

    @GET
    @Operation(summary = "Live figures beside buy-and-hold",
            description = "core/performance's PerformanceCalculator over the equity curve rebuilt from the gateway's candles"
                    + " and trades, and the backtester's buy-and-hold over the same candles (equal split between the"
                    + " symbols, the platform's default slippage and fee), from the first candle the gateway holds to the last.")
    @APIResponse(responseCode = "200", description = "the figures of both")
    @APIResponse(responseCode = "400", description = "invalid symbols or interval")
    @APIResponse(responseCode = "404", description = "no candle of these symbols yet")
    public LivePerformance.Result performance(
            @Parameter(description = "comma-separated symbols (default: every symbol with candles of the interval)")
            @QueryParam("symbols") String symbols,
            @Parameter(description = "candle interval (default: that of the default symbol's latest candle)")
            @QueryParam("interval") String interval) {
        Interval iv = QueryParams.interval(interval);
        if (iv == null) {
            iv = candles.intervalOfLatest(readModel.defaultSymbol())
                    .orElseThrow(() -> new NotFoundException("no candle yet: nothing to measure"));
        }
        List<Symbol> wanted = new ArrayList<>();
        if (symbols != null && !symbols.isBlank()) {
            for (String part : symbols.split(",")) {
                Symbol s = QueryParams.symbol(part, null);
                if (s != null && !wanted.contains(s)) {
                    wanted.add(s);
                }
            }
        }
        if (wanted.isEmpty()) {
            wanted = candles.symbols(iv);
        }
        List<CandleClosed> series = candles.series(wanted, iv);
        if (series.isEmpty()) {
            throw new NotFoundException("no " + iv.code() + " candle of " + (wanted.isEmpty() ? "any symbol" : wanted)
                    + " yet: nothing to measure");
        }
        ExecutionSettings defaults = ExecutionSettings.defaults();
        ExecutionSettings costs = new ExecutionSettings(readModel.account().initialCapital(), defaults.slippage(),
                defaults.takerFeeRate(), defaults.feeAsset(), defaults.venue(), defaults.candleWindow());
        return LivePerformance.compute(series, trades.all(wanted), iv, costs);
    }
}
