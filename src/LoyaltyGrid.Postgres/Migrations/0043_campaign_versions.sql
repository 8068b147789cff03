-- Every saved revision of a campaign's terms, kept for good (docs/campaigns.md, "Versions").
--
-- A purchase's journal entry used to carry the full terms of each campaign that applied (about
-- 200 bytes each), which the journal insert and every projection reading the page paid for; it
-- now names (campaign_id, version), and replay reads the terms of that version from here.
-- campaign.version is the latest; a PUT with terms equal to the latest makes no new version.

ALTER TABLE campaign ADD COLUMN version integer NOT NULL DEFAULT 1;

CREATE TABLE campaign_version
(
    campaign_id text        NOT NULL,
    version     integer     NOT NULL,
    terms       jsonb       NOT NULL,
    saved_at    timestamptz NOT NULL,
    PRIMARY KEY (campaign_id, version)
);

INSERT INTO campaign_version (campaign_id, version, terms, saved_at)
SELECT campaign_id, version, terms, updated_at FROM campaign;
