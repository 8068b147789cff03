using LoyaltyGrid.Testing;

namespace LoyaltyGrid.Security.Tests.Support;

/// <summary>
/// Everything the grid has stored, as one comparable text: every journal entry (with a hash of
/// its payload, which erasure may rewrite in place), every stream snapshot and due moment, every
/// KPI projection scope of every generation with its version, where each projection's checkpoint
/// stands, every grain state row other grains may still keep, every reminder; and the tables kept
/// beside the journal: the reward catalogue, claim decisions and coupons, campaigns with every
/// version, the attribution totals and the webhook deliveries queued.
/// </summary>
public static class StoredState
{
    // Checkpoints are compared by position only: updated_at moves with every poll of an idle
    // projection, while the position moves only when it folds entries, which is what counts.
    private const string Query = """
        SELECT coalesce((SELECT string_agg(stream || '#' || seq || '/' || event_id || '/' || type || ':' || md5(payload::text), E'\n' ORDER BY stream, seq) FROM journal), '')
            || E'\n--\n' || coalesce((SELECT string_agg('snapshot ' || stream || '#' || seq || ':' || md5(payload::text), E'\n' ORDER BY stream) FROM stream_snapshot), '')
            || E'\n--\n' || coalesce((SELECT string_agg('due ' || stream || '@' || due_at, E'\n' ORDER BY stream) FROM stream_due), '')
            || E'\n--\n' || coalesce((SELECT string_agg('kpi ' || generation || '/' || scope || '@' || version || ':' || md5(payload::text), E'\n' ORDER BY generation, scope) FROM kpi_projection_scope), '')
            || E'\n--\n' || coalesce((SELECT string_agg('checkpoint ' || name || '/' || generation || (CASE WHEN live THEN ' live' ELSE '' END) || '@' || tx || '/' || stream || '#' || seq, E'\n' ORDER BY name, generation) FROM projection_checkpoint), '')
            || E'\n--\n' || coalesce((SELECT string_agg(state_name || '/' || grain_key || '@' || version || ':' || md5(coalesce(payload::text, '')), E'\n' ORDER BY state_name, grain_key) FROM grain_state), '')
            || E'\n--\n' || coalesce((SELECT string_agg(grain_id || '/' || reminder_name, E'\n' ORDER BY grain_id, reminder_name) FROM reminder), '')
            || E'\n--\n' || coalesce((SELECT string_agg('reward ' || reward_id || ':' || md5(r::text), E'\n' ORDER BY reward_id) FROM reward r), '')
            || E'\n--\n' || coalesce((SELECT string_agg('claim ' || customer_id || '/' || claim_id || ':' || md5(c::text), E'\n' ORDER BY customer_id, claim_id) FROM reward_claim c), '')
            || E'\n--\n' || coalesce((SELECT string_agg('coupon ' || code || ':' || md5(c::text), E'\n' ORDER BY code) FROM coupon c), '')
            || E'\n--\n' || coalesce((SELECT string_agg('campaign ' || campaign_id || '@' || version || ':' || md5(c::text), E'\n' ORDER BY campaign_id) FROM campaign c), '')
            || E'\n--\n' || coalesce((SELECT string_agg('campaign version ' || campaign_id || '@' || version || ':' || md5(v::text), E'\n' ORDER BY campaign_id, version) FROM campaign_version v), '')
            || E'\n--\n' || coalesce((SELECT string_agg('attribution ' || generation || '/' || scope || '/' || dimension || '/' || bucket || '/' || key || '/' || variant || ':' || md5(a::text), E'\n' ORDER BY generation, scope, dimension, bucket, key, variant) FROM attribution_total a), '')
            -- Which deliveries exist, not how far each got: attempts go on in the background, and a
            -- finished one moves from the outbox to the log.
            || E'\n--\n' || coalesce((SELECT string_agg('webhook ' || subscription || '/' || event_id || ':' || type, E'\n' ORDER BY subscription, event_id)
                                       FROM (SELECT subscription, event_id, type FROM webhook_delivery
                                             UNION ALL SELECT subscription, event_id, type FROM webhook_delivery_log) AS w), '')
        """;

    public static Task<string> ReadAsync(string connectionString) => Sql.ScalarAsync<string>(connectionString, Query);

    /// <summary>
    /// Waits until the stored state stops changing (the KPI projection folds the journal shortly
    /// after the responses, snapshots are stored in the background, due moments are swept), and
    /// returns it.
    /// </summary>
    public static async Task<string> QuietAsync(string connectionString)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        var previous = await ReadAsync(connectionString);
        var stableSince = DateTime.UtcNow;
        while (DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
            var current = await ReadAsync(connectionString);
            if (current != previous)
            {
                (previous, stableSince) = (current, DateTime.UtcNow);
            }
            else if (DateTime.UtcNow - stableSince > TimeSpan.FromSeconds(2))
            {
                return current;
            }
        }

        throw new TimeoutException("The stored state kept changing for 90 s with no requests being sent.");
    }

    /// <summary>The lines of <paramref name="after"/> that are not in <paramref name="before"/>, for a readable failure.</summary>
    public static string Difference(string before, string after)
    {
        var old = before.Split('\n').ToHashSet(StringComparer.Ordinal);
        return string.Join('\n', after.Split('\n').Where(line => !old.Contains(line)).Take(20));
    }
}
