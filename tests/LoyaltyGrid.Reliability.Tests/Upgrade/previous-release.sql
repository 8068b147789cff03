--
-- PostgreSQL database dump
--


-- Dumped from database version 15.18 (Debian 15.18-0+deb12u1)
-- Dumped by pg_dump version 15.18 (Debian 15.18-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: cluster_bump_version(text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.cluster_bump_version(p_deployment_id text) RETURNS void
    LANGUAGE sql
    AS $$
    UPDATE cluster_version
    SET version = version + 1, changed_at = now()
    WHERE deployment_id = p_deployment_id;
$$;


--
-- Name: cluster_claim_version(text, integer); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.cluster_claim_version(p_deployment_id text, p_version integer) RETURNS boolean
    LANGUAGE sql
    AS $$
    SELECT EXISTS (
        SELECT 1 FROM cluster_version
        WHERE deployment_id = p_deployment_id AND version = p_version
        FOR UPDATE);
$$;


--
-- Name: cluster_insert_silo(text, text, integer, integer, text, text, integer, integer, timestamp with time zone, timestamp with time zone, integer); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.cluster_insert_silo(p_deployment_id text, p_address text, p_port integer, p_generation integer, p_silo_name text, p_host_name text, p_status integer, p_proxy_port integer, p_start_time timestamp with time zone, p_i_am_alive_time timestamp with time zone, p_version integer) RETURNS integer
    LANGUAGE plpgsql
    AS $$
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


--
-- Name: cluster_membership(text, text, integer, integer); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.cluster_membership(p_deployment_id text, p_address text DEFAULT NULL::text, p_port integer DEFAULT NULL::integer, p_generation integer DEFAULT NULL::integer) RETURNS TABLE("DeploymentId" text, "Address" text, "Port" integer, "Generation" integer, "SiloName" text, "HostName" text, "Status" integer, "ProxyPort" integer, "SuspectTimes" text, "StartTime" timestamp with time zone, "IAmAliveTime" timestamp with time zone, "Version" integer)
    LANGUAGE sql STABLE
    AS $$
    SELECT v.deployment_id, s.address, s.port, s.generation, s.silo_name, s.host_name, s.status,
           s.proxy_port, s.suspect_times, s.start_time, s.i_am_alive_time, v.version
    FROM cluster_version v
    LEFT JOIN cluster_silo s
           ON s.deployment_id = v.deployment_id
          AND (p_address IS NULL
               OR (s.address = p_address AND s.port = p_port AND s.generation = p_generation))
    WHERE v.deployment_id = p_deployment_id;
$$;


--
-- Name: cluster_update_silo(text, text, integer, integer, integer, text, timestamp with time zone, integer); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.cluster_update_silo(p_deployment_id text, p_address text, p_port integer, p_generation integer, p_status integer, p_suspect_times text, p_i_am_alive_time timestamp with time zone, p_version integer) RETURNS integer
    LANGUAGE plpgsql
    AS $$
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


SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: cluster_silo; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.cluster_silo (
    deployment_id text NOT NULL,
    address text NOT NULL,
    port integer NOT NULL,
    generation integer NOT NULL,
    silo_name text NOT NULL,
    host_name text NOT NULL,
    status integer NOT NULL,
    proxy_port integer,
    suspect_times text,
    start_time timestamp with time zone NOT NULL,
    i_am_alive_time timestamp with time zone NOT NULL
);


--
-- Name: cluster_version; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.cluster_version (
    deployment_id text NOT NULL,
    version integer DEFAULT 0 NOT NULL,
    changed_at timestamp with time zone DEFAULT now() NOT NULL
);


--
-- Name: grain_state; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.grain_state (
    service_id text NOT NULL,
    state_name text NOT NULL,
    key_n0 bigint NOT NULL,
    key_n1 bigint NOT NULL,
    grain_key text NOT NULL,
    version integer NOT NULL,
    payload jsonb,
    written_at timestamp with time zone DEFAULT now() NOT NULL
);


--
-- Name: kpi_scope; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.kpi_scope (
    scope text NOT NULL,
    version bigint NOT NULL,
    payload jsonb NOT NULL,
    written_at timestamp with time zone DEFAULT now() NOT NULL
);


--
-- Name: kpi_source_mark; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.kpi_source_mark (
    scope text NOT NULL,
    source text NOT NULL,
    seq bigint NOT NULL
);


--
-- Name: orleansquery; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.orleansquery (
    querykey character varying(64) NOT NULL,
    querytext text NOT NULL
);


--
-- Name: TABLE orleansquery; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.orleansquery IS 'SQL the Orleans ADO.NET providers run, by key. Written by LoyaltyGrid migrations; do not edit by hand.';


--
-- Name: reminder; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.reminder (
    service_id text NOT NULL,
    grain_id text NOT NULL,
    reminder_name text NOT NULL,
    start_time timestamp with time zone NOT NULL,
    period_ms bigint NOT NULL,
    grain_hash integer NOT NULL,
    version integer NOT NULL
);


--
-- Name: repurchase_model_fit; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.repurchase_model_fit (
    id bigint NOT NULL,
    service_id text NOT NULL,
    fitted_at timestamp with time zone NOT NULL,
    as_of timestamp with time zone NOT NULL,
    r double precision NOT NULL,
    alpha double precision NOT NULL,
    a double precision NOT NULL,
    b double precision NOT NULL,
    customers integer NOT NULL,
    log_likelihood double precision NOT NULL,
    expected_purchases_30d double precision NOT NULL,
    expected_purchases_90d double precision NOT NULL,
    customers_likely_lost bigint NOT NULL
);


--
-- Name: repurchase_model_fit_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.repurchase_model_fit ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.repurchase_model_fit_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: schema_migration; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.schema_migration (
    version integer NOT NULL,
    name text NOT NULL,
    checksum text NOT NULL,
    applied_at timestamp with time zone DEFAULT now() NOT NULL
);


--
-- Data for Name: cluster_silo; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.cluster_silo VALUES ('loyaltygrid', '127.0.0.1', 32687, 155526074, 'Silo_2e41b', 'vm', 6, 32688, '127.0.0.1:32687@155526074,2026-12-06 01:41:50.754 GMT', '2026-12-06 01:41:14.826274+00', '2026-12-06 01:41:50.754056+00');


--
-- Data for Name: cluster_version; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.cluster_version VALUES ('loyaltygrid', 4, '2026-12-06 01:41:50.754872+00');


--
-- Data for Name: grain_state; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.grain_state VALUES ('loyaltygrid', 'session', 0, 0, 'shop-a/s-1', 3, '{"kpis": {"lastSeq": 2, "pending": []}, "storefront": "shop-a", "visitMarket": "DE", "firstVisitAt": "2026-12-05T20:36:30+00:00", "owesMessages": false, "purchaseMarket": "DE", "firstPurchaseAt": "2026-12-05T20:41:30+00:00"}', '2026-12-06 01:41:38.127842+00');
INSERT INTO public.grain_state VALUES ('loyaltygrid', 'customer', 0, 0, 'u-alice', 7, '{"kpis": {"lastSeq": 6, "pending": []}, "gauge": {"tier": "member", "lifecycle": "repeat", "homeMarket": "DE", "homeStorefront": "shop-a", "openComplaints": 0, "pointsOutstanding": 404}, "places": {"shop-a/o-1": {"market": "DE", "storefront": "shop-a"}, "shop-a/o-2": {"market": "US", "storefront": "shop-a"}, "shop-a/rv-1": {"market": "US", "storefront": "shop-a"}}, "account": {"lots": [{"points": 64, "source": "earn", "earnedAt": "2026-12-05T20:41:30+00:00", "expiresAt": "2027-12-05T20:41:30+00:00", "remaining": 34, "referenceId": "shop-a/o-1"}, {"points": 120, "source": "earn", "earnedAt": "2026-12-05T21:01:34+00:00", "expiresAt": "2027-12-05T21:01:34+00:00", "remaining": 120, "referenceId": "shop-a/o-2"}, {"points": 50, "source": "review", "earnedAt": "2026-12-05T21:21:35+00:00", "expiresAt": "2027-12-05T21:21:35+00:00", "remaining": 50, "referenceId": "shop-a/rv-1"}, {"points": 200, "source": "referral", "earnedAt": "2026-12-05T22:41:37+00:00", "expiresAt": "2027-12-05T22:41:37+00:00", "remaining": 200, "referenceId": "u-carol"}], "erased": false, "orders": {"shop-a/o-1": {"items": null, "amount": 59.90, "orderId": "shop-a/o-1", "refunds": [{"amount": 10.00, "refundId": "shop-a/rf-1", "shortfall": 0, "occurredAt": "2026-12-05T21:11:34+00:00", "pointsReversed": 10, "reportingAmount": 10.80}], "currency": "EUR", "occurredAt": "2026-12-05T20:41:30+00:00", "earningTier": "member", "pointsEarned": 64, "reviewRewarded": false, "reportingAmount": 64.69}, "shop-a/o-2": {"items": null, "amount": 120.00, "orderId": "shop-a/o-2", "refunds": [], "currency": "USD", "occurredAt": "2026-12-05T21:01:34+00:00", "earningTier": "member", "pointsEarned": 120, "reviewRewarded": true, "reportingAmount": 120.00}}, "history": [{"kind": "earn", "points": 64, "occurredAt": "2026-12-05T20:41:30+00:00", "referenceId": "shop-a/o-1", "balanceAfter": 64}, {"kind": "earn", "points": 120, "occurredAt": "2026-12-05T21:01:34+00:00", "referenceId": "shop-a/o-2", "balanceAfter": 184}, {"kind": "reverse", "points": -10, "occurredAt": "2026-12-05T21:11:34+00:00", "referenceId": "shop-a/rf-1", "balanceAfter": 174}, {"kind": "redeem", "points": -20, "occurredAt": "2026-12-06T01:41:34.9868156+00:00", "referenceId": "shop-a/r-1", "balanceAfter": 154}, {"kind": "review", "points": 50, "occurredAt": "2026-12-05T21:21:35+00:00", "referenceId": "shop-a/rv-1", "balanceAfter": 204}, {"kind": "referral", "points": 200, "occurredAt": "2026-12-05T22:41:37+00:00", "referenceId": "u-carol", "balanceAfter": 404}], "reviews": {"shop-a/rv-1": {"text": "fine", "rating": 5, "orderId": "shop-a/o-2", "reviewId": "shop-a/rv-1", "occurredAt": "2026-12-05T21:21:35+00:00", "pointsAwarded": 50}}, "referral": null, "complaints": {}, "customerId": "u-alice", "lifetimePoints": 434, "rewardedReferees": ["u-carol"], "reversalShortfall": 0}, "processed": {"refund:shop-a/rf-1": {"receipt": {"balance": 174, "orderId": "o-1", "refundId": "rf-1", "pointsReversed": 10}, "fingerprint": "200243E41DBFEACF4E156A3AD7E69AFC5462115204B9C8725C12C4665A67885E"}, "review:shop-a/rv-1": {"receipt": {"balance": 204, "orderId": "o-2", "reviewId": "rv-1", "pointsEarned": 50}, "fingerprint": "51105C4DFA2B4970405E4BB7B7D640A4C5B58775E2F86A44C2467BCA3F70F458"}, "purchase:shop-a/o-1": {"receipt": {"tier": "Member", "balance": 64, "orderId": "o-1", "customerId": "u-alice", "pointsEarned": 64}, "fingerprint": "C4A0AA389E8BB9148047065FD91E1E7E7A773AE017B8820373E07C0F48326C9E"}, "purchase:shop-a/o-2": {"receipt": {"tier": "Member", "balance": 184, "orderId": "o-2", "customerId": "u-alice", "pointsEarned": 120}, "fingerprint": "A0E6A7946988F63E87729FE71C3CF70C857767FD31498932ADE4013A6444DAD8"}, "redemption:shop-a/r-1": {"receipt": {"points": 20, "balance": 154, "redemptionId": "r-1"}, "fingerprint": "FA3CB6DF44D3559411DA862385480A8862181B143FBB85D163DADA72DBDC12A9"}}, "purchases": {"shop-a/o-1": {"market": "DE", "occurredAt": "2026-12-05T20:41:30+00:00", "storefront": "shop-a"}, "shop-a/o-2": {"market": "US", "occurredAt": "2026-12-05T21:01:34+00:00", "storefront": "shop-a"}}, "owesMessages": false, "pendingAwards": [], "pendingConversions": []}', '2026-12-06 01:41:39.12436+00');
INSERT INTO public.grain_state VALUES ('loyaltygrid', 'customer', 0, 0, 'u-bob', 4, '{"kpis": {"lastSeq": 3, "pending": []}, "gauge": {"tier": "member", "lifecycle": "new", "homeMarket": "FR", "homeStorefront": "shop-a", "openComplaints": 1, "pointsOutstanding": 38}, "places": {"shop-a/o-3": {"market": "FR", "storefront": "shop-a"}, "shop-a/cp-1": {"market": null, "storefront": "shop-a"}}, "account": {"lots": [{"points": 38, "source": "earn", "earnedAt": "2026-12-05T21:32:36+00:00", "expiresAt": "2027-12-05T21:32:36+00:00", "remaining": 38, "referenceId": "shop-a/o-3"}], "erased": false, "orders": {"shop-a/o-3": {"items": null, "amount": 35.50, "orderId": "shop-a/o-3", "refunds": [], "currency": "EUR", "occurredAt": "2026-12-05T21:32:36+00:00", "earningTier": "member", "pointsEarned": 38, "reviewRewarded": false, "reportingAmount": 38.34}}, "history": [{"kind": "earn", "points": 38, "occurredAt": "2026-12-05T21:32:36+00:00", "referenceId": "shop-a/o-3", "balanceAfter": 38}], "reviews": {}, "referral": null, "complaints": {"shop-a/cp-1": {"note": null, "orderId": null, "category": "logistics", "openedAt": "2026-12-05T21:31:35+00:00", "resolveBy": "2026-12-08T21:31:35+00:00", "respondBy": "2026-12-06T21:31:35+00:00", "resolvedAt": null, "complaintId": "shop-a/cp-1", "respondedAt": "2026-12-05T22:21:36+00:00", "responseBreachCounted": false, "resolutionBreachCounted": false}}, "customerId": "u-bob", "lifetimePoints": 38, "rewardedReferees": [], "reversalShortfall": 0}, "processed": {"purchase:shop-a/o-3": {"receipt": {"tier": "Member", "balance": 38, "orderId": "o-3", "customerId": "u-bob", "pointsEarned": 38}, "fingerprint": "770BC24B69B6D340032197EA53B61B7AF98BEC1F6081A60618544D350DFEAF8C"}, "complaint:shop-a/cp-1": {"receipt": {"state": "open", "customerId": "u-bob", "complaintId": "cp-1", "openComplaints": 1}, "fingerprint": "468E7642745A72929081C82F9C508ACCCC349744758A11CEC4E36C68F251AB9D"}, "complaint-response:shop-a/cp-1": {"receipt": {"state": "responded", "customerId": "u-bob", "complaintId": "cp-1", "openComplaints": 1}, "fingerprint": "C013085C8FA16F1E348703D7EEAE7AD29BD3646CE76AA8B6DDB5A85A9F159EB0"}}, "purchases": {"shop-a/o-3": {"market": "FR", "occurredAt": "2026-12-05T21:32:36+00:00", "storefront": "shop-a"}}, "owesMessages": false, "pendingAwards": [], "pendingConversions": []}', '2026-12-06 01:41:41.769337+00');
INSERT INTO public.grain_state VALUES ('loyaltygrid', 'customer', 0, 0, 'u-carol', 3, '{"kpis": {"lastSeq": 2, "pending": []}, "gauge": {"tier": "member", "lifecycle": "new", "homeMarket": "US", "homeStorefront": "shop-a", "openComplaints": 0, "pointsOutstanding": 80}, "places": {"shop-a/o-4": {"market": "US", "storefront": "shop-a"}}, "account": {"lots": [{"points": 80, "source": "earn", "earnedAt": "2026-12-05T22:41:37+00:00", "expiresAt": "2027-12-05T22:41:37+00:00", "remaining": 80, "referenceId": "shop-a/o-4"}], "erased": false, "orders": {"shop-a/o-4": {"items": null, "amount": 80.00, "orderId": "shop-a/o-4", "refunds": [], "currency": "USD", "occurredAt": "2026-12-05T22:41:37+00:00", "earningTier": "member", "pointsEarned": 80, "reviewRewarded": false, "reportingAmount": 80.00}}, "history": [{"kind": "earn", "points": 80, "occurredAt": "2026-12-05T22:41:37+00:00", "referenceId": "shop-a/o-4", "balanceAfter": 80}], "reviews": {}, "referral": {"progress": "rewarded", "occurredAt": "2026-12-05T22:31:36+00:00", "referralId": "shop-a/ref-1", "referrerId": "u-alice"}, "complaints": {}, "customerId": "u-carol", "lifetimePoints": 80, "rewardedReferees": [], "reversalShortfall": 0}, "processed": {"purchase:shop-a/o-4": {"receipt": {"tier": "Member", "balance": 80, "orderId": "o-4", "customerId": "u-carol", "pointsEarned": 80}, "fingerprint": "AA2377AE750AA0BF546AF944ECE264D6DFA6A2308D64BD4020872F4C0B5924B8"}, "referral:shop-a/ref-1": {"receipt": {"outcome": "recorded", "refereeId": "u-carol", "referralId": "ref-1", "referrerId": "u-alice"}, "fingerprint": "0D8E98462BFC1BDCC0A78D8FF483E2B6D99E5248637BCCFCAD04970699024043"}}, "purchases": {"shop-a/o-4": {"market": "US", "occurredAt": "2026-12-05T22:41:37+00:00", "storefront": "shop-a"}}, "owesMessages": false, "pendingAwards": [], "pendingConversions": []}', '2026-12-06 01:41:42.114145+00');
INSERT INTO public.grain_state VALUES ('loyaltygrid', 'session', 0, 0, 'shop-a/s-2', 3, '{"kpis": {"lastSeq": 2, "pending": []}, "storefront": "shop-a", "visitMarket": "US", "firstVisitAt": "2026-12-05T22:36:37+00:00", "owesMessages": false, "purchaseMarket": "US", "firstPurchaseAt": "2026-12-05T22:41:37+00:00"}', '2026-12-06 01:41:42.550206+00');
INSERT INTO public.grain_state VALUES ('loyaltygrid', 'session', 0, 0, 'shop-a/s-3', 2, '{"kpis": {"lastSeq": 1, "pending": []}, "storefront": "shop-a", "visitMarket": "DE", "firstVisitAt": "2026-12-05T22:51:37+00:00", "owesMessages": false, "purchaseMarket": "", "firstPurchaseAt": null}', '2026-12-06 01:41:43.067392+00');
INSERT INTO public.grain_state VALUES ('loyaltygrid', 'customer', 0, 0, '~4711', 2, '{"kpis": {"lastSeq": 1, "pending": []}, "gauge": {"tier": "member", "lifecycle": "new", "homeMarket": "DE", "homeStorefront": "shop-a", "openComplaints": 0, "pointsOutstanding": 16}, "places": {"shop-a/12345": {"market": "DE", "storefront": "shop-a"}}, "account": {"lots": [{"points": 16, "source": "earn", "earnedAt": "2026-12-05T23:01:37+00:00", "expiresAt": "2027-12-05T23:01:37+00:00", "remaining": 16, "referenceId": "shop-a/12345"}], "erased": false, "orders": {"shop-a/12345": {"items": null, "amount": 15.00, "orderId": "shop-a/12345", "refunds": [], "currency": "EUR", "occurredAt": "2026-12-05T23:01:37+00:00", "earningTier": "member", "pointsEarned": 16, "reviewRewarded": false, "reportingAmount": 16.20}}, "history": [{"kind": "earn", "points": 16, "occurredAt": "2026-12-05T23:01:37+00:00", "referenceId": "shop-a/12345", "balanceAfter": 16}], "reviews": {}, "referral": null, "complaints": {}, "customerId": "4711", "lifetimePoints": 16, "rewardedReferees": [], "reversalShortfall": 0}, "processed": {"purchase:shop-a/12345": {"receipt": {"tier": "Member", "balance": 16, "orderId": "12345", "customerId": "4711", "pointsEarned": 16}, "fingerprint": "9EF98FE84673C4CE0CC7EEAEE483FB08129B12F67234941843E7C72C38655B46"}}, "purchases": {"shop-a/12345": {"market": "DE", "occurredAt": "2026-12-05T23:01:37+00:00", "storefront": "shop-a"}}, "owesMessages": false, "pendingAwards": [], "pendingConversions": []}', '2026-12-06 01:41:43.447668+00');


--
-- Data for Name: kpi_scope; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.kpi_scope VALUES ('market:US', 4, '{"live": [{"minute": "2026-12-06T01:41:00+00:00", "counters": {"orders": 2, "visits": 1, "reviews": 1, "ratingSum": 5, "csatReviews": 1, "grossRevenue": 200.00, "pointsIssued": 250, "convertedSessions": 1}}], "scope": "market:US", "buckets": {"all": {"counters": {"buyers": 2, "orders": 2, "visits": 1, "reviews": 1, "ratingSum": 5, "csatReviews": 1, "grossRevenue": 200.00, "newCustomers": 2, "pointsIssued": 250, "cohort/2026-12+0": 2, "convertedSessions": 1}, "histograms": {}}, "now": {"counters": {"tiers/Member": 1, "lifecycle/new": 1, "pointsOutstanding": 80}, "histograms": {}}, "2026-12": {"counters": {"buyers": 2, "orders": 2, "visits": 1, "reviews": 1, "ratingSum": 5, "csatReviews": 1, "grossRevenue": 200.00, "newCustomers": 2, "pointsIssued": 250, "convertedSessions": 1}, "histograms": {}}, "2026-12-05": {"counters": {"buyers": 2, "orders": 2, "visits": 1, "reviews": 1, "ratingSum": 5, "csatReviews": 1, "grossRevenue": 200.00, "newCustomers": 2, "pointsIssued": 250, "convertedSessions": 1}, "histograms": {}}}, "latestAcceptedAt": "2026-12-06T01:41:37.4287417+00:00"}', '2026-12-06 01:41:37.811995+00');
INSERT INTO public.kpi_scope VALUES ('storefront:shop-a', 10, '{"live": [{"minute": "2026-12-06T01:41:00+00:00", "counters": {"orders": 5, "visits": 3, "refunds": 1, "reviews": 1, "ratingSum": 5, "csatReviews": 1, "grossRevenue": 319.23, "pointsIssued": 568, "pointsRedeemed": 20, "pointsReversed": 10, "refundedAmount": 10.80, "convertedSessions": 2, "complaints/logistics": 1}}], "scope": "storefront:shop-a", "buckets": {"all": {"counters": {"buyers": 4, "orders": 5, "visits": 3, "refunds": 1, "reviews": 1, "ratingSum": 5, "csatReviews": 1, "grossRevenue": 319.23, "newCustomers": 4, "pointsIssued": 568, "pointsRedeemed": 20, "pointsReversed": 10, "refundedAmount": 10.80, "cohort/2026-12+0": 4, "convertedSessions": 2, "customersWithRepeat": 1, "complaints/logistics": 1}, "histograms": {"firstResponseTime": {"sum": 3001, "bins": {"754": 1}, "count": 1}}}, "now": {"counters": {"tiers/Member": 4, "lifecycle/new": 3, "openComplaints": 1, "lifecycle/repeat": 1, "pointsOutstanding": 538}, "histograms": {}}, "2026-12": {"counters": {"buyers": 4, "orders": 5, "visits": 3, "refunds": 1, "reviews": 1, "ratingSum": 5, "csatReviews": 1, "grossRevenue": 319.23, "newCustomers": 4, "pointsIssued": 568, "pointsRedeemed": 20, "pointsReversed": 10, "refundedAmount": 10.80, "convertedSessions": 2, "complaints/logistics": 1}, "histograms": {"firstResponseTime": {"sum": 3001, "bins": {"754": 1}, "count": 1}}}, "2026-12-05": {"counters": {"buyers": 4, "orders": 5, "visits": 3, "refunds": 1, "reviews": 1, "ratingSum": 5, "csatReviews": 1, "grossRevenue": 319.23, "newCustomers": 4, "pointsIssued": 568, "pointsReversed": 10, "refundedAmount": 10.80, "convertedSessions": 2, "complaints/logistics": 1}, "histograms": {"firstResponseTime": {"sum": 3001, "bins": {"754": 1}, "count": 1}}}, "2026-12-06": {"counters": {"pointsRedeemed": 20}, "histograms": {}}}, "latestAcceptedAt": "2026-12-06T01:41:37.9480994+00:00"}', '2026-12-06 01:41:38.316436+00');
INSERT INTO public.kpi_scope VALUES ('storefront-market:shop-a|US', 4, '{"live": [{"minute": "2026-12-06T01:41:00+00:00", "counters": {"orders": 2, "visits": 1, "reviews": 1, "ratingSum": 5, "csatReviews": 1, "grossRevenue": 200.00, "pointsIssued": 250, "convertedSessions": 1}}], "scope": "storefront-market:shop-a|US", "buckets": {"all": {"counters": {"buyers": 2, "orders": 2, "visits": 1, "reviews": 1, "ratingSum": 5, "csatReviews": 1, "grossRevenue": 200.00, "newCustomers": 2, "pointsIssued": 250, "cohort/2026-12+0": 2, "convertedSessions": 1}, "histograms": {}}, "now": {"counters": {"tiers/Member": 1, "lifecycle/new": 1, "pointsOutstanding": 80}, "histograms": {}}, "2026-12": {"counters": {"buyers": 2, "orders": 2, "visits": 1, "reviews": 1, "ratingSum": 5, "csatReviews": 1, "grossRevenue": 200.00, "newCustomers": 2, "pointsIssued": 250, "convertedSessions": 1}, "histograms": {}}, "2026-12-05": {"counters": {"buyers": 2, "orders": 2, "visits": 1, "reviews": 1, "ratingSum": 5, "csatReviews": 1, "grossRevenue": 200.00, "newCustomers": 2, "pointsIssued": 250, "convertedSessions": 1}, "histograms": {}}}, "latestAcceptedAt": "2026-12-06T01:41:37.4287417+00:00"}', '2026-12-06 01:41:37.811772+00');
INSERT INTO public.kpi_scope VALUES ('market:FR', 1, '{"live": [{"minute": "2026-12-06T01:41:00+00:00", "counters": {"orders": 1, "grossRevenue": 38.34, "pointsIssued": 38}}], "scope": "market:FR", "buckets": {"all": {"counters": {"buyers": 1, "orders": 1, "grossRevenue": 38.34, "newCustomers": 1, "pointsIssued": 38, "cohort/2026-12+0": 1}, "histograms": {}}, "now": {"counters": {"tiers/Member": 1, "lifecycle/new": 1, "openComplaints": 1, "pointsOutstanding": 38}, "histograms": {}}, "2026-12": {"counters": {"buyers": 1, "orders": 1, "grossRevenue": 38.34, "newCustomers": 1, "pointsIssued": 38}, "histograms": {}}, "2026-12-05": {"counters": {"buyers": 1, "orders": 1, "grossRevenue": 38.34, "newCustomers": 1, "pointsIssued": 38}, "histograms": {}}}, "latestAcceptedAt": "2026-12-06T01:41:36.4427688+00:00"}', '2026-12-06 01:41:37.028781+00');
INSERT INTO public.kpi_scope VALUES ('storefront-market:shop-a|FR', 1, '{"live": [{"minute": "2026-12-06T01:41:00+00:00", "counters": {"orders": 1, "grossRevenue": 38.34, "pointsIssued": 38}}], "scope": "storefront-market:shop-a|FR", "buckets": {"all": {"counters": {"buyers": 1, "orders": 1, "grossRevenue": 38.34, "newCustomers": 1, "pointsIssued": 38, "cohort/2026-12+0": 1}, "histograms": {}}, "now": {"counters": {"tiers/Member": 1, "lifecycle/new": 1, "openComplaints": 1, "pointsOutstanding": 38}, "histograms": {}}, "2026-12": {"counters": {"buyers": 1, "orders": 1, "grossRevenue": 38.34, "newCustomers": 1, "pointsIssued": 38}, "histograms": {}}, "2026-12-05": {"counters": {"buyers": 1, "orders": 1, "grossRevenue": 38.34, "newCustomers": 1, "pointsIssued": 38}, "histograms": {}}}, "latestAcceptedAt": "2026-12-06T01:41:36.4427688+00:00"}', '2026-12-06 01:41:37.046938+00');
INSERT INTO public.kpi_scope VALUES ('grid', 10, '{"live": [{"minute": "2026-12-06T01:41:00+00:00", "counters": {"orders": 5, "visits": 3, "refunds": 1, "reviews": 1, "ratingSum": 5, "csatReviews": 1, "grossRevenue": 319.23, "pointsIssued": 568, "pointsRedeemed": 20, "pointsReversed": 10, "refundedAmount": 10.80, "convertedSessions": 2, "complaints/logistics": 1}}], "scope": "grid", "buckets": {"all": {"counters": {"buyers": 4, "orders": 5, "visits": 3, "refunds": 1, "reviews": 1, "ratingSum": 5, "csatReviews": 1, "grossRevenue": 319.23, "newCustomers": 4, "pointsIssued": 568, "pointsRedeemed": 20, "pointsReversed": 10, "refundedAmount": 10.80, "cohort/2026-12+0": 4, "convertedSessions": 2, "customersWithRepeat": 1, "complaints/logistics": 1}, "histograms": {"firstResponseTime": {"sum": 3001, "bins": {"754": 1}, "count": 1}}}, "now": {"counters": {"tiers/Member": 4, "lifecycle/new": 3, "openComplaints": 1, "lifecycle/repeat": 1, "pointsOutstanding": 538}, "histograms": {}}, "2026-12": {"counters": {"buyers": 4, "orders": 5, "visits": 3, "refunds": 1, "reviews": 1, "ratingSum": 5, "csatReviews": 1, "grossRevenue": 319.23, "newCustomers": 4, "pointsIssued": 568, "pointsRedeemed": 20, "pointsReversed": 10, "refundedAmount": 10.80, "convertedSessions": 2, "complaints/logistics": 1}, "histograms": {"firstResponseTime": {"sum": 3001, "bins": {"754": 1}, "count": 1}}}, "2026-12-05": {"counters": {"buyers": 4, "orders": 5, "visits": 3, "refunds": 1, "reviews": 1, "ratingSum": 5, "csatReviews": 1, "grossRevenue": 319.23, "newCustomers": 4, "pointsIssued": 568, "pointsReversed": 10, "refundedAmount": 10.80, "convertedSessions": 2, "complaints/logistics": 1}, "histograms": {"firstResponseTime": {"sum": 3001, "bins": {"754": 1}, "count": 1}}}, "2026-12-06": {"counters": {"pointsRedeemed": 20}, "histograms": {}}}, "latestAcceptedAt": "2026-12-06T01:41:37.9480994+00:00"}', '2026-12-06 01:41:38.31405+00');
INSERT INTO public.kpi_scope VALUES ('storefront-market:shop-a|DE', 8, '{"live": [{"minute": "2026-12-06T01:41:00+00:00", "counters": {"orders": 2, "visits": 2, "refunds": 1, "grossRevenue": 80.89, "pointsIssued": 280, "pointsRedeemed": 20, "pointsReversed": 10, "refundedAmount": 10.80, "convertedSessions": 1}}], "scope": "storefront-market:shop-a|DE", "buckets": {"all": {"counters": {"buyers": 2, "orders": 2, "visits": 2, "refunds": 1, "grossRevenue": 80.89, "newCustomers": 2, "pointsIssued": 280, "pointsRedeemed": 20, "pointsReversed": 10, "refundedAmount": 10.80, "cohort/2026-12+0": 2, "convertedSessions": 1}, "histograms": {}}, "now": {"counters": {"tiers/Member": 2, "lifecycle/new": 1, "lifecycle/repeat": 1, "pointsOutstanding": 420}, "histograms": {}}, "2026-12": {"counters": {"buyers": 2, "orders": 2, "visits": 2, "refunds": 1, "grossRevenue": 80.89, "newCustomers": 2, "pointsIssued": 280, "pointsRedeemed": 20, "pointsReversed": 10, "refundedAmount": 10.80, "convertedSessions": 1}, "histograms": {}}, "2026-12-05": {"counters": {"buyers": 2, "orders": 2, "visits": 2, "refunds": 1, "grossRevenue": 80.89, "newCustomers": 2, "pointsIssued": 280, "pointsReversed": 10, "refundedAmount": 10.80, "convertedSessions": 1}, "histograms": {}}, "2026-12-06": {"counters": {"pointsRedeemed": 20}, "histograms": {}}}, "latestAcceptedAt": "2026-12-06T01:41:37.9480994+00:00"}', '2026-12-06 01:41:38.31681+00');
INSERT INTO public.kpi_scope VALUES ('market:DE', 8, '{"live": [{"minute": "2026-12-06T01:41:00+00:00", "counters": {"orders": 2, "visits": 2, "refunds": 1, "grossRevenue": 80.89, "pointsIssued": 280, "pointsRedeemed": 20, "pointsReversed": 10, "refundedAmount": 10.80, "convertedSessions": 1}}], "scope": "market:DE", "buckets": {"all": {"counters": {"buyers": 2, "orders": 2, "visits": 2, "refunds": 1, "grossRevenue": 80.89, "newCustomers": 2, "pointsIssued": 280, "pointsRedeemed": 20, "pointsReversed": 10, "refundedAmount": 10.80, "cohort/2026-12+0": 2, "convertedSessions": 1}, "histograms": {}}, "now": {"counters": {"tiers/Member": 2, "lifecycle/new": 1, "lifecycle/repeat": 1, "pointsOutstanding": 420}, "histograms": {}}, "2026-12": {"counters": {"buyers": 2, "orders": 2, "visits": 2, "refunds": 1, "grossRevenue": 80.89, "newCustomers": 2, "pointsIssued": 280, "pointsRedeemed": 20, "pointsReversed": 10, "refundedAmount": 10.80, "convertedSessions": 1}, "histograms": {}}, "2026-12-05": {"counters": {"buyers": 2, "orders": 2, "visits": 2, "refunds": 1, "grossRevenue": 80.89, "newCustomers": 2, "pointsIssued": 280, "pointsReversed": 10, "refundedAmount": 10.80, "convertedSessions": 1}, "histograms": {}}, "2026-12-06": {"counters": {"pointsRedeemed": 20}, "histograms": {}}}, "latestAcceptedAt": "2026-12-06T01:41:37.9480994+00:00"}', '2026-12-06 01:41:38.317842+00');


--
-- Data for Name: kpi_source_mark; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.kpi_source_mark VALUES ('storefront:shop-a', 'session:shop-a/s-1', 2);
INSERT INTO public.kpi_source_mark VALUES ('storefront-market:shop-a|DE', 'session:shop-a/s-1', 2);
INSERT INTO public.kpi_source_mark VALUES ('grid', 'session:shop-a/s-1', 2);
INSERT INTO public.kpi_source_mark VALUES ('market:DE', 'session:shop-a/s-1', 2);
INSERT INTO public.kpi_source_mark VALUES ('storefront-market:shop-a|US', 'customer:u-alice', 5);
INSERT INTO public.kpi_source_mark VALUES ('market:US', 'customer:u-alice', 5);
INSERT INTO public.kpi_source_mark VALUES ('market:FR', 'customer:u-bob', 2);
INSERT INTO public.kpi_source_mark VALUES ('storefront:shop-a', 'customer:u-bob', 3);
INSERT INTO public.kpi_source_mark VALUES ('storefront-market:shop-a|FR', 'customer:u-bob', 2);
INSERT INTO public.kpi_source_mark VALUES ('grid', 'customer:u-bob', 3);
INSERT INTO public.kpi_source_mark VALUES ('storefront-market:shop-a|DE', 'customer:u-alice', 6);
INSERT INTO public.kpi_source_mark VALUES ('storefront:shop-a', 'customer:u-carol', 2);
INSERT INTO public.kpi_source_mark VALUES ('storefront:shop-a', 'customer:u-alice', 6);
INSERT INTO public.kpi_source_mark VALUES ('grid', 'customer:u-carol', 2);
INSERT INTO public.kpi_source_mark VALUES ('grid', 'customer:u-alice', 6);
INSERT INTO public.kpi_source_mark VALUES ('market:US', 'customer:u-carol', 2);
INSERT INTO public.kpi_source_mark VALUES ('storefront-market:shop-a|US', 'customer:u-carol', 2);
INSERT INTO public.kpi_source_mark VALUES ('market:DE', 'customer:u-alice', 6);
INSERT INTO public.kpi_source_mark VALUES ('market:DE', 'session:shop-a/s-3', 1);
INSERT INTO public.kpi_source_mark VALUES ('market:US', 'session:shop-a/s-2', 2);
INSERT INTO public.kpi_source_mark VALUES ('storefront:shop-a', 'session:shop-a/s-3', 1);
INSERT INTO public.kpi_source_mark VALUES ('storefront:shop-a', 'session:shop-a/s-2', 2);
INSERT INTO public.kpi_source_mark VALUES ('storefront-market:shop-a|DE', 'session:shop-a/s-3', 1);
INSERT INTO public.kpi_source_mark VALUES ('storefront-market:shop-a|US', 'session:shop-a/s-2', 2);
INSERT INTO public.kpi_source_mark VALUES ('grid', 'session:shop-a/s-3', 1);
INSERT INTO public.kpi_source_mark VALUES ('grid', 'session:shop-a/s-2', 2);
INSERT INTO public.kpi_source_mark VALUES ('grid', 'customer:4711', 1);
INSERT INTO public.kpi_source_mark VALUES ('storefront-market:shop-a|DE', 'customer:4711', 1);
INSERT INTO public.kpi_source_mark VALUES ('storefront:shop-a', 'customer:4711', 1);
INSERT INTO public.kpi_source_mark VALUES ('market:DE', 'customer:4711', 1);


--
-- Data for Name: orleansquery; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.orleansquery VALUES ('InsertMembershipVersionKey', '
    WITH created AS (
        INSERT INTO cluster_version (deployment_id) VALUES (@DeploymentId)
        ON CONFLICT DO NOTHING
        RETURNING 1)
    SELECT count(*)::integer FROM created;
');
INSERT INTO public.orleansquery VALUES ('InsertMembershipKey', '
    SELECT cluster_insert_silo(@DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName,
                               @Status, @ProxyPort, @StartTime::timestamptz,
                               @IAmAliveTime::timestamptz, @Version);
');
INSERT INTO public.orleansquery VALUES ('UpdateMembershipKey', '
    SELECT cluster_update_silo(@DeploymentId, @Address, @Port, @Generation, @Status,
                               @SuspectTimes::text, @IAmAliveTime::timestamptz, @Version);
');
INSERT INTO public.orleansquery VALUES ('UpdateIAmAlivetimeKey', '
    UPDATE cluster_silo
    SET i_am_alive_time = @IAmAliveTime::timestamptz
    WHERE deployment_id = @DeploymentId AND address = @Address
      AND port = @Port AND generation = @Generation;
');
INSERT INTO public.orleansquery VALUES ('MembershipReadRowKey', '
    SELECT * FROM cluster_membership(@DeploymentId, @Address, @Port, @Generation);
');
INSERT INTO public.orleansquery VALUES ('MembershipReadAllKey', '
    SELECT * FROM cluster_membership(@DeploymentId);
');
INSERT INTO public.orleansquery VALUES ('GatewaysQueryKey', '
    SELECT address AS "Address", proxy_port AS "ProxyPort", generation AS "Generation"
    FROM cluster_silo
    WHERE deployment_id = @DeploymentId AND status = @Status AND proxy_port > 0;
');
INSERT INTO public.orleansquery VALUES ('DeleteMembershipTableEntriesKey', '
    DELETE FROM cluster_version WHERE deployment_id = @DeploymentId;
');
INSERT INTO public.orleansquery VALUES ('CleanupDefunctSiloEntriesKey', '
    DELETE FROM cluster_silo
    WHERE deployment_id = @DeploymentId
      AND i_am_alive_time < @IAmAliveTime::timestamptz
      AND status <> 3;
');
INSERT INTO public.orleansquery VALUES ('ReadFromStorageKey', '
    SELECT convert_to(payload::text, ''UTF8'') AS "PayloadBinary", version AS "Version"
    FROM grain_state
    WHERE service_id = @ServiceId AND state_name = @GrainTypeString
      AND grain_key = coalesce(@GrainIdExtensionString::text, '''')
      AND key_n0 = @GrainIdN0 AND key_n1 = @GrainIdN1;
');
INSERT INTO public.orleansquery VALUES ('WriteToStorageKey', '
    WITH updated AS (
        UPDATE grain_state
        SET payload = convert_from(@PayloadBinary, ''UTF8'')::jsonb,
            version = version + 1,
            written_at = now()
        WHERE @GrainStateVersion::integer IS NOT NULL
          AND service_id = @ServiceId AND state_name = @GrainTypeString
          AND grain_key = coalesce(@GrainIdExtensionString::text, '''')
          AND key_n0 = @GrainIdN0 AND key_n1 = @GrainIdN1
          AND version = @GrainStateVersion::integer
        RETURNING version),
    inserted AS (
        INSERT INTO grain_state (service_id, state_name, key_n0, key_n1, grain_key, version, payload)
        SELECT @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1,
               coalesce(@GrainIdExtensionString::text, ''''), 1,
               convert_from(@PayloadBinary, ''UTF8'')::jsonb
        WHERE @GrainStateVersion::integer IS NULL
        ON CONFLICT DO NOTHING
        RETURNING version)
    SELECT version AS "NewGrainStateVersion" FROM updated
    UNION ALL
    SELECT version FROM inserted;
');
INSERT INTO public.orleansquery VALUES ('ClearStorageKey', '
    UPDATE grain_state
    SET payload = NULL, version = version + 1, written_at = now()
    WHERE service_id = @ServiceId AND state_name = @GrainTypeString
      AND grain_key = coalesce(@GrainIdExtensionString::text, '''')
      AND key_n0 = @GrainIdN0 AND key_n1 = @GrainIdN1
      AND version = @GrainStateVersion::integer
    RETURNING version AS "NewGrainStateVersion";
');
INSERT INTO public.orleansquery VALUES ('DeleteStorageKey', '
    DELETE FROM grain_state
    WHERE service_id = @ServiceId AND state_name = @GrainTypeString
      AND grain_key = coalesce(@GrainIdExtensionString::text, '''')
      AND key_n0 = @GrainIdN0 AND key_n1 = @GrainIdN1
      AND version = @GrainStateVersion::integer
    RETURNING version + 1 AS "NewGrainStateVersion";
');
INSERT INTO public.orleansquery VALUES ('UpsertReminderRowKey', '
    INSERT INTO reminder (service_id, grain_id, reminder_name, start_time, period_ms, grain_hash, version)
    VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime::timestamptz, @Period::bigint, @GrainHash, 0)
    ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE
    SET start_time = excluded.start_time,
        period_ms = excluded.period_ms,
        grain_hash = excluded.grain_hash,
        version = reminder.version + 1
    RETURNING version AS "Version";
');
INSERT INTO public.orleansquery VALUES ('ReadReminderRowsKey', '
    SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime",
           period_ms AS "Period", version AS "Version"
    FROM reminder
    WHERE service_id = @ServiceId AND grain_id = @GrainId;
');
INSERT INTO public.orleansquery VALUES ('ReadReminderRowKey', '
    SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime",
           period_ms AS "Period", version AS "Version"
    FROM reminder
    WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName;
');
INSERT INTO public.orleansquery VALUES ('ReadRangeRows1Key', '
    SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime",
           period_ms AS "Period", version AS "Version"
    FROM reminder
    WHERE service_id = @ServiceId AND grain_hash > @BeginHash AND grain_hash <= @EndHash;
');
INSERT INTO public.orleansquery VALUES ('ReadRangeRows2Key', '
    SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime",
           period_ms AS "Period", version AS "Version"
    FROM reminder
    WHERE service_id = @ServiceId AND (grain_hash > @BeginHash OR grain_hash <= @EndHash);
');
INSERT INTO public.orleansquery VALUES ('DeleteReminderRowKey', '
    WITH deleted AS (
        DELETE FROM reminder
        WHERE service_id = @ServiceId AND grain_id = @GrainId
          AND reminder_name = @ReminderName AND version = @Version
        RETURNING 1)
    SELECT count(*)::integer FROM deleted;
');
INSERT INTO public.orleansquery VALUES ('DeleteReminderRowsKey', '
    DELETE FROM reminder WHERE service_id = @ServiceId;
');


--
-- Data for Name: reminder; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.reminder VALUES ('loyaltygrid', 'outboxsweeper/0', 'sweep', '2026-12-06 01:42:22.58894+00', 60000, 1919371365, 0);
INSERT INTO public.reminder VALUES ('loyaltygrid', 'repurchasemodel/0', 'refit', '2026-12-07 01:41:25.86079+00', 86400000, 399795546, 0);
INSERT INTO public.reminder VALUES ('loyaltygrid', 'customer/u-alice', 'upkeep', '2026-12-07 01:41:34.203119+00', 86400000, 1087178919, 0);
INSERT INTO public.reminder VALUES ('loyaltygrid', 'customer/u-bob', 'upkeep', '2026-12-06 21:31:35.001377+00', 86400000, 894989772, 0);
INSERT INTO public.reminder VALUES ('loyaltygrid', 'customer/u-carol', 'upkeep', '2026-12-07 01:41:37.461824+00', 86400000, 1757751098, 0);
INSERT INTO public.reminder VALUES ('loyaltygrid', 'customer/4711', 'upkeep', '2026-12-07 01:41:38.048493+00', 86400000, -1478944659, 0);


--
-- Data for Name: repurchase_model_fit; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: schema_migration; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.schema_migration VALUES (1, 'orleans_queries_table', '79CAE9C43E4B0384F73A9CE4482CFEA00A9E96EA9946DD8F44B73F0840A5B2F6', '2026-12-06 01:41:06.316757+00');
INSERT INTO public.schema_migration VALUES (2, 'clustering', '329FAB235CAFA2E74EE1331B4FD27FC7030F564241DAE2415845DFEF33FEE658', '2026-12-06 01:41:06.657025+00');
INSERT INTO public.schema_migration VALUES (3, 'grain_state', '46CB61C0A59BB8B52F9415128B5A2662BFCEC263C5F4201DA7067EF74DCEBEAB', '2026-12-06 01:41:06.715649+00');
INSERT INTO public.schema_migration VALUES (4, 'reminders', '16D1DA8564D3FFF60DA5BFC693101D8C0FDAAB4621D621263C0A2EEC04AE53F1', '2026-12-06 01:41:06.754552+00');
INSERT INTO public.schema_migration VALUES (5, 'kpi_scopes', 'F8EF87BA49D90CBCBA13C9757E6960652AA530A38C9D645FEA6B00D271742400', '2026-12-06 01:41:06.799314+00');
INSERT INTO public.schema_migration VALUES (7, 'repurchase_model', '0E9FE749067D5EBE21790C92046F12723689F2794225689C0D469766EBAC74A0', '2026-12-06 01:41:06.851391+00');
INSERT INTO public.schema_migration VALUES (8, 'owing_outboxes', 'FED34A26C094F5009A3328189C1E41AE5072EA9F28629C538BC9CE72AFFBC643', '2026-12-06 01:41:06.887922+00');
INSERT INTO public.schema_migration VALUES (9, 'drop_grain_state_payload_index', '24F9231D91F19D7BF357D237DC5D985963882782244604FCBAADE1582662222A', '2026-12-06 01:41:06.911128+00');


--
-- Name: repurchase_model_fit_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.repurchase_model_fit_id_seq', 1, false);


--
-- Name: cluster_silo cluster_silo_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.cluster_silo
    ADD CONSTRAINT cluster_silo_pkey PRIMARY KEY (deployment_id, address, port, generation);


--
-- Name: cluster_version cluster_version_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.cluster_version
    ADD CONSTRAINT cluster_version_pkey PRIMARY KEY (deployment_id);


--
-- Name: grain_state grain_state_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.grain_state
    ADD CONSTRAINT grain_state_pkey PRIMARY KEY (service_id, state_name, grain_key, key_n0, key_n1);


--
-- Name: kpi_scope kpi_scope_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.kpi_scope
    ADD CONSTRAINT kpi_scope_pkey PRIMARY KEY (scope);


--
-- Name: kpi_source_mark kpi_source_mark_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.kpi_source_mark
    ADD CONSTRAINT kpi_source_mark_pkey PRIMARY KEY (scope, source);


--
-- Name: orleansquery orleansquery_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.orleansquery
    ADD CONSTRAINT orleansquery_pkey PRIMARY KEY (querykey);


--
-- Name: reminder reminder_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.reminder
    ADD CONSTRAINT reminder_pkey PRIMARY KEY (service_id, grain_id, reminder_name);


--
-- Name: repurchase_model_fit repurchase_model_fit_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.repurchase_model_fit
    ADD CONSTRAINT repurchase_model_fit_pkey PRIMARY KEY (id);


--
-- Name: schema_migration schema_migration_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.schema_migration
    ADD CONSTRAINT schema_migration_pkey PRIMARY KEY (version);


--
-- Name: grain_state_owing; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX grain_state_owing ON public.grain_state USING btree (service_id, written_at) WHERE ((payload ->> 'owesMessages'::text) = 'true'::text);


--
-- Name: reminder_by_hash; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX reminder_by_hash ON public.reminder USING btree (service_id, grain_hash);


--
-- Name: repurchase_model_fit_latest; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX repurchase_model_fit_latest ON public.repurchase_model_fit USING btree (service_id, id DESC);


--
-- Name: cluster_silo cluster_silo_deployment_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.cluster_silo
    ADD CONSTRAINT cluster_silo_deployment_id_fkey FOREIGN KEY (deployment_id) REFERENCES public.cluster_version(deployment_id) ON DELETE CASCADE;


--
-- PostgreSQL database dump complete
--


