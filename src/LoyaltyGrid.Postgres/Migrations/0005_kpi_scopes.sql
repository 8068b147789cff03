-- Live KPI aggregates, one row per scope (grid, storefront, market, storefront × market).
--
-- A scope's aggregate and the marks of what it has applied are written in one transaction:
-- kpi_source_mark holds, per scope and per source (a customer or session grain), the highest
-- contribution number applied. A contribution re-sent after a lost acknowledgement is at or
-- below the mark and is skipped, which is what makes every contribution count exactly once.
-- The marks live in a table rather than in the aggregate because the grid scope has one per
-- customer of the whole programme.

CREATE TABLE kpi_scope
(
    scope      text        PRIMARY KEY,
    version    bigint      NOT NULL,
    payload    jsonb       NOT NULL,
    written_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE kpi_source_mark
(
    scope  text   NOT NULL,
    source text   NOT NULL,
    seq    bigint NOT NULL,
    PRIMARY KEY (scope, source)
);
