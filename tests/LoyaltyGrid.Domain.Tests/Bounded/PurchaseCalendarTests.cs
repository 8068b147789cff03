using LoyaltyGrid.Domain.Customers;
using LoyaltyGrid.Domain.Kpis;
using LoyaltyGrid.Domain.Prediction;
using LoyaltyGrid.Domain.Tests.Support;

namespace LoyaltyGrid.Domain.Tests.Bounded;

/// <summary>
/// The calendar's membership changes must add up, after every purchase, to the membership a
/// recomputation over all the customer's purchases gives (<see cref="CustomerKpiMembership.Of"/>),
/// while it forgets what lies before the customer's purchase horizon.
/// </summary>
public class PurchaseCalendarTests
{
    private static readonly string[] Storefronts = ["s1", "s2"];
    private static readonly string[] Markets = ["DE", "FR", "US"];

    [Theory]
    [InlineData(3)]
    [InlineData(99)]
    [InlineData(20261206)]
    public void Its_changes_add_up_to_a_recomputation_over_every_purchase(int seed)
    {
        var random = new Random(seed);
        var rules = new LoyaltyRules { LateEventDays = 20, TierWindowDays = 40 };
        var account = CustomerAccount.Open("c-1", rules);
        var calendar = new CustomerPurchaseCalendar();
        var purchases = new List<KpiPurchase>();
        var members = new Dictionary<KpiKey, decimal>();
        var now = At.T0;

        for (var step = 0; step < 1_500; step++)
        {
            now = now.AddHours(random.Next(0, 100));
            var newest = account.LastPurchaseAt ?? now;
            // Late purchases reach back across day and month boundaries, and past a new first purchase.
            var at = random.Next(3) == 0 ? (newest > now ? newest : now).AddHours(-random.Next(1, 24 * rules.LateEventDays)) : now;
            var purchase = new KpiPurchase(Storefronts[random.Next(Storefronts.Length)], Markets[random.Next(Markets.Length)], at);
            Assert.Equal(PurchaseStatus.Accepted, account.Buy($"o-{step}", 10m, at).Status);

            foreach (var delta in calendar.Add(purchase))
            {
                members[delta.Key] = members.GetValueOrDefault(delta.Key) + delta.Amount;
            }

            if (account.PurchaseHorizon is { } horizon)
            {
                calendar.ForgetBefore(horizon);
            }

            purchases.Add(purchase);
            // The recomputation costs the whole history each time; every few steps keeps the test quick.
            if (step % 25 != 0 && step != 1_499)
            {
                continue;
            }

            var expected = CustomerKpiMembership.Of(purchases);
            Assert.Equal(
                expected.OrderBy(Text, StringComparer.Ordinal),
                members.Where(member => member.Value != 0).Select(member => member.Key).OrderBy(Text, StringComparer.Ordinal));
            Assert.All(members.Values, count => Assert.InRange(count, 0m, 1m));
            Assert.Equal(CustomerKpiMembership.HomeOf(purchases), calendar.Home);
            var asOf = now.AddHours(-random.Next(0, 200));
            Assert.Equal(
                RepeatSummary.FromPurchases(purchases.Select(p => p.OccurredAt), asOf),
                RepeatSummary.FromDays(calendar.DaysBefore(asOf), asOf));
        }

        Assert.True(calendar.Scopes[KpiScope.Grid.Key].ForgottenDays > 0, "The calendar should have forgotten old days.");
        Assert.True(calendar.Scopes[KpiScope.Grid.Key].Days.Count < 100);
    }

    [Fact]
    public void Built_from_the_purchases_of_an_older_snapshot_it_holds_their_membership()
    {
        List<KpiPurchase> purchases =
        [
            new("s1", "DE", At.Day(40)),
            new("s2", "FR", At.Day(3)),
            new("s1", "DE", At.Day(3.5)),
            new("s1", "US", At.Day(70)),
        ];

        var calendar = CustomerPurchaseCalendar.Of(purchases);
        var next = new KpiPurchase("s1", "DE", At.Day(80));

        Assert.Equal(purchases[1], calendar.Home);
        Assert.Equal(
            CustomerKpiMembership.Changes(purchases, [.. purchases, next]).Select(Text).Order(StringComparer.Ordinal),
            calendar.Add(next).Select(Text).Order(StringComparer.Ordinal));
    }

    private static string Text(KpiKey key) => $"{key.Scope.Key} {key.Metric} {key.Bucket} {key.Dimension}";

    private static string Text(KpiDelta delta) => $"{Text(delta.Key)} {delta.Amount}";
}
