-- Room on each page of webhook_delivery for the claim's new row version, so the claim is a HOT
-- update (it changes no indexed column: lease_until, attempts and the attempt times).
--
-- Every delivery is inserted once and updated at least twice (claimed, then delivered or failed).
-- With full pages only ~4 % of updates were HOT (a profile with two subscriptions, 289,020
-- updates, 12,736 HOT): every claim wrote a new entry into each of the table's five indexes, and
-- the next claim scanned the due index past those dead entries. Half-full pages keep the claimed
-- version beside the inserted one. Pages written before this migration keep their fill.
ALTER TABLE webhook_delivery SET (fillfactor = 50);
