namespace LoyaltyGrid.Projections.Webhooks;

/// <summary>
/// The statements on the outbox, <c>webhook_delivery</c> (deliveries still to be sent), and on
/// <c>webhook_delivery_log</c> (finished ones), migrations 0034, 0047 and 0048.
/// </summary>
internal static class WebhookSql
{
    // A notice naming a customer whose erasure is already journaled is not inserted: the erasure
    // deleted what was there, and this page was read before the payload was scrubbed. Each of the
    // page's customers is looked up once (@erasure_streams holds them once each), not once per row:
    // with two subscriptions every notice is two rows, and each lookup is a probe of the journal.
    // A delivery already finished is in the log, not in the outbox: a rebuild of the projection
    // must not queue it again. Rows from before migration 0048 have journal_tx 0 and are looked
    // for under it too.
    public const string Insert = """
        WITH erased AS MATERIALIZED (
            SELECT c.stream
            FROM unnest(@erasure_streams) AS c(stream)
            WHERE EXISTS (SELECT 1 FROM journal j WHERE j.stream = c.stream AND j.event_id = @erasure_id))
        INSERT INTO webhook_delivery (subscription, journal_tx, event_id, type, customer_id, body, created_at, next_attempt_at)
        SELECT r.subscription, r.journal_tx, r.event_id, r.type, r.customer_id, r.body, @now, @now
        FROM unnest(@subscriptions, @journal_txs, @ids, @types, @customers, @streams, @bodies)
            AS r(subscription, journal_tx, event_id, type, customer_id, stream, body)
        WHERE (r.stream IS NULL OR r.stream NOT IN (SELECT stream FROM erased))
          AND NOT EXISTS (SELECT 1 FROM webhook_delivery_log l
                          WHERE l.subscription = r.subscription AND l.journal_tx IN (r.journal_tx, 0) AND l.event_id = r.event_id)
          AND NOT EXISTS (SELECT 1 FROM webhook_delivery q
                          WHERE q.subscription = r.subscription AND q.journal_tx = 0 AND q.event_id = r.event_id)
        ON CONFLICT (subscription, journal_tx, event_id) DO NOTHING
        """;

    // The row locks last only for this statement's transaction; the lease keeps other silos away
    // during the call. The rows are found by their ctid (a TID scan) so that the generic plan
    // (GenericPlans) is as good as a custom one: joined on the key instead, a generic plan cannot
    // know that LIMIT @limit is small and hashed the whole outbox. With 5,000 rows in the outbox,
    // a claim of 32 took 0.7 ms custom-planned (0.3 ms of it planning), 4.7 ms joined on the key
    // with the generic plan, 0.23 ms by ctid with it. A row this statement locked keeps its ctid.
    public const string Claim = """
        UPDATE webhook_delivery d
        SET lease_until = @now + @lease,
            attempts = d.attempts + 1,
            first_attempt_at = coalesce(d.first_attempt_at, @now),
            last_attempt_at = @now
        WHERE d.ctid = ANY (ARRAY(
            SELECT ctid
            FROM webhook_delivery
            WHERE subscription = @subscription AND next_attempt_at <= @now
              AND (lease_until IS NULL OR lease_until <= @now)
            ORDER BY next_attempt_at
            LIMIT @limit
            FOR UPDATE SKIP LOCKED))
        RETURNING d.journal_tx, d.event_id, d.body, d.attempts, d.first_attempt_at
        """;

    private const string LogColumns =
        "subscription, journal_tx, event_id, type, customer_id, status, created_at, attempts, first_attempt_at, last_attempt_at, last_status, last_error, delivered_at";

    // One statement (one commit) for a lane's answered batch, instead of one per delivery. A row
    // another silo has moved already is not found, so nothing is logged twice.
    public const string Delivered = $"""
        WITH answered AS (
            SELECT *
            FROM unnest(@journal_txs::bigint[], @event_ids::text[], @delivered_at::timestamptz[], @last_status::integer[])
                AS o(journal_tx, event_id, delivered_at, last_status)
        ), done AS (
            DELETE FROM webhook_delivery d
            USING answered o
            WHERE d.subscription = @subscription AND d.journal_tx = o.journal_tx AND d.event_id = o.event_id
            RETURNING d.subscription, d.journal_tx, d.event_id, d.type, d.customer_id, d.created_at, d.attempts, d.first_attempt_at, d.last_attempt_at
        )
        INSERT INTO webhook_delivery_log ({LogColumns})
        SELECT done.subscription, done.journal_tx, done.event_id, done.type, done.customer_id, 'delivered', done.created_at, done.attempts,
               done.first_attempt_at, done.last_attempt_at, o.last_status, NULL, o.delivered_at
        FROM done JOIN answered o ON o.journal_tx = done.journal_tx AND o.event_id = done.event_id
        ON CONFLICT (subscription, journal_tx, event_id) DO NOTHING
        """;

    // Tried again later: the row stays in the outbox with its next attempt.
    public const string Retry = """
        UPDATE webhook_delivery
        SET next_attempt_at = @next_attempt_at, last_status = @last_status, last_error = @last_error, lease_until = NULL
        WHERE subscription = @subscription AND journal_tx = @journal_tx AND event_id = @event_id
        """;

    // Failed for good: moved to the log.
    public const string GiveUp = $"""
        WITH done AS (
            DELETE FROM webhook_delivery
            WHERE subscription = @subscription AND journal_tx = @journal_tx AND event_id = @event_id
            RETURNING subscription, journal_tx, event_id, type, customer_id, created_at, attempts, first_attempt_at, last_attempt_at
        )
        INSERT INTO webhook_delivery_log ({LogColumns})
        SELECT subscription, journal_tx, event_id, type, customer_id, 'failed', created_at, attempts, first_attempt_at, last_attempt_at, @last_status, @last_error, NULL
        FROM done
        ON CONFLICT (subscription, journal_tx, event_id) DO NOTHING
        """;

    // A silo stopping mid-call gives its claim back at once instead of letting the lease run out.
    public const string Release = """
        UPDATE webhook_delivery
        SET lease_until = NULL, attempts = greatest(attempts - 1, 0)
        WHERE subscription = @subscription AND journal_tx = @journal_tx AND event_id = @event_id
        """;

    // The log's columns for a delivery still in the outbox.
    private const string PendingColumns =
        "subscription, event_id, type, 'pending' AS status, attempts, created_at, first_attempt_at, last_attempt_at, last_status, last_error, next_attempt_at, NULL::timestamptz AS delivered_at, lease_until";

    private const string FinishedColumns =
        "subscription, event_id, type, status, attempts, created_at, first_attempt_at, last_attempt_at, last_status, last_error, NULL::timestamptz AS next_attempt_at, delivered_at, NULL::timestamptz AS lease_until";

    private const string Newest = "ORDER BY created_at DESC, event_id DESC LIMIT @limit";

    // Each part is cut to the limit by its own newest-first index before the two are merged.
    public const string ListAll = $"""
        SELECT * FROM (
            (SELECT {PendingColumns} FROM webhook_delivery {Newest})
            UNION ALL
            (SELECT {FinishedColumns} FROM webhook_delivery_log {Newest})) AS deliveries
        {Newest}
        """;

    public const string ListPending = $"SELECT {PendingColumns} FROM webhook_delivery {Newest}";

    public const string ListFinished = $"SELECT {FinishedColumns} FROM webhook_delivery_log WHERE status = @status {Newest}";

    public const string EraseCustomer = """
        WITH queued AS (DELETE FROM webhook_delivery WHERE customer_id = @customer_id)
        DELETE FROM webhook_delivery_log WHERE customer_id = @customer_id
        """;
}
