-- The outbox and the log are keyed by the journal transaction that carried a delivery's notice
-- ahead of its event id, so that keys grow with time instead of falling anywhere.
--
-- The event id is a digest (random to an index), and (subscription, event_id) was the primary key
-- of both tables: every insert, claim, delivered move and log append touched a leaf page of its
-- own, and after each checkpoint the first change to a page writes the whole page to the WAL.
-- An insert of 180 rows into the outbox of a profile (~180,000 rows, a dead receiver's backlog)
-- wrote 1 MB of WAL with ~190 full-page images; without the primary key, 33 images and a third of
-- the time. With journal_tx first, a page's deliveries go to the right-hand edge of the key.
--
-- Rows from before this migration get journal_tx 0; a rebuild of the notice projection looks
-- for those too, by (subscription, 0, event_id), so it queues none of them again.
ALTER TABLE webhook_delivery ADD COLUMN journal_tx bigint NOT NULL DEFAULT 0;
ALTER TABLE webhook_delivery ALTER COLUMN journal_tx DROP DEFAULT;
ALTER TABLE webhook_delivery DROP CONSTRAINT webhook_delivery_pkey, ADD PRIMARY KEY (subscription, journal_tx, event_id);

ALTER TABLE webhook_delivery_log ADD COLUMN journal_tx bigint NOT NULL DEFAULT 0;
ALTER TABLE webhook_delivery_log ALTER COLUMN journal_tx DROP DEFAULT;
ALTER TABLE webhook_delivery_log DROP CONSTRAINT webhook_delivery_log_pkey, ADD PRIMARY KEY (subscription, journal_tx, event_id);
