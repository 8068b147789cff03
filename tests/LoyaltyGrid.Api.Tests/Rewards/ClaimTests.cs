using System.Net;
using System.Text.Json;
using LoyaltyGrid.Api.Tests.Support;
using LoyaltyGrid.Testing;

namespace LoyaltyGrid.Api.Tests.Rewards;

public sealed class ClaimTests(ApiServer server) : IClassFixture<ApiServer>
{
    private const string CodeAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    private readonly ApiClient _api = server.Api;

    [Fact]
    public async Task A_claim_spends_the_points_takes_one_unit_and_issues_one_coupon_and_its_retry_answers_the_same_coupon()
    {
        var rewardId = TestIds.New("r");
        await _api.PutRewardAsync(rewardId, RewardRequests.Reward(pointsCost: 120, stock: 5, validDays: 30));
        var customerId = await _api.CustomerWithPointsAsync(200);
        var claimId = TestIds.New("k");

        var claim = await _api.ClaimAsync(customerId, claimId, rewardId);
        var retry = await _api.ClaimAsync(customerId, claimId, rewardId);

        Assert.Equal(HttpStatusCode.OK, claim.Status);
        var body = claim.Json;
        Assert.Equal(["balance", "claimId", "couponCode", "duplicate", "expiresAt", "pointsSpent", "rewardId"], Responses.PropertyNames(body));
        var code = body.GetProperty("couponCode").GetString()!;
        Assert.True(code.Length >= 12 && code.All(CodeAlphabet.Contains), code);
        Assert.Equal((120L, 80L, false), (body.GetProperty("pointsSpent").GetInt64(), body.GetProperty("balance").GetInt64(), body.GetProperty("duplicate").GetBoolean()));
        Assert.InRange(body.GetProperty("expiresAt").GetDateTimeOffset(), DateTimeOffset.UtcNow.AddDays(29), DateTimeOffset.UtcNow.AddDays(31));
        Assert.Equal(HttpStatusCode.OK, retry.Status);
        Assert.Equal(code, retry.Json.GetProperty("couponCode").GetString());
        Assert.True(retry.Json.GetProperty("duplicate").GetBoolean());
        Assert.Equal(80, await _api.BalanceAsync(customerId));
        Assert.Equal(4L, await Sql.ScalarAsync<long>(server.ConnectionString, $"SELECT remaining FROM reward WHERE reward_id = '{rewardId}'"));
        Assert.Equal(1L, await Sql.ScalarAsync<long>(server.ConnectionString, $"SELECT count(*) FROM coupon WHERE customer_id = '{customerId}'"));
        var history = await _api.GetOkAsync($"/api/v1/customers/{customerId}/history", TestCredentials.StoreACredential);
        Assert.Contains(history.GetProperty("movements").EnumerateArray(), m => m.GetProperty("points").GetInt64() == -120);
    }

    [Fact]
    public async Task The_same_claim_id_for_another_reward_is_a_409_and_takes_nothing()
    {
        var (first, second) = (TestIds.New("r"), TestIds.New("r"));
        await _api.PutRewardAsync(first, RewardRequests.Reward(pointsCost: 10));
        await _api.PutRewardAsync(second, RewardRequests.Reward(pointsCost: 10, stock: 3));
        var customerId = await _api.CustomerWithPointsAsync(100);
        var claimId = TestIds.New("k");
        Assert.Equal(HttpStatusCode.OK, (await _api.ClaimAsync(customerId, claimId, first)).Status);

        var reused = await _api.ClaimAsync(customerId, claimId, second);

        Assert.Equal((HttpStatusCode.Conflict, "conflict"), (reused.Status, reused.ProblemKind()));
        Assert.Equal(90, await _api.BalanceAsync(customerId));
        Assert.Equal(3L, await Sql.ScalarAsync<long>(server.ConnectionString, $"SELECT remaining FROM reward WHERE reward_id = '{second}'"));
    }

    [Fact]
    public async Task Too_few_points_unknown_and_inactive_rewards_are_refused_and_change_nothing()
    {
        var (costly, inactive) = (TestIds.New("r"), TestIds.New("r"));
        await _api.PutRewardAsync(costly, RewardRequests.Reward(pointsCost: 101, stock: 2));
        await _api.PutRewardAsync(inactive, RewardRequests.Reward(pointsCost: 1, active: false));
        var customerId = await _api.CustomerWithPointsAsync(100);

        var poor = await _api.ClaimAsync(customerId, TestIds.New("k"), costly);
        var unknown = await _api.ClaimAsync(customerId, TestIds.New("k"), TestIds.New("r"));
        var retired = await _api.ClaimAsync(customerId, TestIds.New("k"), inactive);

        Assert.Equal((HttpStatusCode.Conflict, "insufficient-points"), (poor.Status, poor.ProblemKind()));
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
        Assert.Equal(HttpStatusCode.NotFound, retired.Status);
        Assert.Equal(100, await _api.BalanceAsync(customerId));
        Assert.Equal(2L, await Sql.ScalarAsync<long>(server.ConnectionString, $"SELECT remaining FROM reward WHERE reward_id = '{costly}'"));
        Assert.Equal(0L, await Sql.ScalarAsync<long>(server.ConnectionString, $"SELECT count(*) FROM coupon WHERE customer_id = '{customerId}'"));
    }

    [Fact]
    public async Task A_customer_token_claims_for_its_own_customer_only()
    {
        var rewardId = TestIds.New("r");
        await _api.PutRewardAsync(rewardId, RewardRequests.Reward(pointsCost: 10));
        var (own, other) = (await _api.CustomerWithPointsAsync(50), await _api.CustomerWithPointsAsync(50));
        var token = Credential.Bearer(await _api.IssueTokenAsync(own));

        var mine = await _api.ClaimAsync(own, TestIds.New("k"), rewardId, token);
        var theirs = await _api.ClaimAsync(other, TestIds.New("k"), rewardId, token);
        var ops = await _api.ClaimAsync(own, TestIds.New("k"), rewardId, TestCredentials.OpsCredential);

        Assert.Equal(HttpStatusCode.OK, mine.Status);
        Assert.Equal(HttpStatusCode.Forbidden, theirs.Status);
        Assert.Equal(HttpStatusCode.Forbidden, ops.Status);
        Assert.Equal(50, await _api.BalanceAsync(other));
    }

    [Fact]
    public async Task Two_hundred_concurrent_claims_against_a_stock_of_50_issue_exactly_50_coupons()
    {
        var rewardId = TestIds.New("r");
        await _api.PutRewardAsync(rewardId, RewardRequests.Reward(pointsCost: 100, stock: 50));
        var customers = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => _api.CustomerWithPointsAsync(150)));

        using var start = new SemaphoreSlim(0);
        var claims = customers.Select(async customerId =>
        {
            await start.WaitAsync();
            return (customerId, Reply: await _api.ClaimAsync(customerId, "k-1", rewardId));
        }).ToList();
        start.Release(customers.Length);
        var results = await Task.WhenAll(claims);

        var issued = results.Where(result => result.Reply.Status == HttpStatusCode.OK).ToList();
        var refused = results.Where(result => result.Reply.Status == HttpStatusCode.Conflict).ToList();
        Assert.Equal(50, issued.Count);
        Assert.Equal(150, refused.Count);
        Assert.All(refused, result => Assert.Equal("out-of-stock", result.Reply.ProblemKind()));
        Assert.Equal(50, issued.Select(result => result.Reply.Json.GetProperty("couponCode").GetString()).Distinct().Count());
        foreach (var (customerId, reply) in results)
        {
            Assert.Equal(reply.Status == HttpStatusCode.OK ? 50 : 150, await _api.BalanceAsync(customerId));
        }

        Assert.Equal(0L, await Sql.ScalarAsync<long>(server.ConnectionString, $"SELECT remaining FROM reward WHERE reward_id = '{rewardId}'"));
        Assert.Equal(50L, await Sql.ScalarAsync<long>(server.ConnectionString, $"SELECT count(*) FROM coupon WHERE reward_id = '{rewardId}'"));
        Assert.Equal(50L, await Sql.ScalarAsync<long>(server.ConnectionString, $"SELECT count(*) FROM reward_claim WHERE reward_id = '{rewardId}' AND taken"));
        Assert.Equal(150L, await Sql.ScalarAsync<long>(server.ConnectionString, $"SELECT count(*) FROM reward_claim WHERE reward_id = '{rewardId}' AND NOT taken"));
    }

    [Fact]
    public async Task Concurrent_claims_against_one_balance_never_take_it_below_zero()
    {
        var rewardId = TestIds.New("r");
        await _api.PutRewardAsync(rewardId, RewardRequests.Reward(pointsCost: 100));
        var customerId = await _api.CustomerWithPointsAsync(1000);

        using var start = new SemaphoreSlim(0);
        var claims = Enumerable.Range(0, 40).Select(async index =>
        {
            await start.WaitAsync();
            return await _api.ClaimAsync(customerId, $"k-{index}", rewardId);
        }).ToList();
        start.Release(40);
        var results = await Task.WhenAll(claims);

        Assert.Equal(10, results.Count(reply => reply.Status == HttpStatusCode.OK));
        Assert.Equal(30, results.Count(reply => reply.Status == HttpStatusCode.Conflict && reply.ProblemKind() == "insufficient-points"));
        Assert.Equal(
            Enumerable.Range(0, 10).Select(step => step * 100L),
            results.Where(reply => reply.Status == HttpStatusCode.OK).Select(reply => reply.Json.GetProperty("balance").GetInt64()).Order());
        Assert.Equal(0, await _api.BalanceAsync(customerId));
    }

    [Fact]
    public async Task A_change_of_the_reward_never_alters_a_coupon_already_issued()
    {
        var rewardId = TestIds.New("r");
        await _api.PutRewardAsync(rewardId, RewardRequests.Reward(pointsCost: 10, value: 5.00m, currency: "EUR"));
        var customerId = await _api.CustomerWithPointsAsync(50);
        var code = (await _api.ClaimAsync(customerId, TestIds.New("k"), rewardId)).Json.GetProperty("couponCode").GetString()!;

        await _api.PutRewardAsync(rewardId, RewardRequests.Reward(pointsCost: 40, value: 9.00m, currency: "USD"));
        var redeemed = await _api.RedeemCouponAsync(code, TestIds.New("A"));

        Assert.Equal(HttpStatusCode.OK, redeemed.Status);
        Assert.Equal((5.00m, "EUR"), (redeemed.Json.GetProperty("value").GetDecimal(), redeemed.Json.GetProperty("currency").GetString()));
        var next = await _api.ClaimAsync(customerId, TestIds.New("k"), rewardId);
        Assert.Equal(40, next.Json.GetProperty("pointsSpent").GetInt64());
        Assert.Equal(JsonValueKind.String, next.Json.GetProperty("couponCode").ValueKind);
    }
}
