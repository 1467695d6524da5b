-- collector-service: the candle store and the gap log. Unqualified names: the datasource's
-- currentSchema (sextant.db.schema, default "collector") is where they live.

CREATE TABLE IF NOT EXISTS candles (
    event_id        uuid         NOT NULL,  -- Ids.candleId(exchange, symbol, interval, open_time)
    exchange        text         NOT NULL,
    symbol          text         NOT NULL,
    interval        text         NOT NULL,
    open_time       timestamptz  NOT NULL,
    close_time      timestamptz  NOT NULL,  -- normalised: open_time + interval (the event's closeTime / tsEvent)
    raw_close_time  timestamptz  NOT NULL,  -- as the exchange wrote it (open_time + interval - 1 ms, shorter next to outages)
    open            numeric      NOT NULL,
    high            numeric      NOT NULL,
    low             numeric      NOT NULL,
    close           numeric      NOT NULL,
    volume          numeric      NOT NULL,
    quote_volume    numeric      NOT NULL,
    trade_count     bigint       NOT NULL,
    ts_init         timestamptz  NOT NULL,  -- when the collector made the event (first time)
    stored_at       timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT candles_natural_key PRIMARY KEY (exchange, symbol, interval, open_time)
);

CREATE INDEX IF NOT EXISTS candles_event_id ON candles (event_id);

CREATE TABLE IF NOT EXISTS gaps (
    id              bigserial    PRIMARY KEY,
    exchange        text         NOT NULL,
    symbol          text         NOT NULL,
    interval        text         NOT NULL,
    from_open_time  timestamptz  NOT NULL,  -- open time of the first missing candle
    to_open_time    timestamptz  NOT NULL,  -- open time of the last missing candle (inclusive)
    missing         bigint       NOT NULL CHECK (missing > 0),
    detected_at     timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT gaps_natural_key UNIQUE (exchange, symbol, interval, from_open_time)
);

-- A TimescaleDB hypertable where the extension is available; a plain indexed table otherwise
-- (the case on Debian 12). The primary key already indexes (exchange, symbol, interval, open_time).
DO $$
DECLARE
    ts_schema text;
BEGIN
    IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb') THEN
        BEGIN
            CREATE EXTENSION IF NOT EXISTS timescaledb;
            SELECT n.nspname INTO ts_schema
              FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
             WHERE e.extname = 'timescaledb';
            EXECUTE format('SELECT %I.create_hypertable(%L, %L, if_not_exists => TRUE, migrate_data => TRUE)',
                           ts_schema, 'candles', 'open_time');
        EXCEPTION WHEN OTHERS THEN
            RAISE NOTICE 'timescaledb not usable (%), candles stays a plain table', SQLERRM;
        END;
    END IF;
END
$$;
