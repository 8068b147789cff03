using LoyaltyGrid.Domain.Notices;
using LoyaltyGrid.Domain.Tests.Support;
using LoyaltyGrid.Domain.Tiers;

namespace LoyaltyGrid.Domain.Tests.Notices;

/// <summary>rules.md "Notices": tier.changed whenever the tier as of the server clock changes.</summary>
public class TierChangeNoticeTests
{
    [Theory]
    [InlineData(Tier.Member, Tier.Member, null, null)]
    [InlineData(Tier.Member, Tier.Silver, "Member", "Silver")]
    [InlineData(Tier.Silver, Tier.Platinum, "Silver", "Platinum")]
    [InlineData(Tier.Gold, Tier.Member, "Gold", "Member")]
    [InlineData(Tier.Gold, Tier.Gold, null, null)]
    public void A_change_of_tier_is_told_with_both_tiers(Tier previous, Tier current, string? from, string? to)
    {
        var account = Accounts.New();

        var notice = account.NoticeTierChange(previous, current, At.Day(3));

        Assert.Equal(from is null ? null : new TierChangedNotice("c-1", At.Day(3), from, to!), notice);
    }

    [Fact]
    public void An_erased_customer_is_told_nothing()
    {
        var account = Accounts.New();
        account.Erase();

        Assert.Null(account.NoticeTierChange(Tier.Member, Tier.Silver, At.Day(3)));
    }

    // Which tier a customer is at as of server time is what the notice compares: up by purchase,
    // down by refund, down as spend ages out of the window (spend counts after the instant it occurred).
    [Theory]
    [InlineData("buy 600 @0", 0.5, Tier.Silver)]
    [InlineData("buy 600 @0; refund 200 @1", 1.5, Tier.Member)]
    [InlineData("buy 600 @0", 364.5, Tier.Silver)]
    [InlineData("buy 600 @0", 365.5, Tier.Member)]
    [InlineData("buy 400 @0; buy 200 @10", 9.5, Tier.Member)]
    [InlineData("buy 400 @0; buy 200 @10", 10.5, Tier.Silver)]
    [InlineData("buy 400 @0; buy 200 @10", 365.5, Tier.Member)]
    public void The_tier_as_of_server_time_follows_purchases_refunds_and_ageing(string events, double day, Tier tier)
    {
        var account = Accounts.New();
        var order = 0;
        foreach (var step in events.Split("; "))
        {
            var parts = step.Split(' ');
            var at = At.Day(double.Parse(parts[2][1..], System.Globalization.CultureInfo.InvariantCulture));
            var amount = decimal.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
            if (parts[0] == "buy")
            {
                account.Buy($"o-{++order}", amount, at);
            }
            else
            {
                account.Refund($"r-{order}", "o-1", amount, at);
            }
        }

        Assert.Equal(tier, account.TierAsOf(At.Day(day)));
    }
}
