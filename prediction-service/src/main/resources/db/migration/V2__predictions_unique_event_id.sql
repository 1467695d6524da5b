-- The event id alone is unique. A TimescaleDB hypertable cannot have a unique index without its
-- time column (there the primary key (event_id, candle_open_time) is the guard, and the event id
-- already fixes the candle); a plain table gets the strict index.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb') THEN
        CREATE UNIQUE INDEX IF NOT EXISTS predictions_event_id_key ON predictions (event_id);
    END IF;
END
$$;
