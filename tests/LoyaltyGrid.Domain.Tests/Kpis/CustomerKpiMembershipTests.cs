using LoyaltyGrid.Domain.Kpis;
using static LoyaltyGrid.Domain.Tests.Kpis.KpiText;

namespace LoyaltyGrid.Domain.Tests.Kpis;

public class CustomerKpiMembershipTests
{
    /// <summary>
    /// Each row: the purchases the customer had ("storefront market time", ';'-separated), the
    /// one that arrives, the scope looked at, and every delta that scope must receive.
    /// </summary>
    public static TheoryData<string, string, string, string, string> Derivations => new()
    {
        {
            "first purchase",
            "",
            "s1 DE 2026-01-05T10:00:00Z",
            "grid",
            """
            +1 grid buyers 2026-01-05
            +1 grid buyers 2026-01
            +1 grid buyers all
            +1 grid newCustomers 2026-01-05
            +1 grid newCustomers 2026-01
            +1 grid newCustomers all
            +1 grid cohort all 2026-01+0
            """
        },
        {
            "same-day second purchase only makes a repeat customer",
            "s1 DE 2026-01-05T10:00:00Z",
            "s1 DE 2026-01-05T18:00:00Z",
            "storefront-market:s1|DE",
            "+1 storefront-market:s1|DE customersWithRepeat all"
        },
        {
            "a later day of the same month returns that day only",
            "s1 DE 2026-01-05T10:00:00Z",
            "s1 DE 2026-01-20T10:00:00Z",
            "grid",
            """
            +1 grid buyers 2026-01-20
            +1 grid returningCustomers 2026-01-20
            +1 grid customersWithRepeat all
            """
        },
        {
            "a new month returns for the day and the month and fills the cohort's next cell",
            "s1 DE 2026-01-05T10:00:00Z",
            "s1 DE 2026-03-02T10:00:00Z",
            "market:DE",
            """
            +1 market:DE buyers 2026-03-02
            +1 market:DE buyers 2026-03
            +1 market:DE returningCustomers 2026-03-02
            +1 market:DE returningCustomers 2026-03
            +1 market:DE customersWithRepeat all
            +1 market:DE cohort all 2026-01+2
            """
        },
        {
            "one second across the month boundary is returning",
            "s1 DE 2026-01-31T23:59:59Z",
            "s1 DE 2026-02-01T00:00:00Z",
            "grid",
            """
            +1 grid buyers 2026-02-01
            +1 grid buyers 2026-02
            +1 grid returningCustomers 2026-02-01
            +1 grid returningCustomers 2026-02
            +1 grid customersWithRepeat all
            +1 grid cohort all 2026-01+1
            """
        },
        {
            "an earlier purchase arriving late moves newCustomers and the cohort",
            "s1 DE 2026-02-10T10:00:00Z",
            "s1 DE 2026-01-20T10:00:00Z",
            "grid",
            """
            +1 grid buyers 2026-01-20
            +1 grid buyers 2026-01
            -1 grid newCustomers 2026-02-10
            -1 grid newCustomers 2026-02
            +1 grid newCustomers 2026-01-20
            +1 grid newCustomers 2026-01
            +1 grid returningCustomers 2026-02-10
            +1 grid returningCustomers 2026-02
            +1 grid customersWithRepeat all
            -1 grid cohort all 2026-02+0
            +1 grid cohort all 2026-01+0
            +1 grid cohort all 2026-01+1
            """
        },
        {
            "an earlier purchase on the same day changes nothing distinct",
            "s1 DE 2026-02-10T10:00:00Z",
            "s1 DE 2026-02-10T08:00:00Z",
            "grid",
            "+1 grid customersWithRepeat all"
        },
        {
            "a second storefront is a new customer there and a repeat one in the grid",
            "s1 DE 2026-01-05T10:00:00Z",
            "s2 DE 2026-01-05T12:00:00Z",
            "storefront:s2",
            """
            +1 storefront:s2 buyers 2026-01-05
            +1 storefront:s2 buyers 2026-01
            +1 storefront:s2 buyers all
            +1 storefront:s2 newCustomers 2026-01-05
            +1 storefront:s2 newCustomers 2026-01
            +1 storefront:s2 newCustomers all
            +1 storefront:s2 cohort all 2026-01+0
            """
        },
        {
            "a second storefront leaves the first one untouched",
            "s1 DE 2026-01-05T10:00:00Z",
            "s2 DE 2026-01-05T12:00:00Z",
            "storefront:s1",
            ""
        },
        {
            "a second storefront in the same market repeats in the market",
            "s1 DE 2026-01-05T10:00:00Z",
            "s2 DE 2026-01-05T12:00:00Z",
            "market:DE",
            "+1 market:DE customersWithRepeat all"
        },
        {
            "a later purchase in a new storefront is new there, not returning",
            "s1 FR 2026-01-05T10:00:00Z",
            "s2 FR 2026-02-05T10:00:00Z",
            "storefront:s2",
            """
            +1 storefront:s2 buyers 2026-02-05
            +1 storefront:s2 buyers 2026-02
            +1 storefront:s2 buyers all
            +1 storefront:s2 newCustomers 2026-02-05
            +1 storefront:s2 newCustomers 2026-02
            +1 storefront:s2 newCustomers all
            +1 storefront:s2 cohort all 2026-02+0
            """
        },
    };

    [Theory]
    [MemberData(nameof(Derivations))]
    public void A_purchase_changes_exactly_the_memberships_it_should(string _, string before, string added, string scope, string expected)
    {
        var had = Purchases(before);
        var deltas = CustomerKpiMembership.Changes(had, [.. had, Purchase(added)]);

        Assert.Equal(Lines(expected), Describe(deltas.Where(delta => delta.Scope.Key == scope)));
    }

    [Fact]
    public void Returning_is_never_counted_for_all_time()
    {
        var members = CustomerKpiMembership.Of(Purchases("s1 DE 2026-01-05T10:00:00Z; s1 DE 2026-02-05T10:00:00Z; s1 DE 2026-04-05T10:00:00Z"));

        Assert.DoesNotContain(members, key => key.Metric == KpiMetrics.ReturningCustomers && key.Bucket == KpiBucket.AllTime);
        Assert.Contains(new KpiKey(KpiScope.Grid, KpiMetrics.Cohort, KpiBucket.AllTime, "2026-01+3"), members);
        Assert.DoesNotContain(new KpiKey(KpiScope.Grid, KpiMetrics.Cohort, KpiBucket.AllTime, "2026-01+2"), members);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Whatever_order_purchases_arrive_in_the_deltas_add_up_to_the_final_membership(int seed)
    {
        var random = new Random(seed);
        var purchases = Enumerable.Range(0, 12)
            .Select(_ => new KpiPurchase(
                $"s{random.Next(3)}",
                random.Next(2) == 0 ? "DE" : "FR",
                new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddHours(random.Next(0, 24 * 120))))
            .ToList();

        var totals = new Dictionary<KpiKey, decimal>();
        var had = new List<KpiPurchase>();
        foreach (var purchase in purchases.OrderBy(_ => random.Next()))
        {
            var before = had.ToList();
            had.Add(purchase);
            foreach (var delta in CustomerKpiMembership.Changes(before, had))
            {
                totals[delta.Key] = totals.GetValueOrDefault(delta.Key) + delta.Amount;
            }
        }

        var expected = CustomerKpiMembership.Of(purchases);
        Assert.Equal(
            expected.Select(key => key.ToString()).Order(StringComparer.Ordinal),
            totals.Where(pair => pair.Value != 0).Select(pair => pair.Key.ToString()).Order(StringComparer.Ordinal));
        Assert.All(totals.Values, value => Assert.True(value is 0 or 1));
    }

    [Fact]
    public void Home_is_the_earliest_purchase_with_ties_broken_by_storefront_then_market()
    {
        var home = CustomerKpiMembership.HomeOf(Purchases("s2 DE 2026-01-05T10:00:00Z; s1 FR 2026-01-05T10:00:00Z; s1 DE 2026-01-05T10:00:00Z; s0 US 2026-01-06T10:00:00Z"));

        Assert.Equal(Purchase("s1 DE 2026-01-05T10:00:00Z"), home);
        Assert.Null(CustomerKpiMembership.HomeOf([]));
    }

    internal static KpiPurchase Purchase(string text)
    {
        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return new KpiPurchase(parts[0], parts[1], Utc(parts[2]));
    }

    internal static List<KpiPurchase> Purchases(string text) =>
        [.. text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Purchase)];
}
