using LoyaltyGrid.Domain.Insight;
using LoyaltyGrid.Grains.Customers;
using LoyaltyGrid.Grains.Visits;
using LoyaltyGrid.Projections.Insight;
using LoyaltyGrid.Testing;
using Npgsql;

namespace LoyaltyGrid.Cluster.Tests;

/// <summary>
/// Attribution stays exact when a silo dies mid-stream: a randomized out-of-order stream of
/// visits and purchases goes to a two-silo cluster, one silo is killed halfway (once the first,
/// once the second, so one case kills the owner of the projections), the rest is sent to the
/// survivor, and the attribution totals equal <see cref="AttributionOracle"/>'s.
/// </summary>
public sealed class AttributionFailoverTests
{
    private const string Storefront = "store-a";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task Attribution_after_a_silo_kill_equals_the_oracle(int victim)
    {
        var connectionString = await TestPostgres.CreateMigratedDatabaseAsync("attribution");
        var cluster = await LoyaltyGridTestCluster.StartAsync(connectionString, silos: 2);
        await using var database = NpgsqlDataSource.Create(connectionString);
        try
        {
            var stream = AttributionStream.Generate(seed: 100 + victim, Storefront, DateTimeOffset.UtcNow, sessions: 40, purchases: 60, prefix: $"kill{victim}");
            var oracle = new AttributionOracle();
            for (var index = 0; index < stream.Count; index++)
            {
                if (index == stream.Count / 2)
                {
                    await cluster.KillSiloAsync(cluster.Silos[victim]);
                }

                switch (stream[index])
                {
                    case AttributionOracle.Visit visit:
                        // The API lower-cases ids before they reach the session.
                        var command = new VisitCommand(Storefront, visit.Session, null, visit.Market, visit.At,
                            visit.Channel?.ToLowerInvariant(), visit.Campaign?.ToLowerInvariant(), visit.Experiment?.ToLowerInvariant(), visit.Variant?.ToLowerInvariant());
                        await FailoverTests.RetryUntilAnsweredAsync(() => cluster.GrainFactory.GetGrain<ISessionGrain>($"{Storefront}/{visit.Session}").RecordVisit(command), Patience);
                        oracle.Visits.Add(visit);
                        break;
                    case AttributionOracle.Purchase purchase:
                        // A retry after a failed call is answered as a duplicate: the purchase counts once either way.
                        var result = await FailoverTests.RetryUntilAnsweredAsync(() => cluster.GrainFactory.GetGrain<ICustomerGrain>(purchase.Customer)
                            .Purchase(new PurchaseCommand(Storefront, purchase.OrderId, purchase.Amount, "USD", purchase.Market, purchase.At, purchase.Session, null)), Patience);
                        Assert.Equal(EventStatus.Applied, result.Status);
                        oracle.Purchases.Add(purchase);
                        break;
                }
            }

            var store = new AttributionStore(database);
            var months = oracle.Purchases.Select(p => AttributionOracle.Month(p.At)).Concat(oracle.Visits.Select(v => AttributionOracle.Month(v.At))).Distinct().ToList();
            var cases = new List<(string Scope, string Bucket, bool ByCampaign)> { ("grid", "all", false), ("grid", "all", true), ($"storefront-market:{Storefront}|DE", "all", false) };
            cases.AddRange(months.Select(month => ("market:FR", month, false)));
            foreach (var (scope, bucket, byCampaign) in cases)
            {
                var expected = Describe(oracle.Groups(scope, bucket, byCampaign));
                var actual = await EventuallyAsync(async () => Describe(await store.GroupsAsync(scope, byCampaign ? AttributionDimensions.Campaign : AttributionDimensions.Channel, bucket)), expected);
                Assert.Equal(expected, actual);
            }

            var experiment = AttributionStream.Experiment.ToLowerInvariant();
            var expectedVariants = Describe(oracle.Experiment(experiment, "grid"));
            Assert.Equal(expectedVariants, await EventuallyAsync(async () => Describe(await store.ExperimentAsync("grid", experiment)), expectedVariants));
        }
        finally
        {
            await cluster.DisposeAsync();
        }
    }

    private static string Describe(IReadOnlyDictionary<string, AttributionOracle.Figures> rows) =>
        string.Join('\n', rows.OrderBy(row => row.Key, StringComparer.Ordinal)
            .Select(row => FormattableString.Invariant($"{row.Key}: {row.Value.Visits} {row.Value.ConvertedSessions} {row.Value.Orders} {row.Value.GrossRevenue:0.00}")));

    private static string Describe(IReadOnlyList<AttributionRow> rows) =>
        string.Join('\n', rows.OrderBy(row => row.Key + "\n" + row.Variant, StringComparer.Ordinal)
            .Select(row => FormattableString.Invariant($"{(row.Variant.Length > 0 ? row.Variant : row.Key)}: {row.Figures.Visits} {row.Figures.ConvertedSessions} {row.Figures.Orders} {row.Figures.GrossRevenue:0.00}")));

    /// <summary>Reads until the projections have caught up (the totals equal the oracle's), or the patience ran out.</summary>
    private static async Task<string> EventuallyAsync(Func<Task<string>> read, string expected)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var actual = await read();
            if (actual == expected || DateTime.UtcNow > deadline)
            {
                return actual;
            }

            await Task.Delay(250);
        }
    }
}
