using System.Diagnostics;
using System.Text.Json;
using LoyaltyGrid.Testing;

namespace LoyaltyGrid.Api.Tests;

/// <summary>
/// Every silo keeps campaigns in memory; a campaign saved through one server must reach the
/// other's memory promptly (it hears PostgreSQL's notice), whichever silo hosts the customer.
/// </summary>
public sealed class CampaignAcrossServersTests(TwoServerGrid grid) : IClassFixture<TwoServerGrid>
{
    // Far above the notice's delivery (milliseconds) and far below the 30 s safety-net reload,
    // so a pass shows the notice worked, on a loaded machine too.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task A_campaign_saved_on_one_server_applies_to_purchases_sent_to_the_other()
    {
        var first = new ApiClient(grid.First.Http);
        var second = new ApiClient(grid.Second.Http);
        var campaignId = TestIds.New("spread");

        await CampaignTests.PutCampaignAsync(first, campaignId, CampaignTests.Terms("Bonus in Denmark", bonusPoints: 11, markets: ["DK"]));

        // Fresh customers each try, so their grains land on either silo; every one must get the bonus once the notice is in.
        var watch = Stopwatch.StartNew();
        JsonElement purchase;
        while (true)
        {
            purchase = await second.PostOkAsync(
                "/api/v1/purchases", EventBodies.Purchase(TestIds.New("A"), TestIds.New("c"), 10.00m, Times.HoursAgo(1), market: "DK"), TestCredentials.StoreACredential);
            if (CampaignTests.CampaignIds(purchase).Contains(campaignId) || watch.Elapsed > Patience)
            {
                break;
            }

            await Task.Delay(100);
        }

        Assert.Equal([campaignId], CampaignTests.CampaignIds(purchase));
        Assert.Equal(21, purchase.GetProperty("pointsEarned").GetInt64());
        for (var i = 0; i < 8; i++)
        {
            var next = await second.PostOkAsync(
                "/api/v1/purchases", EventBodies.Purchase(TestIds.New("A"), TestIds.New("c"), 10.00m, Times.HoursAgo(1), market: "DK"), TestCredentials.StoreACredential);
            Assert.Equal(21, next.GetProperty("pointsEarned").GetInt64());
        }

        var listed = await second.GetOkAsync("/api/v1/campaigns", TestCredentials.OpsCredential);
        Assert.Contains(listed.GetProperty("campaigns").EnumerateArray(), campaign => campaign.GetProperty("campaignId").GetString() == campaignId);
    }
}
