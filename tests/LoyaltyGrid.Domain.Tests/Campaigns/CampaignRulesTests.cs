using System.Globalization;
using LoyaltyGrid.Domain.Campaigns;
using LoyaltyGrid.Domain.Tests.Support;

namespace LoyaltyGrid.Domain.Tests.Campaigns;

/// <summary>Every condition of rules.md, "Campaigns", at and around its edges.</summary>
public class CampaignRulesTests
{
    // The campaign runs [day 0, day 10). Lists: "" absent (matches all), "-" empty (matches none), else '|'-separated.
    [Theory]
    [InlineData("inside, no restriction", 24.0, "store-a", "DE", "10.00", false, "", "", "", false, true)]
    [InlineData("exactly at startsAt", 0.0, "store-a", "DE", "10.00", false, "", "", "", false, true)]
    [InlineData("a moment before startsAt", -0.001, "store-a", "DE", "10.00", false, "", "", "", false, false)]
    [InlineData("a moment before endsAt", 239.999, "store-a", "DE", "10.00", false, "", "", "", false, true)]
    [InlineData("exactly at endsAt", 240.0, "store-a", "DE", "10.00", false, "", "", "", false, false)]
    [InlineData("after endsAt", 300.0, "store-a", "DE", "10.00", false, "", "", "", false, false)]
    [InlineData("storefront listed", 24.0, "store-a", "DE", "10.00", false, "store-b|store-a", "", "", false, true)]
    [InlineData("storefront not listed", 24.0, "store-c", "DE", "10.00", false, "store-b|store-a", "", "", false, false)]
    [InlineData("storefront ids are exact", 24.0, "Store-A", "DE", "10.00", false, "store-a", "", "", false, false)]
    [InlineData("empty storefront list", 24.0, "store-a", "DE", "10.00", false, "-", "", "", false, false)]
    [InlineData("market listed", 24.0, "store-a", "FR", "10.00", false, "", "DE|FR", "", false, true)]
    [InlineData("market not listed", 24.0, "store-a", "GB", "10.00", false, "", "DE|FR", "", false, false)]
    [InlineData("both lists must match", 24.0, "store-a", "GB", "10.00", false, "store-a", "DE", "", false, false)]
    [InlineData("amount equal to minAmount", 24.0, "store-a", "DE", "50.00", false, "", "", "50.00", false, true)]
    [InlineData("amount a cent under minAmount", 24.0, "store-a", "DE", "49.99", false, "", "", "50.00", false, false)]
    [InlineData("minAmount 0", 24.0, "store-a", "DE", "0.00", false, "", "", "0", false, true)]
    [InlineData("first purchase, first only", 24.0, "store-a", "DE", "10.00", true, "", "", "", true, true)]
    [InlineData("later purchase, first only", 24.0, "store-a", "DE", "10.00", false, "", "", "", true, false)]
    [InlineData("later purchase, not first only", 24.0, "store-a", "DE", "10.00", false, "", "", "", false, true)]
    [InlineData("every condition at once", 0.0, "store-a", "DE", "50.00", true, "store-a", "DE", "50.00", true, true)]
    public void A_campaign_applies_when_every_condition_holds(
        string _, double hours, string storefront, string market, string amount, bool isFirst,
        string storefronts, string markets, string minAmount, bool firstOnly, bool applies)
    {
        var campaign = new Campaign(
            "camp", "Campaign", At.Day(0), At.Day(10), Multiplier: 2m,
            Storefronts: List(storefronts), Markets: List(markets),
            MinAmount: minAmount.Length == 0 ? null : decimal.Parse(minAmount, CultureInfo.InvariantCulture),
            FirstPurchaseOnly: firstOnly);
        var purchase = new CampaignPurchase(storefront, market, At.Hour(hours), decimal.Parse(amount, CultureInfo.InvariantCulture), isFirst);

        Assert.Equal(applies, campaign.AppliesTo(purchase));
        Assert.Equal(applies ? ["camp"] : [], CampaignEarning.Applying([campaign], purchase).Select(c => c.CampaignId));
    }

    // Campaigns as "m<multiplier>" and/or "b<bonus>" terms, ',' within one campaign, ';' between campaigns.
    [Theory]
    [InlineData("100.00", "1.0", "", 100)]
    [InlineData("100.00", "1.0", "m2", 200)]
    [InlineData("100.00", "1.25", "m2", 250)]
    [InlineData("99.99", "1.25", "m1.5", 187)] // 187.48125
    [InlineData("10.10", "1.5", "m1.1", 16)] // 16.665
    [InlineData("100.00", "1.0", "m2;m3", 300)] // the highest multiplier, not 2 × 3
    [InlineData("100.00", "1.0", "m3;m2", 300)]
    [InlineData("100.00", "1.0", "b50", 150)]
    [InlineData("100.00", "1.0", "b50;b25", 175)] // bonuses add up
    [InlineData("100.00", "2.0", "b50", 250)] // bonuses are not multiplied
    [InlineData("100.00", "1.0", "m2,b10;m1.5,b5", 215)]
    [InlineData("0.99", "1.0", "b10", 10)]
    [InlineData("0.99", "1.0", "m2", 1)] // floor of the whole product, 1.98
    [InlineData("100.00", "1.0", "b0", 100)]
    [InlineData("100.00", "1.0", "m1", 100)]
    public void Points_are_floor_of_amount_times_tier_times_the_highest_multiplier_plus_every_bonus(
        string amount, string tierMultiplier, string campaigns, long expected)
    {
        var applying = campaigns.Split(';', StringSplitOptions.RemoveEmptyEntries).Select((terms, i) => Terms($"c{i}", terms)).ToList();

        var points = CampaignEarning.Points(decimal.Parse(amount, CultureInfo.InvariantCulture), decimal.Parse(tierMultiplier, CultureInfo.InvariantCulture), applying);

        Assert.Equal(expected, points);
    }

    [Fact]
    public void Only_applying_campaigns_are_named_in_the_order_they_were_given()
    {
        var purchase = new CampaignPurchase("store-a", "DE", At.Day(1), 100m, IsFirstPurchase: false);
        Campaign[] campaigns =
        [
            new("z-late", "Later", At.Day(5), At.Day(6), BonusPoints: 1),
            new("b-de", "Germany", At.Day(0), At.Day(2), Multiplier: 2m, Markets: ["DE"]),
            new("a-all", "All", At.Day(0), At.Day(2), BonusPoints: 5),
        ];

        Assert.Equal(["b-de", "a-all"], CampaignEarning.Applying(campaigns, purchase).Select(c => c.CampaignId));
        Assert.Empty(CampaignEarning.Applying([], purchase));
    }

    private static Campaign Terms(string id, string terms)
    {
        decimal? multiplier = null;
        long? bonus = null;
        foreach (var term in terms.Split(','))
        {
            if (term[0] == 'm')
            {
                multiplier = decimal.Parse(term[1..], CultureInfo.InvariantCulture);
            }
            else
            {
                bonus = long.Parse(term[1..], CultureInfo.InvariantCulture);
            }
        }

        return new Campaign(id, id, At.Day(0), At.Day(1), multiplier, bonus);
    }

    private static IReadOnlyList<string>? List(string value) => value switch
    {
        "" => null,
        "-" => [],
        _ => value.Split('|'),
    };
}
