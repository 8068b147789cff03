using LoyaltyGrid.Domain.Campaigns;
using LoyaltyGrid.Domain.Customers;
using LoyaltyGrid.Domain.Tests.Support;
using LoyaltyGrid.Domain.Tiers;

namespace LoyaltyGrid.Domain.Tests.Campaigns;

/// <summary>Campaigns as the account applies them: in the order's points, its receipt, and what its refunds reverse.</summary>
public class CampaignPurchaseTests
{
    private static readonly Campaign DoubleInGermany = new("double-de", "Double points in Germany", At.Day(0), At.Day(30), Multiplier: 2m, Markets: ["DE"]);
    private static readonly Campaign Welcome = new("welcome", "Welcome bonus", At.Day(0), At.Day(30), BonusPoints: 50, FirstPurchaseOnly: true);

    [Theory]
    [InlineData("DE", "double-de,welcome", 250)] // floor(100 × 1 × 2) + 50
    [InlineData("FR", "welcome", 150)]
    public void A_first_purchase_earns_what_its_applying_campaigns_give_and_names_them(string market, string named, long points)
    {
        var account = Accounts.New();

        var outcome = Buy(account, "o-1", 100m, At.Day(1), market, DoubleInGermany, Welcome);

        Assert.Equal(points, outcome.PointsEarned);
        Assert.Equal(named.Split(','), outcome.AppliedCampaigns.Select(campaign => campaign.CampaignId));
        Assert.Equal(named.Split(','), account.State.Orders["o-1"].Campaigns);
        Assert.Equal(points, account.Balance);
        Assert.Equal(points, account.LifetimePoints);
    }

    [Fact]
    public void Only_the_customers_first_purchase_is_a_first_purchase_also_when_an_earlier_one_arrives_late()
    {
        var account = Accounts.New();
        var first = Buy(account, "o-2", 10m, At.Day(5), "FR", Welcome);
        var second = Buy(account, "o-3", 10m, At.Day(6), "FR", Welcome);
        // Earlier in time, but the account had accepted purchases when it arrived.
        var late = Buy(account, "o-1", 10m, At.Day(1), "FR", Welcome);

        Assert.Equal((60L, 10L, 10L), (first.PointsEarned, second.PointsEarned, late.PointsEarned));
        Assert.Equal(["welcome"], first.AppliedCampaigns.Select(campaign => campaign.CampaignId));
        Assert.Empty(second.AppliedCampaigns);
        Assert.Null(account.State.Orders["o-3"].Campaigns);
    }

    [Fact]
    public void The_tier_multiplier_and_the_campaign_multiplier_multiply()
    {
        var account = Accounts.New();
        account.Buy("history", 600m, At.Day(0));

        var outcome = Buy(account, "o-1", 100m, At.Day(2), "DE", DoubleInGermany);

        Assert.Equal(Tier.Silver, outcome.EarningTier);
        Assert.Equal(250, outcome.PointsEarned); // floor(100 × 1.25 × 2)
    }

    [Fact]
    public void A_purchase_outside_every_campaign_earns_its_tier_points_alone()
    {
        var account = Accounts.New();

        var outcome = Buy(account, "o-1", 100m, At.Day(40), "DE", DoubleInGermany, Welcome);

        Assert.Equal(100, outcome.PointsEarned);
        Assert.Empty(outcome.AppliedCampaigns);
    }

    // 100.00 DE, first purchase: 250 points with campaigns. Refunds reverse floor(250 × refunded / 100) minus what was reversed.
    [Theory]
    [InlineData("40.00", "100")]
    [InlineData("100.00", "250")]
    [InlineData("33.33,33.33,33.34", "83,83,84")]
    [InlineData("0.01,99.99", "0,250")]
    public void Refunds_reverse_a_share_of_everything_the_order_earned_campaign_points_included(string parts, string expected)
    {
        var account = Accounts.New();
        Buy(account, "o-1", 100m, At.Day(1), "DE", DoubleInGermany, Welcome);

        var reversed = Parse.MoneyList(parts)
            .Select((part, i) => account.Refund($"r-{i}", "o-1", part, At.Day(2 + i)).PointsReversed)
            .ToArray();

        Assert.Equal(Parse.PointsList(expected), reversed);
        Assert.Equal(250 - reversed.Sum(), account.Balance);
    }

    [Fact]
    public void Campaigns_changed_after_a_purchase_do_not_change_what_it_earned()
    {
        var account = Accounts.New();
        var campaigns = new List<Campaign> { DoubleInGermany };
        Buy(account, "o-1", 100m, At.Day(1), "DE", [.. campaigns]);

        campaigns[0] = DoubleInGermany with { Multiplier = 5m };
        var later = Buy(account, "o-2", 100m, At.Day(2), "DE", [.. campaigns]);

        Assert.Equal(200, account.State.Orders["o-1"].PointsEarned);
        Assert.Equal(500, later.PointsEarned);
        Assert.Equal(700, account.Balance);
    }

    private static PurchaseOutcome Buy(CustomerAccount account, string orderId, decimal amount, DateTimeOffset at, string market, params Campaign[] campaigns) =>
        account.Purchase(orderId, amount, "USD", amount, at, items: null, storefront: "store-a", market: market, campaigns: campaigns);
}
