using LoyaltyGrid.Projections.Webhooks;
using LoyaltyGrid.Testing;
using Npgsql;

namespace LoyaltyGrid.Cluster.Tests;

/// <summary>
/// The webhook lanes' claim on a database of its own: lanes of several silos claiming at once take
/// every due delivery exactly once, a lease keeps a claimed delivery from everyone until it runs
/// out, and a batch's answers are stored in the transaction of the next claim.
/// </summary>
public sealed class WebhookClaimTests : IAsyncLifetime
{
    private const string Lane = "http://127.0.0.1:1/a";
    private const string OtherLane = "http://127.0.0.1:1/b";
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 16, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1); // so claims at Now lease until 16:01

    private string _connectionString = "";
    private NpgsqlDataSource _dataSource = null!;
    private WebhookOutbox _outbox = null!;

    public async Task InitializeAsync()
    {
        _connectionString = await TestPostgres.CreateMigratedDatabaseAsync("webhook-claim");
        _dataSource = NpgsqlDataSource.Create(_connectionString);
        _outbox = new WebhookOutbox(_dataSource);
    }

    public async Task DisposeAsync() => await _dataSource.DisposeAsync();

    [Fact]
    public async Task Lanes_claiming_at_once_take_every_due_delivery_exactly_once()
    {
        await QueueAsync(Lane, 200);
        await QueueAsync(OtherLane, 50);

        // Eight claimers with small batches, as lanes of several silos would: each keeps claiming
        // until it finds nothing due (or has claimed more than there is, which is wrong already).
        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            var mine = new List<ClaimedDelivery>();
            while (mine.Count <= 200 && await _outbox.SettleAndClaimAsync(Lane, [], Now, Lease, 7, CancellationToken.None) is { Count: > 0 } claimed)
            {
                mine.AddRange(claimed);
            }

            return mine;
        })));

        var all = claims.SelectMany(claimed => claimed).ToList();
        Assert.Equal(200, all.Count);
        Assert.Equal(200, all.Select(delivery => delivery.EventId).Distinct().Count());
        Assert.All(all, delivery => Assert.Equal((Lane, 1, Now), (delivery.Subscription, delivery.Attempt, delivery.FirstAttemptAt)));
        Assert.Equal(
            ["a 200 1 leased", "b 50 0 free"],
            await Sql.ListAsync<string>(_connectionString, """
                SELECT right(subscription, 1) || ' ' || count(*) || ' ' || max(attempts) || ' ' ||
                       CASE WHEN bool_and(lease_until = timestamptz '2026-12-06 16:01:00+00') THEN 'leased' WHEN bool_and(lease_until IS NULL) THEN 'free' ELSE 'mixed' END
                FROM webhook_delivery GROUP BY subscription ORDER BY subscription
                """));
    }

    [Fact]
    public async Task A_claimed_delivery_is_claimed_again_only_once_its_lease_has_run_out()
    {
        await QueueAsync(Lane, 1);

        var first = await _outbox.SettleAndClaimAsync(Lane, [], Now, Lease, 10, CancellationToken.None);
        var duringLease = await _outbox.SettleAndClaimAsync(Lane, [], Now + Lease - TimeSpan.FromSeconds(1), Lease, 10, CancellationToken.None);
        var afterLease = await _outbox.SettleAndClaimAsync(Lane, [], Now + Lease, Lease, 10, CancellationToken.None);

        Assert.Equal(1, Assert.Single(first).Attempt);
        Assert.Empty(duringLease);
        var again = Assert.Single(afterLease);
        Assert.Equal((first[0].EventId, 2, Now), (again.EventId, again.Attempt, again.FirstAttemptAt));
    }

    [Fact]
    public async Task A_batch_is_stored_as_delivered_with_the_next_claim()
    {
        await QueueAsync(Lane, 3);
        var batch = await _outbox.SettleAndClaimAsync(Lane, [], Now, Lease, 2, CancellationToken.None);
        var answered = batch.Select(delivery => new AnsweredDelivery(delivery.JournalTx, delivery.EventId, Now.AddSeconds(1), 204)).ToList();

        var next = await _outbox.SettleAndClaimAsync(Lane, answered, Now.AddSeconds(2), Lease, 2, CancellationToken.None);

        var last = Assert.Single(next);
        Assert.DoesNotContain(last.EventId, batch.Select(delivery => delivery.EventId));
        Assert.Equal(
            [.. batch.Select(delivery => $"{delivery.EventId} delivered 204").Order(StringComparer.Ordinal)],
            await Sql.ListAsync<string>(_connectionString, "SELECT event_id || ' ' || status || ' ' || last_status FROM webhook_delivery_log ORDER BY event_id COLLATE \"C\""));
        Assert.Equal([last.EventId], await Sql.ListAsync<string>(_connectionString, "SELECT event_id FROM webhook_delivery"));
    }

    /// <summary>Deliveries due at <see cref="Now"/>, as the notice projection queues them.</summary>
    private async Task QueueAsync(string subscription, int count)
    {
        await using var command = _dataSource.CreateCommand("""
            INSERT INTO webhook_delivery (subscription, journal_tx, event_id, type, customer_id, body, created_at, next_attempt_at)
            SELECT @subscription, 1000 + n, 'evt_' || md5(@subscription || n), 'tier.changed', 'c-' || n, '{}', @now, @now
            FROM generate_series(1, @count) AS n
            """);
        command.Parameters.AddWithValue("subscription", subscription);
        command.Parameters.AddWithValue("now", Now);
        command.Parameters.AddWithValue("count", count);
        await command.ExecuteNonQueryAsync();
    }
}
