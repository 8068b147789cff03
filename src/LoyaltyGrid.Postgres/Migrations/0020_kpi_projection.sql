-- The KPI projection's output: one aggregate per scope and projection generation.
--
-- The KPI projection folds the KPI changes journaled with every event into these rows and moves
-- its checkpoint in the same transaction. A rebuild fills a new generation beside the live one
-- and switches over in one transaction, so readers see either the old totals or the new ones.
-- Versions come from one sequence: a scope's version only grows, also across that switch, which
-- is what lets a reader's cache compare them.

CREATE SEQUENCE kpi_scope_version;

CREATE TABLE kpi_projection_scope
(
    generation bigint      NOT NULL,
    scope      text        NOT NULL,
    version    bigint      NOT NULL,
    payload    jsonb       NOT NULL,
    written_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (generation, scope)
);
