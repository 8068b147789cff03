-- One revision number for the whole campaign catalog (docs/campaigns.md, "Versions").
--
-- Every saved version gets the next revision across all campaigns; the catalog as of revision N
-- is the latest version of each campaign whose revision is at most N. A purchase now journals N
-- (one number) instead of naming each applying campaign's version: with ten campaigns the names
-- were ~370 of a purchase row's ~1,570 bytes, written once and read by every projection.
--
-- Saves lock campaign_version against each other (SHARE ROW EXCLUSIVE conflicts with itself, not
-- with readers) and take max + 1, so revisions commit in their order and any one read of the
-- table holds every revision up to its highest: a silo never journals N while an earlier
-- revision it could not see is still to commit.
--
-- Versions saved before this migration get revisions in version order, so each campaign's latest
-- version is also its highest revision.

ALTER TABLE campaign_version ADD COLUMN revision bigint;

UPDATE campaign_version AS v
SET revision = numbered.revision
FROM (SELECT campaign_id, version, row_number() OVER (ORDER BY version, saved_at, campaign_id) AS revision
      FROM campaign_version) AS numbered
WHERE v.campaign_id = numbered.campaign_id AND v.version = numbered.version;

ALTER TABLE campaign_version
    ALTER COLUMN revision SET NOT NULL,
    ADD CONSTRAINT campaign_version_revision_key UNIQUE (revision);
