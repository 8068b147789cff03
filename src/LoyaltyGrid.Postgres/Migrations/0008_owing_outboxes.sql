-- Outboxes a dead activation left behind.
--
-- Customer and session grains store the messages they owe other grains (KPI contributions,
-- referral awards, session conversions) with the event that made them, deliver them moments
-- later, and then store the emptied outbox. The state document says whether anything is owed
-- ("owesMessages"), so the few rows that owe are indexed here and the sweeper finds the ones
-- that have owed for too long without reading every customer.

CREATE INDEX grain_state_owing ON grain_state (service_id, written_at)
    WHERE (payload->>'owesMessages') = 'true';
