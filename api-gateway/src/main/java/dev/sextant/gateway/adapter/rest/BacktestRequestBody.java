package dev.sextant.gateway.adapter.rest;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of {@code POST /api/v1/backtests} (documentation: the resource reads the JSON itself, to name each bad field). */
@Schema(name = "BacktestRequest", description = "A backtest to run on the bundled candles")
public record BacktestRequestBody(
        @Schema(required = true, description = "bundled symbols", examples = "[\"BTCUSDT\", \"ETHUSDT\"]") List<String> symbols,
        @Schema(description = "candle interval of the data", defaultValue = "1h") String interval,
        @Schema(required = true, description = "first day (UTC, inclusive) or ISO instant", examples = "2024-01-01") String from,
        @Schema(required = true, description = "last day (UTC, exclusive) or ISO instant", examples = "2024-02-01") String to,
        @Schema(description = "model, always-long or ema-trend", defaultValue = "model") String strategy,
        @Schema(description = "risk settings by risk-service's names, e.g. {\"confidence-threshold\": 0.6}") Map<String, Object> settings,
        @Schema(description = "initial capital in the quote asset (default: the platform's, 10000)") BigDecimal capital,
        @Schema(description = "fraction a market order pays against itself (default 0.0005)") BigDecimal slippage,
        @Schema(description = "taker fee as a fraction of the notional (default 0.001)") BigDecimal takerFee) {}
