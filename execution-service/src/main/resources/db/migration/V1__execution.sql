-- execution-service books. Unqualified names: the datasource's currentSchema is the service schema.
-- Money, prices and quantities are NUMERIC (exact); the domain rounds them to 8 places, HALF_EVEN.

CREATE TABLE orders (
    client_order_id           TEXT PRIMARY KEY,          -- UNIQUE: a redelivered decision never makes a second order
    position_id               TEXT        NOT NULL,
    symbol                    TEXT        NOT NULL,
    candle_interval           TEXT        NOT NULL,
    purpose                   TEXT        NOT NULL,
    side                      TEXT        NOT NULL,
    order_type                TEXT        NOT NULL,
    quantity                  NUMERIC(38, 8) NOT NULL,
    stop_loss                 NUMERIC(38, 8),
    take_profit               NUMERIC(38, 8),
    causation_id              TEXT        NOT NULL,
    decision_candle_open_time TIMESTAMPTZ,
    status                    TEXT        NOT NULL,
    filled_quantity           NUMERIC(38, 8) NOT NULL,
    average_price             NUMERIC(38, 8),
    reason                    TEXT,
    created_at                TIMESTAMPTZ NOT NULL,
    updated_at                TIMESTAMPTZ NOT NULL
);
CREATE INDEX orders_status_idx ON orders (status);

CREATE TABLE fills (
    event_id        TEXT PRIMARY KEY,
    client_order_id TEXT        NOT NULL REFERENCES orders (client_order_id),
    position_id     TEXT        NOT NULL,
    symbol          TEXT        NOT NULL,
    purpose         TEXT        NOT NULL,
    side            TEXT        NOT NULL,
    price           NUMERIC(38, 8) NOT NULL,
    quantity        NUMERIC(38, 8) NOT NULL,
    fee             NUMERIC(38, 8) NOT NULL,
    fee_asset       TEXT        NOT NULL,
    realized_pnl    NUMERIC(38, 8),
    ts_event        TIMESTAMPTZ NOT NULL
);
CREATE INDEX fills_order_idx ON fills (client_order_id);

CREATE TABLE positions (
    position_id            TEXT PRIMARY KEY,
    entry_order_id         TEXT        NOT NULL,
    symbol                 TEXT        NOT NULL,
    candle_interval        TEXT        NOT NULL,
    side                   TEXT        NOT NULL,
    quantity               NUMERIC(38, 8) NOT NULL,
    entry_price            NUMERIC(38, 8) NOT NULL,
    entry_fee              NUMERIC(38, 8) NOT NULL,
    stop_loss              NUMERIC(38, 8) NOT NULL,
    take_profit            NUMERIC(38, 8) NOT NULL,
    opened_at              TIMESTAMPTZ NOT NULL,
    last_checked_open_time TIMESTAMPTZ NOT NULL,
    close_request_id       TEXT,
    closed_at              TIMESTAMPTZ
);
-- one open position per symbol
CREATE UNIQUE INDEX positions_one_open_per_symbol ON positions (symbol) WHERE closed_at IS NULL;

CREATE TABLE closed_trades (
    position_id  TEXT PRIMARY KEY,
    symbol       TEXT        NOT NULL,
    side         TEXT        NOT NULL,
    quantity     NUMERIC(38, 8) NOT NULL,
    entry_time   TIMESTAMPTZ NOT NULL,
    entry_price  NUMERIC(38, 8) NOT NULL,
    exit_time    TIMESTAMPTZ NOT NULL,
    exit_price   NUMERIC(38, 8) NOT NULL,
    entry_fee    NUMERIC(38, 8) NOT NULL,
    exit_fee     NUMERIC(38, 8) NOT NULL,
    gross_pnl    NUMERIC(38, 8) NOT NULL,
    net_pnl      NUMERIC(38, 8) NOT NULL,
    exit_reason  TEXT        NOT NULL
);
CREATE INDEX closed_trades_exit_time_idx ON closed_trades (exit_time DESC);

CREATE TABLE account (
    id                 SMALLINT PRIMARY KEY CHECK (id = 1),
    initial_capital    NUMERIC(38, 8) NOT NULL,
    cash               NUMERIC(38, 8) NOT NULL,
    realized_pnl       NUMERIC(38, 8) NOT NULL,
    trades_closed      BIGINT      NOT NULL,
    wins               BIGINT      NOT NULL,
    pnl_day            DATE,
    realized_pnl_day   NUMERIC(38, 8) NOT NULL
);

-- last few candles per symbol and interval (the full event), to fill decisions that arrive after their candle
CREATE TABLE recent_candles (
    symbol          TEXT        NOT NULL,
    candle_interval TEXT        NOT NULL,
    open_time       TIMESTAMPTZ NOT NULL,
    event_id        TEXT        NOT NULL,
    payload         TEXT        NOT NULL,
    PRIMARY KEY (symbol, candle_interval, open_time)
);

-- events stored with the state change that produced them, published after commit (transactional outbox)
CREATE TABLE outbox (
    seq          BIGSERIAL PRIMARY KEY,
    event_id     TEXT        NOT NULL UNIQUE,
    event_type   TEXT        NOT NULL,
    payload      TEXT        NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    published_at TIMESTAMPTZ
);
CREATE INDEX outbox_unpublished_idx ON outbox (seq) WHERE published_at IS NULL;

-- equity after each closed trade (TRADE) and at each candle close (MARK)
CREATE TABLE equity_points (
    ts     TIMESTAMPTZ    NOT NULL,
    kind   TEXT           NOT NULL,
    ref    TEXT           NOT NULL,
    cash   NUMERIC(38, 8) NOT NULL,
    equity NUMERIC(38, 8) NOT NULL,
    PRIMARY KEY (ts, kind, ref)
);

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb') THEN
        CREATE EXTENSION IF NOT EXISTS timescaledb;
        PERFORM create_hypertable('equity_points', 'ts', if_not_exists => TRUE);
    ELSE
        CREATE INDEX IF NOT EXISTS equity_points_ts_idx ON equity_points (ts DESC);
    END IF;
END
$$;
