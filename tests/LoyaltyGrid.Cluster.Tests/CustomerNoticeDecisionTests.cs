using LoyaltyGrid.Domain;
using LoyaltyGrid.Domain.Notices;
using LoyaltyGrid.Grains.Campaigns;
using LoyaltyGrid.Grains.Customers;

namespace LoyaltyGrid.Cluster.Tests;

/// <summary>
/// The customer decider emits the notices of rules.md "Notices" with the event that causes them,
/// and replay (the same decider, the same acceptance times) decides the same ones.
/// </summary>
public sealed class CustomerNoticeDecisionTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.Parse("2026-01-01T00:00:00Z");

    // Steps: "buy <id> <usd> @<day>", "refund <order> <usd> @<day>", "time @<day>"; each decided at its day.
    // Expected: the notices of every applied step, in order, as "<type> <details>".
    [Theory]
    [InlineData("buy o-1 100 @0", "")]
    [InlineData("buy o-1 600 @0", "tier.changed Member>Silver")]
    [InlineData("buy o-1 300 @0; buy o-2 300 @1", "tier.changed Member>Silver")]
    [InlineData("buy o-1 2500 @0", "tier.changed Member>Gold")]
    [InlineData("buy o-1 600 @0; refund o-1 200 @2", "tier.changed Member>Silver | tier.changed Silver>Member")]
    [InlineData("buy o-1 600 @0; refund o-1 50 @2", "tier.changed Member>Silver")]
    [InlineData("buy o-1 600 @0; time @351; time @365", "tier.changed Member>Silver | points.expiring 600 | tier.changed Silver>Member")]
    [InlineData("buy o-1 600 @0; time @365", "tier.changed Member>Silver | tier.changed Silver>Member")]
    [InlineData("buy o-1 100 @0; time @351", "points.expiring 100")]
    [InlineData("buy o-1 100 @0; time @350.9", "")]
    [InlineData("buy o-1 100 @0; time @351; time @352", "points.expiring 100")]
    [InlineData("buy o-1 100 @0; buy o-2 10 @352", "points.expiring 100")] // any event may be the first to see the moment pass
    [InlineData("buy o-1 100 @0; time @350", "")]
    public void Notices_are_decided_with_the_event_that_causes_them(string steps, string expected)
    {
        var live = Run(steps);
        var replayed = Run(steps);

        Assert.Equal(expected, string.Join(" | ", live.Select(Describe)));
        Assert.Equal(live, replayed);
    }

    [Fact]
    public void A_time_event_that_only_tells_of_expiring_points_is_journaled()
    {
        var decider = new CustomerDecider("c-1", new CustomerFold(), new LoyaltyRules());
        decider.Purchase(Purchase("o-1", 100, 0), T0.AddHours(1), CatalogRevision.Empty);

        var early = decider.Advance(T0.AddDays(1));
        decider.Advance(T0.AddDays(350));
        var due = decider.Advance(T0.AddDays(351));

        Assert.Equal(EventStatus.Conflict, early.Result.Status);
        Assert.Equal(EventStatus.Applied, due.Result.Status);
        Assert.Equal([new PointsExpiringNotice("c-1", T0.AddDays(351), 100, T0.AddDays(365))], due.Notices);
    }

    [Fact]
    public void An_erased_customer_decides_no_notices()
    {
        var decider = new CustomerDecider("c-1", new CustomerFold(), new LoyaltyRules());
        decider.Purchase(Purchase("o-1", 600, 0), T0.AddHours(1), CatalogRevision.Empty);
        decider.Erase(T0.AddDays(1));

        var advance = decider.Advance(T0.AddDays(365));

        Assert.Null(advance.Notices);
    }

    private static List<Notice> Run(string steps)
    {
        var decider = new CustomerDecider("c-1", new CustomerFold(), new LoyaltyRules());
        var notices = new List<Notice>();
        foreach (var step in steps.Split("; "))
        {
            var parts = step.Split(' ');
            var day = double.Parse(parts[^1][1..], System.Globalization.CultureInfo.InvariantCulture);
            // Decided an hour after it occurred: spend counts for the tier after the instant it occurred.
            var now = T0.AddDays(day).AddHours(1);
            var told = parts[0] switch
            {
                "buy" => decider.Purchase(Purchase(parts[1], decimal.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture), day), now, CatalogRevision.Empty).Notices,
                "refund" => decider.Refund(new RefundCommand("shop", $"r-{day}", parts[1], decimal.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture), T0.AddDays(day)), now).Notices,
                _ => decider.Advance(now).Notices,
            };
            notices.AddRange(told ?? []);
        }

        return notices;
    }

    private static PurchaseCommand Purchase(string orderId, decimal usd, double day) =>
        new("shop", orderId, usd, "USD", "US", T0.AddDays(day), null, null);

    private static string Describe(Notice notice) => notice switch
    {
        TierChangedNotice tier => $"{notice.WebhookType} {tier.From}>{tier.To}",
        PointsExpiringNotice expiring => $"{notice.WebhookType} {expiring.Points}",
        _ => notice.WebhookType,
    };
}
