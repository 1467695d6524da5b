package dev.sextant.gateway.adapter.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sextant.backtest.MarketData;
import dev.sextant.backtest.Strategies;
import dev.sextant.contracts.event.Interval;
import dev.sextant.execution.domain.ExecutionSettings;
import dev.sextant.gateway.adapter.backtest.BacktestService;
import dev.sextant.gateway.adapter.backtest.BacktestStore;
import dev.sextant.gateway.adapter.backtest.BacktestValidator;
import dev.sextant.gateway.adapter.backtest.BacktestView;
import dev.sextant.gateway.config.BacktestConfig;
import dev.sextant.gateway.domain.InvalidFieldsException;
import dev.sextant.gateway.domain.QueryParams;
import dev.sextant.risk.domain.RiskLimits;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Backtests on the bundled candles, run by the gateway with the backtester library: start one, list them, read one
 * with its summary, and fetch its report files. Progress is pushed on {@code /ws} ({@code backtest_progress},
 * {@code backtest_done}).
 */
@Path("/api/v1/backtests")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "backtests", description = "Backtests of a strategy on the bundled candles, beside buy-and-hold and always-long")
public class BacktestResource {
    static final String CSV = "text/csv";

    private final BacktestService backtests;
    private final BacktestConfig config;
    private final ObjectMapper json;

    BacktestResource(BacktestService backtests, BacktestConfig config, ObjectMapper json) {
        this.backtests = backtests;
        this.config = config;
        this.json = json;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Start a backtest", description = "Validates the request with the backtester's own rules and queues"
            + " the run; it runs on a bounded pool (sextant.gateway.backtests.max-running at a time, max-queued waiting).")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = BacktestRequestBody.class)))
    @APIResponse(responseCode = "202", description = "queued; Location is the run",
            content = @Content(schema = @Schema(implementation = BacktestView.class)))
    @APIResponse(responseCode = "400", description = "a bad field: `fields` holds one message per field",
            content = @Content(schema = @Schema(implementation = ApiFieldsError.class)))
    @APIResponse(responseCode = "429", description = "as many runs as allowed are running or queued; try again later")
    public Response start(String body) {
        JsonNode tree;
        try {
            tree = body == null || body.isBlank() ? null : json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new InvalidFieldsException("invalid backtest request", Map.of("body",
                    "is not JSON: " + e.getOriginalMessage()));
        }
        BacktestView run = backtests.start(tree);
        return Response.accepted(run).location(URI.create(run.links().self())).build();
    }

    @GET
    @Operation(summary = "Backtest runs, newest first", description = "Past and running runs with their progress and, once"
            + " done, the headline figures beside buy-and-hold and always-long.")
    @APIResponse(responseCode = "200", description = "up to `limit` runs")
    @APIResponse(responseCode = "400", description = "invalid limit")
    public List<BacktestView> list(@Parameter(description = "how many, 1..1000 (default 100)") @QueryParam("limit") String limit) {
        return backtests.list(QueryParams.limit(limit, 100));
    }

    @GET
    @Path("/options")
    @Operation(summary = "What a backtest can be run on", description = "The bundled symbols with the range of their data,"
            + " the strategies, the risk settings with their defaults, the default costs and this gateway's limits.")
    public Options options() {
        MarketData market = backtests.market();
        List<Options.Data> data = new ArrayList<>();
        for (String bundled : market.bundled()) {
            String[] parts = bundled.split(" ");
            if (parts.length != 2) {
                continue; // "none: <dir> is not readable"
            }
            MarketData.Coverage coverage = market.coverage(market.bundled(parts[0], Interval.fromCode(parts[1])));
            data.add(new Options.Data(parts[0], parts[1], coverage.first(), coverage.last(), coverage.rows()));
        }
        ExecutionSettings costs = ExecutionSettings.defaults();
        return new Options(data, Strategies.NAMES, BacktestValidator.DEFAULT_STRATEGY, BacktestValidator.DEFAULT_INTERVAL,
                RiskLimits.defaults().asMap(), costs.initialCapital(), costs.slippage(), costs.takerFeeRate(),
                config.maxCandles(), config.maxRunning(), config.maxQueued());
    }

    /**
     * @param data      per bundled file: symbol, interval, first and last candle open time, rows
     * @param settings  every risk setting with its default
     */
    public record Options(List<Data> data, List<String> strategies, String defaultStrategy, String defaultInterval,
                          Map<String, String> settings, BigDecimal capital, BigDecimal slippage, BigDecimal takerFee,
                          long maxCandles, int maxRunning, int maxQueued) {
        public record Data(String symbol, String interval, Instant first, Instant last, long rows) {}
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One backtest run", description = "Its state and, once done, its summary.json under `summary`.")
    @APIResponse(responseCode = "200", description = "the run")
    @APIResponse(responseCode = "404", description = "no such run")
    public BacktestView get(@PathParam("id") String id) {
        return backtests.get(id);
    }

    @GET
    @Path("/{id}/report")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The run's report.html", description = "One self-contained page (works offline).")
    @APIResponse(responseCode = "200", description = "the report")
    @APIResponse(responseCode = "404", description = "no such run, or not done")
    public Response report(@PathParam("id") String id) {
        return file(id, BacktestStore.REPORT, MediaType.TEXT_HTML + ";charset=UTF-8");
    }

    @GET
    @Path("/{id}/trades.csv")
    @Produces(CSV)
    @Operation(summary = "The run's trades.csv")
    @APIResponse(responseCode = "200", description = "the trades, headed by # lines with the run's configuration")
    @APIResponse(responseCode = "404", description = "no such run, or not done")
    public Response trades(@PathParam("id") String id) {
        return file(id, BacktestStore.TRADES, CSV + ";charset=UTF-8");
    }

    @GET
    @Path("/{id}/equity.csv")
    @Produces(CSV)
    @Operation(summary = "The run's equity.csv")
    @APIResponse(responseCode = "200", description = "the equity curve, headed by # lines with the run's configuration")
    @APIResponse(responseCode = "404", description = "no such run, or not done")
    public Response equity(@PathParam("id") String id) {
        return file(id, BacktestStore.EQUITY, CSV + ";charset=UTF-8");
    }

    private Response file(String id, String name, String type) {
        java.nio.file.Path file = backtests.artifact(id, name);
        return Response.ok(file.toFile(), type)
                .header("Content-Disposition", "inline; filename=\"" + id + "-" + name + "\"")
                .build();
    }
}
