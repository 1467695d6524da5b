-- Time-series storage and retention (docs/operations.md, "Time-series storage and retention"): indexes the retention
-- job (service-kit RetentionJob, sextant.retention.*) deletes by; compression of the decisions hypertable on TimescaleDB.
CREATE INDEX IF NOT EXISTS applied_commands_applied_at ON applied_commands (applied_at);
CREATE INDEX IF NOT EXISTS applied_fills_applied_at ON applied_fills (applied_at);
CREATE INDEX IF NOT EXISTS decisions_created_at ON decisions (created_at);

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
                        WHERE hypertable_schema = current_schema() AND hypertable_name = 'decisions') INTO hyper;
    END IF;
    IF hyper THEN
        PERFORM set_config('search_path', quote_ident(current_schema()) || ', ' || quote_ident(ts_schema), true);
        ALTER TABLE decisions SET (timescaledb.compress,
                                   timescaledb.compress_segmentby = 'symbol',
                                   timescaledb.compress_orderby = 'ts_event DESC');
        PERFORM add_compression_policy('decisions', INTERVAL '30 days', if_not_exists => TRUE);
        PERFORM set_config('search_path', old_path, true);
    END IF;
END
$$;
