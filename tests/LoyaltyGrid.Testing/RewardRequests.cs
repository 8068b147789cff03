using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit;

namespace LoyaltyGrid.Testing;

/// <summary>The reward catalogue, claims and coupons as tests drive them through the API.</summary>
public static class RewardRequests
{
    public static object Reward(long pointsCost = 100, decimal value = 5.00m, string currency = "EUR", int validDays = 30, long? stock = null, bool active = true) =>
        stock is { } units
            ? new { name = "Five off", pointsCost, value, currency, validDays, stock = units, active }
            : new { name = "Five off", pointsCost, value, currency, validDays, active };

    public static Task<HttpResponseMessage> PutAsync(this ApiClient api, string path, object body, Credential credential) =>
        api.SendAsync(HttpMethod.Put, path, credential, JsonContent.Create(body, options: ApiClient.Json));

    public static async Task<JsonElement> PutRewardAsync(this ApiClient api, string rewardId, object body)
    {
        using var response = await api.PutAsync($"/api/v1/rewards/{rewardId}", body, TestCredentials.OpsCredential);
        return await Responses.ExpectJsonAsync(response, HttpStatusCode.OK);
    }

    /// <summary>A new customer with exactly <paramref name="points"/> points (a Member earns one per USD).</summary>
    public static async Task<string> CustomerWithPointsAsync(this ApiClient api, long points)
    {
        var customerId = TestIds.New("c");
        var purchase = await api.PostOkAsync(
            "/api/v1/purchases", EventBodies.Purchase(TestIds.New("A"), customerId, points, Times.HoursAgo(1)), TestCredentials.StoreACredential);
        Assert.Equal(points, purchase.GetProperty("balance").GetInt64());
        return customerId;
    }

    public static Task<Reply> ClaimAsync(this ApiClient api, string customerId, string claimId, string rewardId, Credential? credential = null) =>
        api.PostReplyAsync($"/api/v1/customers/{customerId}/claims", new { claimId, rewardId }, credential ?? TestCredentials.StoreACredential);

    public static Task<Reply> RedeemCouponAsync(this ApiClient api, string code, string orderId, Credential? credential = null) =>
        api.PostReplyAsync($"/api/v1/coupons/{code}/redemptions", new { orderId }, credential ?? TestCredentials.StoreACredential);

    public static async Task<long> BalanceAsync(this ApiClient api, string customerId) =>
        (await api.GetOkAsync($"/api/v1/customers/{customerId}", TestCredentials.StoreACredential)).GetProperty("balance").GetInt64();

    /// <summary>The problem type's last part (<c>out-of-stock</c>).</summary>
    public static string ProblemKind(this Reply reply) => reply.Json.GetProperty("type").GetString()!.Split(':')[^1];
}
