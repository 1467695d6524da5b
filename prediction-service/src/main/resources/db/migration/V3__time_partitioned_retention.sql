-- Time-series storage and retention (docs/operations.md, "Time-series storage and retention").
-- TimescaleDB (both tables became hypertables in V1): compression of chunks older than 7 days. Plain PostgreSQL:
-- candle_closes becomes a table partitioned by day of open_time (with a default partition); predictions stays a plain
-- table (its event id alone is unique there, which a partitioned table cannot enforce) with an index on its time.
-- The service's retention job (service-kit RetentionJob, sextant.retention.*) makes partitions ahead and removes
-- expired rows on both paths.

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
                        WHERE hypertable_schema = current_schema() AND hypertable_name = 'candle_closes') INTO hyper;
    END IF;
    IF hyper THEN
        PERFORM set_config('search_path', quote_ident(current_schema()) || ', ' || quote_ident(ts_schema), true);
        ALTER TABLE predictions SET (timescaledb.compress,
                                     timescaledb.compress_segmentby = 'symbol, candle_interval',
                                     timescaledb.compress_orderby = 'candle_open_time DESC');
        PERFORM add_compression_policy('predictions', INTERVAL '7 days', if_not_exists => TRUE);
        ALTER TABLE candle_closes SET (timescaledb.compress,
                                       timescaledb.compress_segmentby = 'symbol, candle_interval',
                                       timescaledb.compress_orderby = 'open_time DESC');
        PERFORM add_compression_policy('candle_closes', INTERVAL '7 days', if_not_exists => TRUE);
        PERFORM set_config('search_path', old_path, true);
    ELSE
        CREATE INDEX IF NOT EXISTS predictions_candle_open_time_idx ON predictions (candle_open_time);

        ALTER TABLE candle_closes RENAME TO candle_closes_unpartitioned;
        ALTER TABLE candle_closes_unpartitioned DROP CONSTRAINT candle_closes_pkey;
        CREATE TABLE candle_closes (LIKE candle_closes_unpartitioned INCLUDING DEFAULTS INCLUDING CONSTRAINTS)
            PARTITION BY RANGE (open_time);
        ALTER TABLE candle_closes ADD CONSTRAINT candle_closes_pkey PRIMARY KEY (symbol, candle_interval, open_time);
        CREATE INDEX candle_closes_open_time ON candle_closes (open_time);
        CREATE TABLE candle_closes_default PARTITION OF candle_closes DEFAULT;
        INSERT INTO candle_closes SELECT * FROM candle_closes_unpartitioned;
        DROP TABLE candle_closes_unpartitioned;
    END IF;
END
$$;
