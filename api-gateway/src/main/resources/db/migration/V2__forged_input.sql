-- Forged input (docs/reliability.md, "Forged input and control commands").

-- The gateway's market time ("today"): the latest market event time it accepted, written when the day changes, so a
-- restart does not take "today" from a projection row a forged record may have left (e.g. a candle of 9999-12-31).
CREATE TABLE market_time (
    id          smallint    PRIMARY KEY CHECK (id = 1),
    latest      timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- The entry orders the platform placed, from the approved decisions on `signals` (order_id = the entry's client
-- order id = the position id). A fill or position of any other position is not booked.
CREATE TABLE approved_order (
    order_id         text        PRIMARY KEY,
    decision_id      text        NOT NULL,
    symbol           text        NOT NULL,
    side             text        NOT NULL,
    quantity         numeric     NOT NULL,
    reference_price  numeric     NOT NULL,
    candle_open_time timestamptz NOT NULL
);

-- Per symbol, the latest candle of a decision read from `signals`: a fill of an unknown position dated at or before it
-- will never get its decision (risk publishes a symbol's decisions in candle order) and is refused.
CREATE TABLE decision_watermark (
    symbol           text        PRIMARY KEY,
    candle_open_time timestamptz NOT NULL
);

-- Fills that arrived before their approved decision (HELD, booked when it comes), and those refused after being held
-- (REFUSED, with the reason; the consumer had already acknowledged them).
CREATE TABLE held_fill (
    event_id     text        PRIMARY KEY,
    position_id  text        NOT NULL,
    symbol       text        NOT NULL,
    ts_event     timestamptz NOT NULL,
    payload      jsonb       NOT NULL,
    status       text        NOT NULL DEFAULT 'HELD',
    reason       text,
    held_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX held_fill_waiting ON held_fill (symbol, ts_event) WHERE status = 'HELD';
