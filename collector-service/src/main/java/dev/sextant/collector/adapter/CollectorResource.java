package dev.sextant.collector.adapter;

import dev.sextant.collector.binance.BinanceSource;
import dev.sextant.collector.binance.BinanceStatus;
import dev.sextant.collector.market.ExchangeInfo;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** {@code GET /collector/status}: replay position per symbol and counts; {@code POST /collector/replay/start}. */
@Path("/collector")
@Produces(MediaType.APPLICATION_JSON)
public class CollectorResource {
    private final ReplayService replay;
    private final BinanceSource binance;

    public CollectorResource(ReplayService replay, BinanceSource binance) {
        this.replay = replay;
        this.binance = binance;
    }

    /** The Binance REST source: state, budget (OK / THROTTLED / BANNED until), series positions. */
    @GET
    @Path("/binance/status")
    public BinanceStatus binanceStatus() {
        return binance.status();
    }

    /**
     * The trading filters (tick size, step size, min quantity, min notional) of the followed symbols, from exchangeInfo
     * at start-up (also in Redis under {@code <sextant.redis.key-prefix>binance:spot:symbol-filters:<SYMBOL>}).
     */
    @GET
    @Path("/binance/filters")
    public Map<String, ExchangeInfo.SymbolFilters> filters() {
        return new TreeMap<>(binance.filters());
    }

    @GET
    @Path("/binance/filters/{symbol}")
    public Response filters(@PathParam("symbol") String symbol) {
        ExchangeInfo.SymbolFilters f = binance.filters().get(symbol.toUpperCase(Locale.ROOT));
        if (f == null) {
            return Response.status(Response.Status.NOT_FOUND)
                    .entity(Map.of("message", "no filters for " + symbol + " (not followed, or exchangeInfo not loaded yet)"))
                    .build();
        }
        return Response.ok(f).build();
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
