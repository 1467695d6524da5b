-- The gateway's read side: projections built only from topics (never from another service's tables).
-- Unqualified names: the datasource's currentSchema (and Flyway's schema) is the gateway's schema.

-- Closed candles for the chart history, one row per (symbol, interval, open time).
CREATE TABLE candle (
    symbol        text        NOT NULL,
    bar_interval  text        NOT NULL,
    open_time     timestamptz NOT NULL,
    close_time    timestamptz NOT NULL,
    event_id      text        NOT NULL,
    exchange      text        NOT NULL,
    open          numeric     NOT NULL,
    high          numeric     NOT NULL,
    low           numeric     NOT NULL,
    close         numeric     NOT NULL,
    volume        numeric     NOT NULL,
    quote_volume  numeric     NOT NULL,
    trade_count   bigint      NOT NULL,
    PRIMARY KEY (symbol, bar_interval, open_time),
    UNIQUE (event_id, open_time)
);

-- Every prediction, for the history endpoint and the dashboard.
CREATE TABLE prediction (
    event_id             text             NOT NULL,
    candle_open_time     timestamptz      NOT NULL,
    symbol               text             NOT NULL,
    bar_interval         text             NOT NULL,
    ts_event             timestamptz      NOT NULL,
    model_id             text             NOT NULL,
    model_version        text             NOT NULL,
    feature_set_version  text             NOT NULL,
    prob_up              double precision NOT NULL,
    prob_down            double precision NOT NULL,
    confidence           double precision NOT NULL,
    horizons             jsonb            NOT NULL,
    PRIMARY KEY (event_id, candle_open_time)
);

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb') THEN
        CREATE EXTENSION IF NOT EXISTS timescaledb;
        PERFORM create_hypertable('candle', 'open_time', if_not_exists => TRUE);
        PERFORM create_hypertable('prediction', 'candle_open_time', if_not_exists => TRUE);
    END IF;
END
$$;

CREATE INDEX candle_symbol_close_time_idx ON candle (symbol, close_time DESC);
CREATE INDEX prediction_symbol_time_idx ON prediction (symbol, candle_open_time DESC, ts_event DESC);

-- One row per position (positionId = the entry order's client id): opened by the ENTRY fill,
-- closed by the exit fill(s). Written from FillExecuted only.
CREATE TABLE trade (
    position_id     text        PRIMARY KEY,
    symbol          text        NOT NULL,
    side            text        NOT NULL,
    status          text        NOT NULL,
    quantity        numeric,
    entry_price     numeric,
    entry_fee       numeric     NOT NULL DEFAULT 0,
    entry_time      timestamptz,
    exit_quantity   numeric     NOT NULL DEFAULT 0,
    exit_price      numeric,
    exit_fee        numeric     NOT NULL DEFAULT 0,
    exit_time       timestamptz,
    exit_reason     text,
    realized_pnl    numeric,
    fee_asset       text,
    updated_at      timestamptz NOT NULL
);

CREATE INDEX trade_recent_idx ON trade ((COALESCE(entry_time, exit_time)) DESC, position_id);
CREATE INDEX trade_exit_time_idx ON trade (exit_time) WHERE status = 'CLOSED';

-- Fills already applied to the trade table: a fill seen twice changes nothing.
CREATE TABLE applied_fill (
    event_id     text        PRIMARY KEY,
    position_id  text        NOT NULL,
    ts_event     timestamptz NOT NULL
);
