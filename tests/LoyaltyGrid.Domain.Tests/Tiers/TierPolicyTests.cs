using LoyaltyGrid.Domain.Tests.Support;
using LoyaltyGrid.Domain.Tiers;

namespace LoyaltyGrid.Domain.Tests.Tiers;

public class TierPolicyTests
{
    private static readonly TimeSpan Window = TimeSpan.FromDays(365);
    private readonly TierPolicy _policy = new(new LoyaltyRules());

    [Theory]
    [InlineData("-100", Tier.Member)]
    [InlineData("0", Tier.Member)]
    [InlineData("499.99", Tier.Member)]
    [InlineData("500", Tier.Silver)]
    [InlineData("500.01", Tier.Silver)]
    [InlineData("1999.99", Tier.Silver)]
    [InlineData("2000", Tier.Gold)]
    [InlineData("2000.01", Tier.Gold)]
    [InlineData("4999.99", Tier.Gold)]
    [InlineData("5000", Tier.Platinum)]
    [InlineData("5000.01", Tier.Platinum)]
    [InlineData("1000000", Tier.Platinum)]
    public void Each_threshold_is_reached_exactly_at_its_amount(string netSpend, Tier expected) =>
        Assert.Equal(expected, _policy.TierFor(Parse.Money(netSpend)));

    [Theory]
    [InlineData(Tier.Member, "1.0")]
    [InlineData(Tier.Silver, "1.25")]
    [InlineData(Tier.Gold, "1.5")]
    [InlineData(Tier.Platinum, "2.0")]
    public void Each_tier_has_its_multiplier(Tier tier, string multiplier) =>
        Assert.Equal(Parse.Money(multiplier), _policy.MultiplierOf(tier));

    [Theory]
    [InlineData("100", Tier.Member, 100)]
    [InlineData("64.69", Tier.Member, 64)]
    [InlineData("0.99", Tier.Member, 0)]
    [InlineData("99.99", Tier.Silver, 124)] // 124.9875
    [InlineData("100", Tier.Silver, 125)]
    [InlineData("0.79", Tier.Silver, 0)] // 0.9875
    [InlineData("10.01", Tier.Gold, 15)] // 15.015
    [InlineData("99.99", Tier.Gold, 149)] // 149.985
    [InlineData("0.49", Tier.Platinum, 0)] // 0.98
    [InlineData("0.50", Tier.Platinum, 1)]
    [InlineData("1234.56", Tier.Platinum, 2469)] // 2469.12
    [InlineData("0", Tier.Platinum, 0)]
    public void Points_are_the_floor_of_amount_times_multiplier(string reportingAmount, Tier tier, long expected) =>
        Assert.Equal(expected, _policy.PointsFor(Parse.Money(reportingAmount), tier));

    [Theory]
    [InlineData(-365, 0, Tier.Silver)] // exactly t − 365 days: inside the window
    [InlineData(-365, -1, Tier.Member)] // one tick earlier: outside
    [InlineData(-365, 1, Tier.Silver)]
    [InlineData(-1, 0, Tier.Silver)]
    [InlineData(0, -1, Tier.Silver)] // the last tick before t
    [InlineData(0, 0, Tier.Member)] // at t itself: not yet counted
    [InlineData(1, 0, Tier.Member)] // after t
    public void The_window_is_from_365_days_before_inclusive_to_t_exclusive(int daysFromT, long ticks, Tier expected)
    {
        var t = At.Day(400);
        SpendEntry[] spend = [new(t.AddDays(daysFromT).AddTicks(ticks), 600m)];

        Assert.Equal(expected, _policy.TierAsOf(spend, t));
    }

    [Theory]
    [InlineData(-10, Tier.Member)] // refunded inside the window: 600 − 200
    [InlineData(10, Tier.Silver)] // refunded after t: not yet
    public void A_refund_counts_at_its_own_time(int refundDaysFromT, Tier expected)
    {
        var t = At.Day(400);
        SpendEntry[] spend = [new(t.AddDays(-100), 600m), new(t.AddDays(refundDaysFromT), -200m)];

        Assert.Equal(expected, _policy.TierAsOf(spend, t));
    }

    [Fact]
    public void A_refund_whose_purchase_aged_out_makes_window_spend_negative_and_the_tier_member()
    {
        var t = At.Day(400);
        SpendEntry[] spend = [new(t.AddDays(-380), 600m), new(t.AddDays(-10), -100m)];

        Assert.Equal(-100m, _policy.NetSpendAsOf(spend, t));
        Assert.Equal(Tier.Member, _policy.TierAsOf(spend, t));
    }

    [Fact]
    public void The_next_change_is_the_tick_after_spend_ages_out()
    {
        SpendEntry[] spend = [new(At.Day(0), 600m)];

        Assert.Equal((At.Day(0) + Window).AddTicks(1), _policy.NextChangeAfter(spend, At.Day(10)));
    }

    [Fact]
    public void The_next_change_skips_ageing_that_leaves_the_tier_alone()
    {
        // 300 + 300 is Silver; when the first 300 leaves, 300 is Member.
        SpendEntry[] spend = [new(At.Day(0), 300m), new(At.Day(100), 300m), new(At.Day(200), 10m)];

        Assert.Equal((At.Day(0) + Window).AddTicks(1), _policy.NextChangeAfter(spend, At.Day(250)));
    }

    [Fact]
    public void A_downgrade_can_be_followed_by_another()
    {
        SpendEntry[] spend = [new(At.Day(0), 2_500m), new(At.Day(100), 600m)];

        var first = _policy.NextChangeAfter(spend, At.Day(200));
        var second = _policy.NextChangeAfter(spend, first!.Value);

        Assert.Equal((At.Day(0) + Window).AddTicks(1), first);
        Assert.Equal(Tier.Silver, _policy.TierAsOf(spend, first.Value));
        Assert.Equal((At.Day(100) + Window).AddTicks(1), second);
        Assert.Equal(Tier.Member, _policy.TierAsOf(spend, second!.Value));
    }

    [Fact]
    public void Spend_dated_in_the_future_is_a_change_too()
    {
        SpendEntry[] spend = [new(At.Day(5), 600m)];

        Assert.Equal(At.Day(5).AddTicks(1), _policy.NextChangeAfter(spend, At.Day(0)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Nothing_changes_when_spend_never_moves_the_tier(int entries)
    {
        var spend = Enumerable.Range(0, entries).Select(i => new SpendEntry(At.Day(i), 100m));

        Assert.Null(_policy.NextChangeAfter(spend, At.Day(10)));
    }

    [Fact]
    public void Thresholds_and_window_come_from_configuration()
    {
        var rules = new LoyaltyRules { TierWindowDays = 30 };
        rules.Tiers.Silver.Threshold = 100m;
        var policy = new TierPolicy(rules);
        SpendEntry[] spend = [new(At.Day(0), 100m)];

        Assert.Equal(Tier.Silver, policy.TierAsOf(spend, At.Day(30)));
        Assert.Equal(Tier.Member, policy.TierAsOf(spend, At.Day(30).AddTicks(1)));
    }
}
