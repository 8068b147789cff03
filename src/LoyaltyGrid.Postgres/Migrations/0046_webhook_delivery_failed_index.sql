-- The delivery log by status needs an index only for failed deliveries; (status, created_at) was
-- one more entry for every insert and for every delivered update, which is not HOT because the
-- status changes.
--
-- A delivery is inserted once and, on its receiver's answer, updated to delivered: with five
-- indexes that wrote nine index entries per delivery, and with two subscriptions two deliveries
-- per notice. Listing by status still finds its rows without the old index:
--   pending   the due index (subscription, next_attempt_at) holds exactly the pending rows;
--   delivered most rows, so the newest-first index meets them at once;
--   failed    rare among the rest, so this partial index, which holds only them.
-- This index takes an entry only when a delivery fails for good.
DROP INDEX webhook_delivery_log;
CREATE INDEX webhook_delivery_failed ON webhook_delivery (created_at DESC) WHERE status = 'failed';
