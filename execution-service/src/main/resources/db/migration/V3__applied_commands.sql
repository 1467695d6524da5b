-- Control commands execution-service has handled, by event id (docs/reliability.md, "Forged input and control
-- commands"). A command that changed the books is recorded in the same transaction as its effect; one that changed
-- nothing (nothing to close, a close already requested) or was stale (older than the latest applied command by more
-- than sextant.control.replay-window) is recorded on its own. A redelivered or replayed command (the same event id) is
-- therefore handled once, also across restarts.
CREATE TABLE applied_commands (
    event_id     TEXT        PRIMARY KEY,
    command_type TEXT        NOT NULL,
    ts_event     TIMESTAMPTZ NOT NULL,
    outcome      TEXT        NOT NULL,
    applied_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
