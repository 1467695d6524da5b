-- Time-series storage and retention (docs/operations.md, "Time-series storage and retention"): indexes the retention
-- job (service-kit RetentionJob, sextant.retention.*) deletes by; compression of the equity_points hypertable on
-- TimescaleDB.
CREATE INDEX IF NOT EXISTS applied_commands_applied_at ON applied_commands (applied_at);
CREATE INDEX IF NOT EXISTS outbox_published_at ON outbox (published_at) WHERE published_at IS NOT NULL;

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
                        WHERE hypertable_schema = current_schema() AND hypertable_name = 'equity_points') INTO hyper;
    END IF;
    IF hyper THEN
        PERFORM set_config('search_path', quote_ident(current_schema()) || ', ' || quote_ident(ts_schema), true);
        ALTER TABLE equity_points SET (timescaledb.compress,
                                       timescaledb.compress_segmentby = 'kind',
                                       timescaledb.compress_orderby = 'ts DESC');
        PERFORM add_compression_policy('equity_points', INTERVAL '30 days', if_not_exists => TRUE);
        PERFORM set_config('search_path', old_path, true);
    END IF;
END
$$;
