-- The Orleans ADO.NET providers look their SQL up by key in this table at start-up.
-- Its name and the two column names are Orleans' contract; the text is ours.
-- Unquoted identifiers fold to lower case, which is what Orleans' own lookup expects.
CREATE TABLE orleansquery
(
    querykey  varchar(64) PRIMARY KEY,
    querytext text        NOT NULL
);

COMMENT ON TABLE orleansquery IS
    'SQL the Orleans ADO.NET providers run, by key. Written by LoyaltyGrid migrations; do not edit by hand.';
