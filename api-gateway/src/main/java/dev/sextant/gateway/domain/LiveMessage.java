package dev.sextant.gateway.domain;

import dev.sextant.contracts.event.FillExecuted;
import java.util.Map;

/**
 * A message pushed to the dashboard over the WebSocket: {@code {"type": ..., "data": ...}}.
 *
 * @param type one of the constants below (price_update, prediction, trade_opened, trade_closed, position_update, bot_status,
 *             backtest_progress, backtest_done)
 * @param data the payload (a view record or a map), serialised as JSON
 */
public record LiveMessage(String type, Object data) {
    public static final String PRICE_UPDATE = "price_update";
    public static final String PREDICTION = "prediction";
    public static final String TRADE_OPENED = "trade_opened";
    public static final String TRADE_CLOSED = "trade_closed";
    public static final String POSITION_UPDATE = "position_update";
    public static final String BOT_STATUS = "bot_status";
    public static final String BACKTEST_PROGRESS = "backtest_progress";
    public static final String BACKTEST_DONE = "backtest_done";

    public static LiveMessage priceUpdate(CandleView candle) {
        return new LiveMessage(PRICE_UPDATE, candle);
    }

    public static LiveMessage prediction(PredictionView prediction) {
        return new LiveMessage(PREDICTION, prediction);
    }

    /** {@code trade_opened} for an ENTRY fill, {@code trade_closed} for an exit, with the trade after the fill. */
    public static LiveMessage trade(Trade trade, FillExecuted fill) {
        String type = fill.purpose().isExit() ? TRADE_CLOSED : TRADE_OPENED;
        return new LiveMessage(type, Map.of("trade", TradeView.of(trade), "fill", FillSummary.of(fill)));
    }

    public static LiveMessage positionUpdate(PositionView position) {
        return new LiveMessage(POSITION_UPDATE, position);
    }

    public static LiveMessage botStatus(BotStatus status) {
        return new LiveMessage(BOT_STATUS, status);
    }

    /** How far a backtest run is (throttled by the sender: see {@link ProgressThrottle}). */
    public static LiveMessage backtestProgress(BacktestProgress progress) {
        return new LiveMessage(BACKTEST_PROGRESS, progress);
    }

    /** A backtest run ended (DONE or FAILED): {@code run} is its view as {@code GET /api/v1/backtests/{id}} lists it. */
    public static LiveMessage backtestDone(Object run) {
        return new LiveMessage(BACKTEST_DONE, run);
    }
}
