package dev.sextant.gateway.domain;

import java.time.Instant;
import java.util.List;

/**
 * The answer of {@code GET /api/v1/status}.
 *
 * @param time          when it was assembled
 * @param botStatus     the trading state risk-service enforces
 * @param services      readiness of every platform service
 * @param counts        sizes of the gateway's projections and live state
 * @param account       capital, equity, today's P&L, win rate
 * @param defaultSymbol the symbol the dashboard shows when none is chosen
 * @param symbols       symbols with data (default symbol first)
 */
public record GatewayStatus(Instant time, BotStatus botStatus, List<ServiceHealth> services, Counts counts,
                            AccountSummary account, String defaultSymbol, List<String> symbols) {

    /**
     * @param candles       candles in the projection
     * @param predictions   predictions in the projection
     * @param trades        trades (open and closed)
     * @param openTrades    open trades
     * @param closedTrades  closed trades
     * @param openPositions open positions (Redis; while it is unavailable, the open trades)
     * @param wsClients     connected WebSocket clients
     */
    public record Counts(long candles, long predictions, long trades, long openTrades, long closedTrades,
                         long openPositions, long wsClients) {}
}
