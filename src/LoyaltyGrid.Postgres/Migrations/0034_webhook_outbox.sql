-- The webhook outbox and delivery log: one row per (notice, subscription).
--
-- The notice projection inserts the rows in the transaction that moves its checkpoint, so a
-- notice journaled with an event becomes its deliveries exactly once; the event id is derived
-- from the journal entry (stream, sequence, index of the notice), so a rebuild of the projection
-- finds the rows already there (ON CONFLICT DO NOTHING) and nothing is sent twice.
--
-- Every silo's delivery service claims due rows of one subscription at a time with FOR UPDATE
-- SKIP LOCKED and marks them leased until lease_until: the row lock is held only for the claim,
-- the lease for the HTTP call, so a server that dies mid-call leaves rows that come back once
-- their lease ran out. body is the JSON sent, fixed at insertion, so every retry sends the same
-- bytes under the same id. customer_id is the customer the notice names (null: none), which
-- erasure deletes by.
CREATE TABLE webhook_delivery
(
    subscription     text        NOT NULL,
    event_id         text        NOT NULL,
    type             text        NOT NULL,
    customer_id      text,
    body             text        NOT NULL,
    status           text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
    created_at       timestamptz NOT NULL,
    next_attempt_at  timestamptz NOT NULL,
    attempts         integer     NOT NULL DEFAULT 0,
    first_attempt_at timestamptz,
    last_attempt_at  timestamptz,
    last_status      integer,
    last_error       text,
    delivered_at     timestamptz,
    lease_until      timestamptz,
    PRIMARY KEY (subscription, event_id)
);

-- What a lane claims: its subscription's pending rows by due time.
CREATE INDEX webhook_delivery_due ON webhook_delivery (subscription, next_attempt_at) WHERE status = 'pending';

-- The delivery log, newest first, by status or all.
CREATE INDEX webhook_delivery_log ON webhook_delivery (status, created_at DESC);
CREATE INDEX webhook_delivery_newest ON webhook_delivery (created_at DESC);

-- Erasure.
CREATE INDEX webhook_delivery_customer ON webhook_delivery (customer_id) WHERE customer_id IS NOT NULL;
