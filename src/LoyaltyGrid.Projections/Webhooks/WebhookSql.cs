namespace LoyaltyGrid.Projections.Webhooks;

/// <summary>The statements on <c>webhook_delivery</c> (migration 0034).</summary>
internal static class WebhookSql
{
    // A notice naming a customer whose erasure is already journaled is not inserted: the erasure
    // deleted what was there, and this page was read before the payload was scrubbed. Each of the
    // page's customers is looked up once (@erasure_streams holds them once each), not once per row:
    // with two subscriptions every notice is two rows, and each lookup is a probe of the journal.
    public const string Insert = """
        WITH erased AS MATERIALIZED (
            SELECT c.stream
            FROM unnest(@erasure_streams) AS c(stream)
            WHERE EXISTS (SELECT 1 FROM journal j WHERE j.stream = c.stream AND j.event_id = @erasure_id))
        INSERT INTO webhook_delivery (subscription, event_id, type, customer_id, body, created_at, next_attempt_at)
        SELECT r.subscription, r.event_id, r.type, r.customer_id, r.body, @now, @now
        FROM unnest(@subscriptions, @ids, @types, @customers, @streams, @bodies)
            AS r(subscription, event_id, type, customer_id, stream, body)
        WHERE r.stream IS NULL OR r.stream NOT IN (SELECT stream FROM erased)
        ON CONFLICT (subscription, event_id) DO NOTHING
        """;

    // The row locks last only for this statement; the lease keeps other silos away during the call.
    public const string Claim = """
        UPDATE webhook_delivery d
        SET lease_until = @now + @lease,
            attempts = d.attempts + 1,
            first_attempt_at = coalesce(d.first_attempt_at, @now),
            last_attempt_at = @now
        FROM (SELECT subscription, event_id
              FROM webhook_delivery
              WHERE subscription = @subscription AND status = 'pending' AND next_attempt_at <= @now
                AND (lease_until IS NULL OR lease_until <= @now)
              ORDER BY next_attempt_at
              LIMIT @limit
              FOR UPDATE SKIP LOCKED) due
        WHERE d.subscription = due.subscription AND d.event_id = due.event_id
        RETURNING d.event_id, d.body, d.attempts, d.first_attempt_at
        """;

    // One statement (one commit) for a lane's answered batch, instead of one per delivery.
    public const string Delivered = """
        UPDATE webhook_delivery d
        SET status = 'delivered', delivered_at = o.delivered_at, last_status = o.last_status, last_error = NULL, lease_until = NULL
        FROM unnest(@event_ids::text[], @delivered_at::timestamptz[], @last_status::integer[]) AS o(event_id, delivered_at, last_status)
        WHERE d.subscription = @subscription AND d.event_id = o.event_id AND d.status = 'pending'
        """;

    public const string Failed = """
        UPDATE webhook_delivery
        SET status = @status, next_attempt_at = coalesce(@next_attempt_at, next_attempt_at), last_status = @last_status, last_error = @last_error, lease_until = NULL
        WHERE subscription = @subscription AND event_id = @event_id AND status = 'pending'
        """;

    // A silo stopping mid-call gives its claim back at once instead of letting the lease run out.
    public const string Release = """
        UPDATE webhook_delivery
        SET lease_until = NULL, attempts = greatest(attempts - 1, 0)
        WHERE subscription = @subscription AND event_id = @event_id AND status = 'pending'
        """;

    private const string LogColumns =
        "subscription, event_id, type, status, attempts, created_at, first_attempt_at, last_attempt_at, last_status, last_error, next_attempt_at, delivered_at, lease_until";

    public const string ListAll = $"SELECT {LogColumns} FROM webhook_delivery ORDER BY created_at DESC, event_id DESC LIMIT @limit";

    public const string ListByStatus = $"SELECT {LogColumns} FROM webhook_delivery WHERE status = @status ORDER BY created_at DESC, event_id DESC LIMIT @limit";

    public const string EraseCustomer = "DELETE FROM webhook_delivery WHERE customer_id = @customer_id";
}
