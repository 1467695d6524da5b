-- What execution has settled (docs/architecture.md, "The kernel's order in the live pipeline"): per symbol and
-- candle, how many fills, position changes and order outcomes (rejected, canceled, expired) it produced that
-- belong to that candle (the candle whose [open, open + interval) holds the event's ts_event), and the last
-- approved decision it took per symbol. Written in the same transaction as the books and the outbox, so the
-- CandleSettled events it announces after a restart count exactly what was published.
CREATE TABLE settlement_counts (
    symbol           TEXT        NOT NULL,
    candle_interval  TEXT        NOT NULL,
    candle_open_time TIMESTAMPTZ NOT NULL,
    fills            BIGINT      NOT NULL,
    positions        BIGINT      NOT NULL,
    order_outcomes   BIGINT      NOT NULL,
    PRIMARY KEY (symbol, candle_open_time)
);

CREATE TABLE settlement_decisions (
    symbol      TEXT PRIMARY KEY,
    decision_id TEXT NOT NULL
);
