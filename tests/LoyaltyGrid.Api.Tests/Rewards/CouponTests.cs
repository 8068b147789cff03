using System.Net;
using LoyaltyGrid.Api.Tests.Support;
using LoyaltyGrid.Testing;

namespace LoyaltyGrid.Api.Tests.Rewards;

public sealed class CouponTests(ApiServer server) : IClassFixture<ApiServer>
{
    private readonly ApiClient _api = server.Api;

    private async Task<(string CustomerId, string Code)> IssuedCouponAsync()
    {
        var rewardId = TestIds.New("r");
        await _api.PutRewardAsync(rewardId, RewardRequests.Reward(pointsCost: 10, value: 7.50m, currency: "EUR", validDays: 1));
        var customerId = await _api.CustomerWithPointsAsync(30);
        var claim = await _api.ClaimAsync(customerId, TestIds.New("k"), rewardId);
        Assert.Equal(HttpStatusCode.OK, claim.Status);
        return (customerId, claim.Json.GetProperty("couponCode").GetString()!);
    }

    [Fact]
    public async Task A_coupon_is_redeemed_once_the_same_order_again_is_a_duplicate_and_another_order_a_409()
    {
        var (_, code) = await IssuedCouponAsync();
        var orderId = TestIds.New("A");

        var first = await _api.RedeemCouponAsync(code, orderId);
        var again = await _api.RedeemCouponAsync(code, orderId);
        var other = await _api.RedeemCouponAsync(code, TestIds.New("A"));
        var otherStore = await _api.RedeemCouponAsync(code, orderId, TestCredentials.StoreBCredential);

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal(["couponCode", "currency", "duplicate", "orderId", "redeemedAt", "value"], Responses.PropertyNames(first.Json));
        Assert.Equal((code, 7.50m, "EUR", orderId, false),
            (first.Json.GetProperty("couponCode").GetString(), first.Json.GetProperty("value").GetDecimal(), first.Json.GetProperty("currency").GetString(),
             first.Json.GetProperty("orderId").GetString(), first.Json.GetProperty("duplicate").GetBoolean()));
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.True(again.Json.GetProperty("duplicate").GetBoolean());
        Assert.Equal(first.Json.GetProperty("redeemedAt").GetDateTimeOffset(), again.Json.GetProperty("redeemedAt").GetDateTimeOffset());
        Assert.Equal((HttpStatusCode.Conflict, "already-redeemed"), (other.Status, other.ProblemKind()));
        Assert.Equal((HttpStatusCode.Conflict, "already-redeemed"), (otherStore.Status, otherStore.ProblemKind()));
    }

    [Fact]
    public async Task Of_concurrent_redemptions_of_one_coupon_for_different_orders_exactly_one_wins()
    {
        var (_, code) = await IssuedCouponAsync();

        using var start = new SemaphoreSlim(0);
        var redemptions = Enumerable.Range(0, 30).Select(async index =>
        {
            await start.WaitAsync();
            return await _api.RedeemCouponAsync(code, $"A-{index}");
        }).ToList();
        start.Release(30);
        var results = await Task.WhenAll(redemptions);

        Assert.Single(results, reply => reply.Status == HttpStatusCode.OK);
        Assert.Equal(29, results.Count(reply => reply.Status == HttpStatusCode.Conflict && reply.ProblemKind() == "already-redeemed"));
    }

    [Fact]
    public async Task A_coupon_past_its_expiry_is_a_409_expired_and_an_unknown_code_a_404()
    {
        var (_, code) = await IssuedCouponAsync();
        // The server's clock cannot be moved from a test: the coupon's stored expiry is moved instead.
        await Sql.ExecuteAsync(server.ConnectionString, $"UPDATE coupon SET expires_at = now() - interval '1 second' WHERE code = '{code}'");

        var expired = await _api.RedeemCouponAsync(code, TestIds.New("A"));
        var unknown = await _api.RedeemCouponAsync("ZZZZZZZZZZZZZZZZ", TestIds.New("A"));
        var ops = await _api.RedeemCouponAsync(code, TestIds.New("A"), TestCredentials.OpsCredential);

        Assert.Equal((HttpStatusCode.Conflict, "expired"), (expired.Status, expired.ProblemKind()));
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
        Assert.Equal(HttpStatusCode.Forbidden, ops.Status);
        Assert.Equal(0L, await Sql.ScalarAsync<long>(server.ConnectionString, $"SELECT count(*) FROM coupon WHERE code = '{code}' AND redeemed_order IS NOT NULL"));
    }

    [Fact]
    public async Task Erasure_removes_the_customers_coupons_and_their_codes_from_its_journal()
    {
        var (customerId, code) = await IssuedCouponAsync();
        Assert.Contains(code, await server.CustomerPayloadAsync(customerId), StringComparison.Ordinal);

        using var erased = await _api.DeleteAsync($"/api/v1/customers/{customerId}", TestCredentials.StoreACredential);

        Assert.Equal(HttpStatusCode.NoContent, erased.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _api.RedeemCouponAsync(code, TestIds.New("A"))).Status);
        Assert.DoesNotContain(code, await server.CustomerPayloadAsync(customerId), StringComparison.Ordinal);
        Assert.Equal(0L, await Sql.ScalarAsync<long>(server.ConnectionString, $"SELECT count(*) FROM coupon WHERE customer_id = '{customerId}'"));
    }
}
