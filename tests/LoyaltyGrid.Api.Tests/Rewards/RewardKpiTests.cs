using System.Net;
using System.Text.Json;
using LoyaltyGrid.Api.Tests.Support;
using LoyaltyGrid.Testing;

namespace LoyaltyGrid.Api.Tests.Rewards;

/// <summary>A server of its own, so its KPIs count only this class's claims and coupons.</summary>
public sealed class RewardKpiServer : ApiServer
{
    protected override string Purpose => "reward-kpis";
}

public sealed class RewardKpiTests(RewardKpiServer server) : IClassFixture<RewardKpiServer>
{
    private readonly ApiClient _api = server.Api;

    [Fact]
    public async Task Claims_count_where_they_were_made_and_coupon_redemptions_at_the_redeeming_storefront_once()
    {
        var rewardId = TestIds.New("r");
        await _api.PutRewardAsync(rewardId, RewardRequests.Reward(pointsCost: 10, stock: 1));
        var customerId = await _api.CustomerWithPointsAsync(100);
        var code = (await _api.ClaimAsync(customerId, "k-1", rewardId)).Json.GetProperty("couponCode").GetString()!;
        Assert.Equal(HttpStatusCode.Conflict, (await _api.ClaimAsync(customerId, "k-2", rewardId)).Status);
        var orderId = TestIds.New("A");
        Assert.Equal(HttpStatusCode.OK, (await _api.RedeemCouponAsync(code, orderId, TestCredentials.StoreBCredential)).Status);
        Assert.Equal(HttpStatusCode.OK, (await _api.RedeemCouponAsync(code, orderId, TestCredentials.StoreBCredential)).Status);

        var grid = await EventuallyAsync("", s => Counted(s, "couponsRedeemed") == 1 && Counted(s, "rewardsClaimed") == 1);
        var claimedAt = await EventuallyAsync($"?storefront={TestCredentials.StoreA}", s => Counted(s, "rewardsClaimed") == 1);
        var redeemedAt = await EventuallyAsync($"?storefront={TestCredentials.StoreB}", s => Counted(s, "couponsRedeemed") == 1);

        Assert.Equal((1L, 1L), (Counted(grid, "rewardsClaimed"), Counted(grid, "couponsRedeemed")));
        Assert.Equal(0L, Counted(claimedAt, "couponsRedeemed"));
        Assert.Equal(0L, Counted(redeemedAt, "rewardsClaimed"));
        // The refused claim's points came back: only the completed claim's points count as redeemed.
        Assert.Equal(10L, grid.GetProperty("allTime").GetProperty("pointsRedeemed").GetInt64());
        var minutes = grid.GetProperty("live").GetProperty("perMinute").EnumerateArray().ToList();
        Assert.Equal(1L, minutes.Sum(minute => minute.GetProperty("rewardsClaimed").GetInt64()));
        Assert.Equal(1L, minutes.Sum(minute => minute.GetProperty("couponsRedeemed").GetInt64()));
    }

    private static long Counted(JsonElement snapshot, string metric) => snapshot.GetProperty("allTime").GetProperty(metric).GetInt64();

    private async Task<JsonElement> EventuallyAsync(string query, Func<JsonElement, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var snapshot = await _api.GetOkAsync($"/api/v1/kpis{query}", TestCredentials.OpsCredential);
            if (done(snapshot) || DateTime.UtcNow > deadline)
            {
                return snapshot;
            }

            await Task.Delay(200);
        }
    }
}
