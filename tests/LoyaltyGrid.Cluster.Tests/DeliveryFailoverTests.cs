using LoyaltyGrid.Grains.Customers;
using LoyaltyGrid.Grains.Journaling;
using LoyaltyGrid.Grains.Visits;
using LoyaltyGrid.Testing;
using Npgsql;

namespace LoyaltyGrid.Cluster.Tests;

/// <summary>
/// What the customer outboxes guaranteed, in the journal's design: a referral award and a session
/// conversion owed by a customer's event are delivered exactly once, also when a silo dies while
/// they are owed. The projections that deliver them run on one silo at a time (an advisory lock
/// per projection); which one is not visible from here, so each silo in turn is the one killed,
/// and one of the two cases kills the owner.
/// </summary>
public sealed class DeliveryFailoverTests
{
    private const int Pairs = 5;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task Awards_and_conversions_owed_when_a_silo_dies_are_delivered_exactly_once(int victim)
    {
        var connectionString = await TestPostgres.CreateMigratedDatabaseAsync("delivery");
        var cluster = await LoyaltyGridTestCluster.StartAsync(connectionString, silos: 2);
        await using var database = NpgsqlDataSource.Create(connectionString);
        try
        {
            var recently = DateTimeOffset.UtcNow.AddHours(-1);
            for (var pair = 0; pair < Pairs; pair++)
            {
                await cluster.GrainFactory.GetGrain<ICustomerGrain>($"referrer-{pair}").Purchase(new PurchaseCommand("store-a", $"R-{pair}", 10m, "USD", "DE", recently, null, null));
                await cluster.GrainFactory.GetGrain<ICustomerGrain>($"referee-{pair}").RecordReferral(new ReferralCommand("store-a", $"ref-{pair}", $"referrer-{pair}", recently));
            }

            // The qualifying purchases owe an award and a conversion each; the silo dies right
            // after they are acknowledged, before (or while) the projections deliver them.
            for (var pair = 0; pair < Pairs; pair++)
            {
                var bought = await cluster.GrainFactory.GetGrain<ICustomerGrain>($"referee-{pair}")
                    .Purchase(new PurchaseCommand("store-a", $"E-{pair}", 30m, "USD", "DE", recently, $"session-{pair}", null));
                Assert.Equal(EventStatus.Applied, bought.Status);
            }

            await cluster.KillSiloAsync(cluster.Silos[victim]);

            for (var pair = 0; pair < Pairs; pair++)
            {
                await EventuallyAsync(database, $"SELECT count(*) FROM journal WHERE stream = '{StreamKeys.Customer($"referrer-{pair}")}' AND type = '{CustomerEventTypes.ReferralAward}'");
                await EventuallyAsync(database, $"SELECT count(*) FROM journal WHERE stream = '{StreamKeys.Session($"store-a/session-{pair}")}' AND type = '{SessionEventTypes.Conversion}'");
            }

            // Once delivered, a second delivery would come from the projection that took over
            // re-reading entries the dead owner had already handled: give it time to, then count.
            await WaitForProjectionsToCatchUpAsync(database);
            for (var pair = 0; pair < Pairs; pair++)
            {
                Assert.Equal(1L, await CountAsync(database, $"SELECT count(*) FROM journal WHERE stream = '{StreamKeys.Customer($"referrer-{pair}")}' AND type = '{CustomerEventTypes.ReferralAward}'"));
                Assert.Equal(1L, await CountAsync(database, $"SELECT count(*) FROM journal WHERE stream = '{StreamKeys.Session($"store-a/session-{pair}")}' AND type = '{SessionEventTypes.Conversion}'"));
                var referrer = await FailoverTests.RetryUntilAnsweredAsync(() => cluster.GrainFactory.GetGrain<ICustomerGrain>($"referrer-{pair}").Get(), Patience);
                Assert.Equal(10 + 200, referrer!.LifetimePoints);
            }
        }
        finally
        {
            await cluster.DisposeAsync();
        }
    }

    private static async Task<long> CountAsync(NpgsqlDataSource database, string sql)
    {
        await using var command = database.CreateCommand(sql);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task EventuallyAsync(NpgsqlDataSource database, string countSql)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (await CountAsync(database, countSql) == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"Nothing was delivered within {Patience}: {countSql}");
            await Task.Delay(200);
        }
    }

    // Every projection's checkpoint has passed the last journal entry, so nothing owed is left to deliver again.
    private static Task WaitForProjectionsToCatchUpAsync(NpgsqlDataSource database) => EventuallyAsync(database, """
        SELECT count(*) FROM (SELECT 1) AS one
        WHERE NOT EXISTS (
            SELECT 1 FROM projection_checkpoint checkpoint
            WHERE checkpoint.live AND (checkpoint.tx, checkpoint.stream, checkpoint.seq) < (SELECT tx, stream, seq FROM journal ORDER BY tx DESC, stream DESC, seq DESC LIMIT 1))
        """);
}
