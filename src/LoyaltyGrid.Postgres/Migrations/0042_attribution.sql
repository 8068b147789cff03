-- The attribution projection's output: per projection generation, KPI scope, dimension
-- (channel, campaign, experiment), bucket ('all' or a month 'yyyy-MM'), key (the channel, the
-- campaign, '' for sessions without one, or the experiment id) and variant ('' outside
-- experiments), the additive figures every ratio is derived from.
--
-- Rows are sums of the differences sessions journaled, added in the transaction that moves the
-- projection's checkpoint; a row whose session moved elsewhere stays with zeros (readers skip it).

CREATE TABLE attribution_total
(
    generation         bigint  NOT NULL,
    scope              text    NOT NULL,
    dimension          text    NOT NULL,
    bucket             text    NOT NULL,
    key                text    NOT NULL,
    variant            text    NOT NULL,
    visits             bigint  NOT NULL,
    converted_sessions bigint  NOT NULL,
    orders             bigint  NOT NULL,
    gross_revenue      numeric NOT NULL,
    PRIMARY KEY (generation, scope, dimension, bucket, key, variant)
);
