-- Kernel sequencing (docs/architecture.md, "The kernel's order in the live pipeline"): every input the
-- sequencer takes (features, predictions, fills, positions, order outcomes, settlements) is written here before
-- its Kafka offset is committed, so a crash loses nothing and a redelivery is a duplicate (the primary key).
-- applied = its step has run (or it was dropped as late); the rows not applied are offered to the sequencer
-- again at start-up, in the order they arrived.
CREATE TABLE inbox (
    seq         BIGSERIAL,
    event_id    TEXT        PRIMARY KEY,
    event_type  TEXT        NOT NULL,
    payload     JSONB       NOT NULL,
    applied     BOOLEAN     NOT NULL DEFAULT FALSE,
    received_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX inbox_pending ON inbox (seq) WHERE NOT applied;

-- The sequencer's durable state (frontier, step awaiting execution's answer, per symbol: last settled candle,
-- last approved decision, events applied, silenced), written with the engine snapshot in each step's transaction.
CREATE TABLE sequencer_state (
    id         SMALLINT    PRIMARY KEY CHECK (id = 1),
    state      JSONB       NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
