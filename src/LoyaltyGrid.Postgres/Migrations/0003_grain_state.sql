-- Grain state for Orleans' ADO.NET persistence provider.
--
-- State is stored as jsonb so operators, reports and model fitting can query it with plain SQL:
--     SELECT payload FROM grain_state WHERE state_name = 'customer' AND grain_key = 'c-42';
-- The silo serializes state as UTF-8 JSON; the queries convert between that and jsonb.
--
-- Orleans identifies a row by service, state name and grain key. String-keyed grains (customers)
-- have their id in grain_key; integer and Guid keys arrive as two 64-bit halves plus an optional
-- string extension. version is the ETag: every successful write moves it on by one, and a write
-- that presents a stale version changes nothing and returns no row, which Orleans turns into an
-- InconsistentStateException.

CREATE TABLE grain_state
(
    service_id  text        NOT NULL,
    state_name  text        NOT NULL,
    key_n0      bigint      NOT NULL,
    key_n1      bigint      NOT NULL,
    grain_key   text        NOT NULL,
    version     integer     NOT NULL,
    payload     jsonb,
    written_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (service_id, state_name, grain_key, key_n0, key_n1)
);

CREATE INDEX grain_state_payload ON grain_state USING gin (payload jsonb_path_ops);

INSERT INTO orleansquery (querykey, querytext) VALUES
('ReadFromStorageKey', $q$
    SELECT convert_to(payload::text, 'UTF8') AS "PayloadBinary", version AS "Version"
    FROM grain_state
    WHERE service_id = @ServiceId AND state_name = @GrainTypeString
      AND grain_key = coalesce(@GrainIdExtensionString::text, '')
      AND key_n0 = @GrainIdN0 AND key_n1 = @GrainIdN1;
$q$),
-- A first write (no version yet) inserts; any later write must present the current version.
('WriteToStorageKey', $q$
    WITH updated AS (
        UPDATE grain_state
        SET payload = convert_from(@PayloadBinary, 'UTF8')::jsonb,
            version = version + 1,
            written_at = now()
        WHERE @GrainStateVersion::integer IS NOT NULL
          AND service_id = @ServiceId AND state_name = @GrainTypeString
          AND grain_key = coalesce(@GrainIdExtensionString::text, '')
          AND key_n0 = @GrainIdN0 AND key_n1 = @GrainIdN1
          AND version = @GrainStateVersion::integer
        RETURNING version),
    inserted AS (
        INSERT INTO grain_state (service_id, state_name, key_n0, key_n1, grain_key, version, payload)
        SELECT @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1,
               coalesce(@GrainIdExtensionString::text, ''), 1,
               convert_from(@PayloadBinary, 'UTF8')::jsonb
        WHERE @GrainStateVersion::integer IS NULL
        ON CONFLICT DO NOTHING
        RETURNING version)
    SELECT version AS "NewGrainStateVersion" FROM updated
    UNION ALL
    SELECT version FROM inserted;
$q$),
-- Clearing keeps the row (and so the version sequence) but drops the state.
('ClearStorageKey', $q$
    UPDATE grain_state
    SET payload = NULL, version = version + 1, written_at = now()
    WHERE service_id = @ServiceId AND state_name = @GrainTypeString
      AND grain_key = coalesce(@GrainIdExtensionString::text, '')
      AND key_n0 = @GrainIdN0 AND key_n1 = @GrainIdN1
      AND version = @GrainStateVersion::integer
    RETURNING version AS "NewGrainStateVersion";
$q$),
-- Deleting removes the row. Orleans expects "old version + 1" back as proof that the
-- presented version matched.
('DeleteStorageKey', $q$
    DELETE FROM grain_state
    WHERE service_id = @ServiceId AND state_name = @GrainTypeString
      AND grain_key = coalesce(@GrainIdExtensionString::text, '')
      AND key_n0 = @GrainIdN0 AND key_n1 = @GrainIdN1
      AND version = @GrainStateVersion::integer
    RETURNING version + 1 AS "NewGrainStateVersion";
$q$);
