-- Finished deliveries leave the outbox for a log of their own, so the outbox holds only what is
-- still to be sent and stays small enough to live in memory.
--
-- With every delivery kept in webhook_delivery for good, the table grew by two rows per notice
-- (two subscriptions) and each delivered update left a dead version behind. New rows then landed
-- on pages freed all over the table and every insert read and dirtied a page of its own: a
-- profile at ~0.6 notices per purchase measured 14.8 ms per page's insert of ~180 rows
-- (~80 µs a row), and ~55 and ~50 µs a row for the claim and for the delivered update; the same
-- insert into a table of a few thousand rows took ~11 µs a row.
--
-- Now a delivery is inserted into webhook_delivery (the outbox), claimed there, and on its last
-- attempt moved to webhook_delivery_log in one statement (deleted from the one, inserted into the
-- other): delivered on a 2xx, failed once RetryFor has passed. The log is only ever appended to.
-- It keeps no body, but keeps the customer a delivery names, so erasure deletes there too.
-- A projection rebuild must not queue again what the log already holds (found by its primary key).
CREATE TABLE webhook_delivery_log
(
    subscription     text        NOT NULL,
    event_id         text        NOT NULL,
    type             text        NOT NULL,
    customer_id      text,
    status           text        NOT NULL CHECK (status IN ('delivered', 'failed')),
    created_at       timestamptz NOT NULL,
    attempts         integer     NOT NULL,
    first_attempt_at timestamptz,
    last_attempt_at  timestamptz,
    last_status      integer,
    last_error       text,
    delivered_at     timestamptz,
    PRIMARY KEY (subscription, event_id)
);

CREATE INDEX webhook_delivery_log_newest ON webhook_delivery_log (created_at DESC);
CREATE INDEX webhook_delivery_log_failed ON webhook_delivery_log (created_at DESC) WHERE status = 'failed';
CREATE INDEX webhook_delivery_log_customer ON webhook_delivery_log (customer_id) WHERE customer_id IS NOT NULL;

INSERT INTO webhook_delivery_log (subscription, event_id, type, customer_id, status, created_at, attempts,
                                  first_attempt_at, last_attempt_at, last_status, last_error, delivered_at)
SELECT subscription, event_id, type, customer_id, status, created_at, attempts,
       first_attempt_at, last_attempt_at, last_status, last_error, delivered_at
FROM webhook_delivery
WHERE status <> 'pending';

DELETE FROM webhook_delivery WHERE status <> 'pending';

-- Every row left is pending, so the status and the time of delivery have no place here any more.
DROP INDEX webhook_delivery_due;
DROP INDEX webhook_delivery_failed;
ALTER TABLE webhook_delivery DROP COLUMN status, DROP COLUMN delivered_at;
CREATE INDEX webhook_delivery_due ON webhook_delivery (subscription, next_attempt_at);
