-- Every prediction made, with its outcome once the candle after it has closed.
CREATE TABLE IF NOT EXISTS predictions (
    event_id            TEXT             NOT NULL,
    causation_id        TEXT             NOT NULL,
    symbol              TEXT             NOT NULL,
    candle_interval     TEXT             NOT NULL,
    candle_open_time    TIMESTAMPTZ      NOT NULL,
    target_open_time    TIMESTAMPTZ      NOT NULL,
    ts_event            TIMESTAMPTZ      NOT NULL,
    ts_init             TIMESTAMPTZ      NOT NULL,
    model_id            TEXT             NOT NULL,
    model_version       TEXT             NOT NULL,
    feature_set_version TEXT             NOT NULL,
    prob_up             DOUBLE PRECISION NOT NULL,
    prob_down           DOUBLE PRECISION NOT NULL,
    confidence          DOUBLE PRECISION NOT NULL,
    predicted_up        BOOLEAN          NOT NULL,
    reference_close     DOUBLE PRECISION NOT NULL,
    actual_close        DOUBLE PRECISION,
    actual_up           BOOLEAN,
    correct             BOOLEAN,
    resolved_at         TIMESTAMPTZ,
    -- the event id alone is unique (it is derived from the features, which fix the candle); the
    -- time column is part of the key so the table can be a TimescaleDB hypertable
    PRIMARY KEY (event_id, candle_open_time)
);
CREATE INDEX IF NOT EXISTS predictions_target_idx ON predictions (symbol, candle_interval, target_open_time);
CREATE INDEX IF NOT EXISTS predictions_symbol_time_idx ON predictions (symbol, candle_open_time DESC);

-- Closes of the candles seen on `candles`, so an outcome resolves whichever of prediction and candle comes first.
CREATE TABLE IF NOT EXISTS candle_closes (
    symbol          TEXT             NOT NULL,
    candle_interval TEXT             NOT NULL,
    open_time       TIMESTAMPTZ      NOT NULL,
    close           NUMERIC          NOT NULL,
    PRIMARY KEY (symbol, candle_interval, open_time)
);

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb') THEN
        CREATE EXTENSION IF NOT EXISTS timescaledb;
        PERFORM create_hypertable('predictions', 'candle_open_time', if_not_exists => TRUE, migrate_data => TRUE);
        PERFORM create_hypertable('candle_closes', 'open_time', if_not_exists => TRUE, migrate_data => TRUE);
    END IF;
END
$$;
