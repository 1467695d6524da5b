-- risk-service: decisions (audit, every decision approved or denied), the engine's durable state,
-- fills already booked, feature marks and predictions waiting for their features.
-- Unqualified names: the datasource's currentSchema is the service schema (sextant.db.schema).

-- Every RiskDecisionMade. event_id = Ids.derivedFrom("decision", prediction id) and ts_event = the
-- prediction's tsEvent, so a redelivered prediction maps to the same (event_id, ts_event) row. On
-- plain PostgreSQL event_id alone is unique too; a TimescaleDB hypertable cannot have a unique key
-- without its time column, so there the primary key is the guarantee.
CREATE TABLE decisions (
    event_id          TEXT        NOT NULL,
    ts_event          TIMESTAMPTZ NOT NULL,
    prediction_id     TEXT        NOT NULL,
    symbol            TEXT        NOT NULL,
    candle_interval   TEXT        NOT NULL,
    candle_open_time  TIMESTAMPTZ NOT NULL,
    approved          BOOLEAN     NOT NULL,
    reason            TEXT,
    quantity          NUMERIC,
    reference_price   NUMERIC,
    stop_loss         NUMERIC,
    take_profit       NUMERIC,
    risk_amount       NUMERIC,
    checks            JSONB       NOT NULL,
    payload           JSONB       NOT NULL,
    published         BOOLEAN     NOT NULL DEFAULT FALSE,
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (event_id, ts_event)
);

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb') THEN
        CREATE EXTENSION IF NOT EXISTS timescaledb;
        PERFORM create_hypertable('decisions', 'ts_event', if_not_exists => TRUE);
    ELSE
        ALTER TABLE decisions ADD CONSTRAINT decisions_event_id_key UNIQUE (event_id);
    END IF;
END
$$;

CREATE INDEX decisions_symbol_time ON decisions (symbol, ts_event DESC);
CREATE INDEX decisions_prediction ON decisions (prediction_id);
CREATE INDEX decisions_unpublished ON decisions (created_at) WHERE NOT published;

-- The RiskEngine snapshot (trading state, setting overrides, account: equity, day, open positions,
-- pending entries) as JSON; one row, written in the same transaction as what changed it.
CREATE TABLE engine_state (
    id         SMALLINT    PRIMARY KEY CHECK (id = 1),
    snapshot   JSONB       NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- FillExecuted ids already booked into the equity (a redelivered fill changes nothing).
CREATE TABLE applied_fills (
    event_id   TEXT        PRIMARY KEY,
    ts_event   TIMESTAMPTZ NOT NULL,
    applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- close and atr_14 per candle, so the join survives a restart.
CREATE TABLE feature_marks (
    symbol           TEXT        NOT NULL,
    candle_interval  TEXT        NOT NULL,
    candle_open_time TIMESTAMPTZ NOT NULL,
    close            NUMERIC     NOT NULL,
    atr              NUMERIC,
    received_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (symbol, candle_interval, candle_open_time)
);

-- Predictions whose features have not arrived yet.
CREATE TABLE waiting_predictions (
    event_id    TEXT        PRIMARY KEY,
    payload     JSONB       NOT NULL,
    received_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
