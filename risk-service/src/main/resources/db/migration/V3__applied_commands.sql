-- Control commands risk-service has handled, by event id (docs/reliability.md, "Forged input and control commands"):
-- written in the same transaction as the engine snapshot the command changed, so a redelivered or replayed command
-- (the same event id) is applied once, also across restarts. Stale commands (older than the latest applied one by
-- more than sextant.control.replay-window) and commands that change nothing are recorded too: a later replay of
-- them is ignored as well.
CREATE TABLE applied_commands (
    event_id     TEXT        PRIMARY KEY,
    command_type TEXT        NOT NULL,
    ts_event     TIMESTAMPTZ NOT NULL,
    outcome      TEXT        NOT NULL,
    applied_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
