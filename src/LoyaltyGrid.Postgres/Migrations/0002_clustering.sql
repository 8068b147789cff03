-- Cluster membership for Orleans' ADO.NET clustering provider.
--
-- One row per cluster in cluster_version carries the membership table's version: every change
-- to a silo's row must move that version on by exactly one, in the same transaction, and only
-- if the caller saw the current version. That optimistic check is what lets silos agree on who
-- is alive without a coordinator.

CREATE TABLE cluster_version
(
    deployment_id text        PRIMARY KEY,
    version       integer     NOT NULL DEFAULT 0,
    changed_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE cluster_silo
(
    deployment_id   text        NOT NULL REFERENCES cluster_version (deployment_id) ON DELETE CASCADE,
    address         text        NOT NULL,
    port            integer     NOT NULL,
    generation      integer     NOT NULL,
    silo_name       text        NOT NULL,
    host_name       text        NOT NULL,
    status          integer     NOT NULL,
    proxy_port      integer,
    suspect_times   text,
    start_time      timestamptz NOT NULL,
    i_am_alive_time timestamptz NOT NULL,
    PRIMARY KEY (deployment_id, address, port, generation)
);

-- Takes the cluster's version row lock only if the caller's version is still current, so two
-- silos racing for the same version serialize here and the loser sees a changed version.
CREATE FUNCTION cluster_claim_version(p_deployment_id text, p_version integer)
RETURNS boolean
LANGUAGE sql AS
$$
    SELECT EXISTS (
        SELECT 1 FROM cluster_version
        WHERE deployment_id = p_deployment_id AND version = p_version
        FOR UPDATE);
$$;

CREATE FUNCTION cluster_bump_version(p_deployment_id text)
RETURNS void
LANGUAGE sql AS
$$
    UPDATE cluster_version
    SET version = version + 1, changed_at = now()
    WHERE deployment_id = p_deployment_id;
$$;

CREATE FUNCTION cluster_insert_silo(
    p_deployment_id text, p_address text, p_port integer, p_generation integer,
    p_silo_name text, p_host_name text, p_status integer, p_proxy_port integer,
    p_start_time timestamptz, p_i_am_alive_time timestamptz, p_version integer)
RETURNS integer
LANGUAGE plpgsql AS
$$
DECLARE
    inserted integer;
BEGIN
    IF NOT cluster_claim_version(p_deployment_id, p_version) THEN
        RETURN 0;
    END IF;

    INSERT INTO cluster_silo (deployment_id, address, port, generation, silo_name, host_name,
                              status, proxy_port, start_time, i_am_alive_time)
    VALUES (p_deployment_id, p_address, p_port, p_generation, p_silo_name, p_host_name,
            p_status, p_proxy_port, p_start_time, p_i_am_alive_time)
    ON CONFLICT DO NOTHING;
    GET DIAGNOSTICS inserted = ROW_COUNT;

    -- Nothing was written, so the version must not move either.
    IF inserted = 0 THEN
        RETURN 0;
    END IF;

    PERFORM cluster_bump_version(p_deployment_id);
    RETURN 1;
END;
$$;

CREATE FUNCTION cluster_update_silo(
    p_deployment_id text, p_address text, p_port integer, p_generation integer,
    p_status integer, p_suspect_times text, p_i_am_alive_time timestamptz, p_version integer)
RETURNS integer
LANGUAGE plpgsql AS
$$
DECLARE
    updated integer;
BEGIN
    IF NOT cluster_claim_version(p_deployment_id, p_version) THEN
        RETURN 0;
    END IF;

    UPDATE cluster_silo
    SET status = p_status, suspect_times = p_suspect_times, i_am_alive_time = p_i_am_alive_time
    WHERE deployment_id = p_deployment_id AND address = p_address
      AND port = p_port AND generation = p_generation;
    GET DIAGNOSTICS updated = ROW_COUNT;

    IF updated = 0 THEN
        RETURN 0;
    END IF;

    PERFORM cluster_bump_version(p_deployment_id);
    RETURN 1;
END;
$$;

-- Every membership read: the cluster's version row, joined to its silo rows (or to one silo's
-- row when an address is given). The version comes back even when no silo row matches, which is
-- how a silo that has not joined yet learns the version it must present. Column names are the
-- ones Orleans reads.
CREATE FUNCTION cluster_membership(
    p_deployment_id text, p_address text DEFAULT NULL, p_port integer DEFAULT NULL,
    p_generation integer DEFAULT NULL)
RETURNS TABLE ("DeploymentId" text, "Address" text, "Port" integer, "Generation" integer,
               "SiloName" text, "HostName" text, "Status" integer, "ProxyPort" integer,
               "SuspectTimes" text, "StartTime" timestamptz, "IAmAliveTime" timestamptz,
               "Version" integer)
LANGUAGE sql STABLE AS
$$
    SELECT v.deployment_id, s.address, s.port, s.generation, s.silo_name, s.host_name, s.status,
           s.proxy_port, s.suspect_times, s.start_time, s.i_am_alive_time, v.version
    FROM cluster_version v
    LEFT JOIN cluster_silo s
           ON s.deployment_id = v.deployment_id
          AND (p_address IS NULL
               OR (s.address = p_address AND s.port = p_port AND s.generation = p_generation))
    WHERE v.deployment_id = p_deployment_id;
$$;

INSERT INTO orleansquery (querykey, querytext) VALUES
('InsertMembershipVersionKey', $q$
    WITH created AS (
        INSERT INTO cluster_version (deployment_id) VALUES (@DeploymentId)
        ON CONFLICT DO NOTHING
        RETURNING 1)
    SELECT count(*)::integer FROM created;
$q$),
('InsertMembershipKey', $q$
    SELECT cluster_insert_silo(@DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName,
                               @Status, @ProxyPort, @StartTime::timestamptz,
                               @IAmAliveTime::timestamptz, @Version);
$q$),
('UpdateMembershipKey', $q$
    SELECT cluster_update_silo(@DeploymentId, @Address, @Port, @Generation, @Status,
                               @SuspectTimes::text, @IAmAliveTime::timestamptz, @Version);
$q$),
-- Orleans never checks this one's result: a silo's heartbeat does not move the version.
('UpdateIAmAlivetimeKey', $q$
    UPDATE cluster_silo
    SET i_am_alive_time = @IAmAliveTime::timestamptz
    WHERE deployment_id = @DeploymentId AND address = @Address
      AND port = @Port AND generation = @Generation;
$q$),
('MembershipReadRowKey', $q$
    SELECT * FROM cluster_membership(@DeploymentId, @Address, @Port, @Generation);
$q$),
('MembershipReadAllKey', $q$
    SELECT * FROM cluster_membership(@DeploymentId);
$q$),
('GatewaysQueryKey', $q$
    SELECT address AS "Address", proxy_port AS "ProxyPort", generation AS "Generation"
    FROM cluster_silo
    WHERE deployment_id = @DeploymentId AND status = @Status AND proxy_port > 0;
$q$),
('DeleteMembershipTableEntriesKey', $q$
    DELETE FROM cluster_version WHERE deployment_id = @DeploymentId;
$q$),
-- Rows of silos that stopped heart-beating long ago and are not marked active; status 3 is
-- Orleans' SiloStatus.Active.
('CleanupDefunctSiloEntriesKey', $q$
    DELETE FROM cluster_silo
    WHERE deployment_id = @DeploymentId
      AND i_am_alive_time < @IAmAliveTime::timestamptz
      AND status <> 3;
$q$);
