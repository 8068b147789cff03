-- Earning campaigns (docs/campaigns.md), one row each, replaced whole by PUT /api/v1/campaigns/{id}.
--
-- The terms are one jsonb document (the domain's Campaign as the API accepted it): silos read
-- them all into memory and nothing queries inside them. A purchase's journal entry keeps the
-- terms that applied to it, so changing a row here never changes points already earned.
-- Every change is announced with NOTIFY on the channel campaign_changed, in the writing
-- transaction, and each silo reloads the table when it hears it.

CREATE TABLE campaign
(
    campaign_id text        PRIMARY KEY,
    terms       jsonb       NOT NULL,
    updated_at  timestamptz NOT NULL
);
