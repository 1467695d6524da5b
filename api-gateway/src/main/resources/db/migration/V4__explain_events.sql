-- The events of the causal chains GET /api/v1/explain/{id} answers (docs/operations.md, "Replay debugger"): every
-- event the gateway consumes from candles, features, predictions, signals, orders, fills and positions, as it was on
-- the topic, with the links the chain follows (causation id; the order and the position an order, fill or position
-- event belongs to). Written in the consumers' batch transactions; a record seen again changes nothing.
-- Grows with time (one candle, features, prediction and decision per symbol and candle, plus the orders and fills):
-- retention by stored_at (when the gateway stored it; event time may lie in the past, e.g. during a replay), see
-- docs/operations.md.
CREATE TABLE explain_event (
    seq              bigint      GENERATED ALWAYS AS IDENTITY,
    event_id         text        PRIMARY KEY,
    causation_id     text,
    type             text        NOT NULL,
    topic            text        NOT NULL,
    symbol           text,
    ts_event         timestamptz NOT NULL,
    client_order_id  text,
    position_id      text,
    payload          jsonb       NOT NULL,
    stored_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX explain_event_causation_idx ON explain_event (causation_id);
CREATE INDEX explain_event_order_idx ON explain_event (client_order_id) WHERE client_order_id IS NOT NULL;
CREATE INDEX explain_event_position_idx ON explain_event (position_id) WHERE position_id IS NOT NULL;
CREATE INDEX explain_event_stored_at_idx ON explain_event (stored_at);
