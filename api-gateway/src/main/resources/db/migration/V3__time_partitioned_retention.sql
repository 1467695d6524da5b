-- Time-series storage and retention (docs/operations.md, "Time-series storage and retention").
-- TimescaleDB (candle and prediction became hypertables in V1): compression of chunks older than 7 days. Plain
-- PostgreSQL: both become tables partitioned by month (open_time, candle_open_time), each with a default partition.
-- The service's retention job (service-kit RetentionJob, sextant.retention.*) makes partitions ahead and removes
-- expired rows on both paths.

-- the retention job deletes refused held fills by the time they were held
CREATE INDEX IF NOT EXISTS held_fill_refused_at ON held_fill (held_at) WHERE status = 'REFUSED';

DO $$
DECLARE
    ts_schema text;
    old_path  text := current_setting('search_path');
    hyper     boolean := false;
BEGIN
    SELECT n.nspname INTO ts_schema
      FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
     WHERE e.extname = 'timescaledb';
    IF ts_schema IS NOT NULL THEN  -- (the view exists only with the extension)
        SELECT EXISTS (SELECT 1 FROM timescaledb_information.hypertables
                        WHERE hypertable_schema = current_schema() AND hypertable_name = 'candle') INTO hyper;
    END IF;
    IF hyper THEN
        PERFORM set_config('search_path', quote_ident(current_schema()) || ', ' || quote_ident(ts_schema), true);
        ALTER TABLE candle SET (timescaledb.compress,
                                timescaledb.compress_segmentby = 'symbol, bar_interval',
                                timescaledb.compress_orderby = 'open_time DESC');
        PERFORM add_compression_policy('candle', INTERVAL '7 days', if_not_exists => TRUE);
        ALTER TABLE prediction SET (timescaledb.compress,
                                    timescaledb.compress_segmentby = 'symbol, bar_interval',
                                    timescaledb.compress_orderby = 'candle_open_time DESC, ts_event DESC');
        PERFORM add_compression_policy('prediction', INTERVAL '7 days', if_not_exists => TRUE);
        PERFORM set_config('search_path', old_path, true);
    ELSE
        ALTER TABLE candle RENAME TO candle_unpartitioned;
        ALTER TABLE candle_unpartitioned DROP CONSTRAINT candle_pkey;
        ALTER TABLE candle_unpartitioned DROP CONSTRAINT candle_event_id_open_time_key;
        DROP INDEX candle_symbol_close_time_idx;
        CREATE TABLE candle (LIKE candle_unpartitioned INCLUDING DEFAULTS INCLUDING CONSTRAINTS)
            PARTITION BY RANGE (open_time);
        ALTER TABLE candle ADD CONSTRAINT candle_pkey PRIMARY KEY (symbol, bar_interval, open_time);
        ALTER TABLE candle ADD CONSTRAINT candle_event_id_open_time_key UNIQUE (event_id, open_time);
        CREATE INDEX candle_symbol_close_time_idx ON candle (symbol, close_time DESC);
        CREATE INDEX candle_open_time_idx ON candle (open_time);
        CREATE TABLE candle_default PARTITION OF candle DEFAULT;
        INSERT INTO candle SELECT * FROM candle_unpartitioned;
        DROP TABLE candle_unpartitioned;

        ALTER TABLE prediction RENAME TO prediction_unpartitioned;
        ALTER TABLE prediction_unpartitioned DROP CONSTRAINT prediction_pkey;
        DROP INDEX prediction_symbol_time_idx;
        CREATE TABLE prediction (LIKE prediction_unpartitioned INCLUDING DEFAULTS INCLUDING CONSTRAINTS)
            PARTITION BY RANGE (candle_open_time);
        ALTER TABLE prediction ADD CONSTRAINT prediction_pkey PRIMARY KEY (event_id, candle_open_time);
        CREATE INDEX prediction_symbol_time_idx ON prediction (symbol, candle_open_time DESC, ts_event DESC);
        CREATE INDEX prediction_candle_open_time_idx ON prediction (candle_open_time);
        CREATE TABLE prediction_default PARTITION OF prediction DEFAULT;
        INSERT INTO prediction SELECT * FROM prediction_unpartitioned;
        DROP TABLE prediction_unpartitioned;
    END IF;
END
$$;
