-- The candles feature-service has consumed, trimmed per series to the newest
-- sextant.feature.window-size rows (plus a small trimming slack). On start-up the service replays
-- them through fresh feature engines to rebuild its state before it consumes again.
-- This is a small rolling working set (rows are deleted continuously), not a time-series archive,
-- so it stays a plain indexed table even where TimescaleDB is available.
CREATE TABLE candle_window (
    symbol        TEXT        NOT NULL,
    interval      TEXT        NOT NULL,
    open_time     TIMESTAMPTZ NOT NULL,
    event_id      TEXT        NOT NULL,
    ts_event      TIMESTAMPTZ NOT NULL,
    ts_init       TIMESTAMPTZ NOT NULL,
    causation_id  TEXT,
    exchange      TEXT        NOT NULL,
    close_time    TIMESTAMPTZ NOT NULL,
    open          NUMERIC     NOT NULL,
    high          NUMERIC     NOT NULL,
    low           NUMERIC     NOT NULL,
    close         NUMERIC     NOT NULL,
    volume        NUMERIC     NOT NULL,
    quote_volume  NUMERIC     NOT NULL,
    trade_count   BIGINT      NOT NULL,
    -- false until the FeaturesComputed of this candle was acknowledged by Kafka; a restart
    -- publishes the features of candles left unpublished by a crash
    published     BOOLEAN     NOT NULL DEFAULT FALSE,
    stored_at     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (symbol, interval, open_time),
    CONSTRAINT candle_window_event_id_unique UNIQUE (event_id)
);
