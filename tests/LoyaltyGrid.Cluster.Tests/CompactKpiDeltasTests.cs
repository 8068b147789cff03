using System.Text.Json;
using LoyaltyGrid.Domain;
using LoyaltyGrid.Domain.Kpis;
using LoyaltyGrid.Grains.Campaigns;
using LoyaltyGrid.Grains.Customers;
using LoyaltyGrid.Grains.Journaling;

namespace LoyaltyGrid.Cluster.Tests;

/// <summary>The journal's compact form of KPI changes reads back as exactly the changes written.</summary>
public sealed class CompactKpiDeltasTests
{
    private static readonly KpiScope[] Scopes =
        [KpiScope.Grid, KpiScope.Storefront("a"), KpiScope.Market("DE"), KpiScope.StorefrontMarket("a", "DE"), KpiScope.Storefront("b")];

    private static readonly KpiBucket[] Buckets =
        [KpiBucket.AllTime, KpiBucket.DayOf(DateTimeOffset.Parse("2026-03-04T05:06:07Z")), KpiBucket.MonthOf(DateTimeOffset.Parse("2026-03-04T05:06:07Z")), KpiBucket.Month(2025, 12)];

    [Fact]
    public void A_purchase_decision_round_trips_and_is_a_fraction_of_one_object_per_change()
    {
        var decider = new CustomerDecider("c-1", new CustomerFold(), new LoyaltyRules());
        var at = DateTimeOffset.Parse("2026-03-04T05:06:07Z");
        var kpis = decider.Purchase(new PurchaseCommand("shop", "o-1", 59.90m, "EUR", "DE", at, "s-1", null), at, CatalogRevision.Empty).Kpis;

        var compact = JsonSerializer.Serialize(new JournaledEvent { Kpis = kpis }, JournaledEvent.Json);

        AssertSameChanges(kpis, JournaledEvent.KpisOf(compact));
        Assert.True(compact.Length * 5 < JsonSerializer.Serialize(kpis, JournaledEvent.Json).Length, compact);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Random_changes_round_trip_whether_or_not_they_form_scope_by_bucket_products(int seed)
    {
        var random = new Random(seed);
        string[] metrics = ["orders", "grossRevenue", "buyers", "firstResponseHours", "complaints"];
        var deltas = Enumerable.Range(0, random.Next(0, 60))
            .Select(_ => new KpiDelta(
                Scopes[random.Next(Scopes.Length)],
                metrics[random.Next(metrics.Length)],
                Buckets[random.Next(Buckets.Length)],
                random.Next(3) == 0 ? "quality" : null,
                random.Next(4) switch { 0 => 1m, 1 => -1m, 2 => 12.34m, _ => 0.5m },
                random.Next(1, 3)))
            .ToList();

        var read = JournaledEvent.KpisOf(JsonSerializer.Serialize(new JournaledEvent { Kpis = deltas }, JournaledEvent.Json));

        AssertSameChanges(deltas, read);
    }

    [Fact]
    public void Changes_written_one_object_each_still_read()
    {
        var deltas = new[] { new KpiDelta(KpiScope.Grid, "orders", KpiBucket.AllTime, null, 1m) };
        var verbose = $$"""{"kpis":{{JsonSerializer.Serialize(deltas, JournaledEvent.Json)}}}""";

        AssertSameChanges(deltas, JournaledEvent.KpisOf(verbose));
    }

    private static void AssertSameChanges(IEnumerable<KpiDelta> expected, IEnumerable<KpiDelta> actual) =>
        Assert.Equal(Canonical(expected), Canonical(actual));

    private static List<string> Canonical(IEnumerable<KpiDelta> deltas) =>
        [.. deltas.Select(delta => $"{delta.Scope.Key}|{delta.Metric}|{delta.Bucket.Key}|{delta.Dimension}|{delta.Amount}|{delta.Samples}").Order(StringComparer.Ordinal)];
}
