-- Time-series storage and retention (docs/operations.md, "Time-series storage and retention").
-- TimescaleDB (candles became a hypertable in V1): compression of chunks older than 7 days and a continuous aggregate
-- of 1h candles built from the 1m ones. Plain PostgreSQL (V1 left a plain table): candles becomes a table partitioned
-- by month of open_time, with a default partition for rows outside the partitions made so far. The service's retention
-- job (service-kit RetentionJob, sextant.retention.candles) creates the partitions ahead, moves rows out of the default
-- partition, and drops / deletes expired rows on both paths.

-- the retention job deletes gaps by when they were detected
CREATE INDEX IF NOT EXISTS gaps_detected_at ON gaps (detected_at);

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
                        WHERE hypertable_schema = current_schema() AND hypertable_name = 'candles') INTO hyper;
    END IF;
    IF hyper THEN
        -- the extension's functions live in the schema of the service that created it first
        PERFORM set_config('search_path', quote_ident(current_schema()) || ', ' || quote_ident(ts_schema), true);

        ALTER TABLE candles SET (timescaledb.compress,
                                 timescaledb.compress_segmentby = 'exchange, symbol, "interval"',
                                 timescaledb.compress_orderby = 'open_time DESC');
        PERFORM add_compression_policy('candles', INTERVAL '7 days', if_not_exists => TRUE);

        -- 1h candles from the 1m ones (open = first open, close = last close of the hour; candles = how many 1m
        -- candles the hour had, 60 when complete)
        CREATE MATERIALIZED VIEW candles_1h WITH (timescaledb.continuous) AS
            SELECT exchange,
                   symbol,
                   time_bucket(INTERVAL '1 hour', open_time) AS open_time,
                   first(open, open_time)                    AS open,
                   max(high)                                 AS high,
                   min(low)                                  AS low,
                   last(close, open_time)                    AS close,
                   sum(volume)                               AS volume,
                   sum(quote_volume)                         AS quote_volume,
                   sum(trade_count)                          AS trade_count,
                   count(*)                                  AS candles
              FROM candles
             WHERE "interval" = '1m'
             GROUP BY exchange, symbol, time_bucket(INTERVAL '1 hour', open_time)
            WITH NO DATA;
        PERFORM add_continuous_aggregate_policy('candles_1h',
                                                start_offset      => INTERVAL '3 days',
                                                end_offset        => INTERVAL '1 hour',
                                                schedule_interval => INTERVAL '15 minutes');
        PERFORM set_config('search_path', old_path, true);
    ELSE
        ALTER TABLE candles RENAME TO candles_unpartitioned;
        ALTER TABLE candles_unpartitioned DROP CONSTRAINT candles_natural_key;
        DROP INDEX candles_event_id;

        CREATE TABLE candles (LIKE candles_unpartitioned INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING COMMENTS)
            PARTITION BY RANGE (open_time);
        ALTER TABLE candles ADD CONSTRAINT candles_natural_key PRIMARY KEY (exchange, symbol, "interval", open_time);
        CREATE INDEX candles_event_id ON candles (event_id);
        CREATE INDEX candles_open_time ON candles (open_time);
        -- rows of months without a partition yet (a backfill, a first start); the retention job moves them out
        CREATE TABLE candles_default PARTITION OF candles DEFAULT;

        INSERT INTO candles SELECT * FROM candles_unpartitioned;
        DROP TABLE candles_unpartitioned;
    END IF;
END
$$;
