using System.Net;
using LoyaltyGrid.Api.Tests.Support;
using LoyaltyGrid.Testing;

namespace LoyaltyGrid.Api.Tests.Rewards;

public sealed class CatalogueTests(ApiServer server) : IClassFixture<ApiServer>
{
    private readonly ApiClient _api = server.Api;

    [Fact]
    public async Task Ops_create_and_change_a_reward_and_everyone_lists_the_active_ones_with_their_stock()
    {
        var (limited, unlimited, inactive) = (TestIds.New("r"), TestIds.New("r"), TestIds.New("r"));
        var created = await _api.PutRewardAsync(limited, RewardRequests.Reward(pointsCost: 250, value: 10.50m, stock: 7));
        await _api.PutRewardAsync(unlimited, RewardRequests.Reward(currency: "JPY", value: 500m));
        await _api.PutRewardAsync(inactive, RewardRequests.Reward(active: false));
        var changed = await _api.PutRewardAsync(limited, RewardRequests.Reward(pointsCost: 300, value: 10.50m, stock: 3));

        Assert.Equal(7, created.GetProperty("remaining").GetInt64());
        Assert.Equal((300L, 3L), (changed.GetProperty("pointsCost").GetInt64(), changed.GetProperty("remaining").GetInt64()));
        var token = await _api.IssueTokenAsync(await _api.CustomerWithPointsAsync(10));
        foreach (var credential in new[] { TestCredentials.StoreACredential, TestCredentials.OpsCredential, Credential.Bearer(token) })
        {
            var rewards = (await _api.GetOkAsync("/api/v1/rewards", credential)).GetProperty("rewards").EnumerateArray().ToList();
            var listed = rewards.ToDictionary(reward => reward.GetProperty("rewardId").GetString()!);
            Assert.DoesNotContain(inactive, listed.Keys);
            Assert.Equal(
                ["currency", "name", "pointsCost", "remaining", "rewardId", "validDays", "value"],
                Responses.PropertyNames(listed[limited]));
            Assert.Equal(3, listed[limited].GetProperty("remaining").GetInt64());
            Assert.Equal(10.50m, listed[limited].GetProperty("value").GetDecimal());
            Assert.Equal(System.Text.Json.JsonValueKind.Null, listed[unlimited].GetProperty("remaining").ValueKind);
        }
    }

    [Theory]
    [InlineData("name", "{\"pointsCost\":1,\"value\":1,\"currency\":\"EUR\",\"validDays\":1,\"active\":true}")]
    [InlineData("name", "{\"name\":\"\",\"pointsCost\":1,\"value\":1,\"currency\":\"EUR\",\"validDays\":1,\"active\":true}")]
    [InlineData("pointsCost", "{\"name\":\"x\",\"pointsCost\":0,\"value\":1,\"currency\":\"EUR\",\"validDays\":1,\"active\":true}")]
    [InlineData("pointsCost", "{\"name\":\"x\",\"pointsCost\":1.5,\"value\":1,\"currency\":\"EUR\",\"validDays\":1,\"active\":true}")]
    [InlineData("value", "{\"name\":\"x\",\"pointsCost\":1,\"value\":0,\"currency\":\"EUR\",\"validDays\":1,\"active\":true}")]
    [InlineData("value", "{\"name\":\"x\",\"pointsCost\":1,\"value\":1.5,\"currency\":\"JPY\",\"validDays\":1,\"active\":true}")]
    [InlineData("value", "{\"name\":\"x\",\"pointsCost\":1,\"value\":1.555,\"currency\":\"EUR\",\"validDays\":1,\"active\":true}")]
    [InlineData("currency", "{\"name\":\"x\",\"pointsCost\":1,\"value\":1,\"currency\":\"eur\",\"validDays\":1,\"active\":true}")]
    [InlineData("validDays", "{\"name\":\"x\",\"pointsCost\":1,\"value\":1,\"currency\":\"EUR\",\"validDays\":0,\"active\":true}")]
    [InlineData("stock", "{\"name\":\"x\",\"pointsCost\":1,\"value\":1,\"currency\":\"EUR\",\"validDays\":1,\"stock\":-1,\"active\":true}")]
    [InlineData("stock", "{\"name\":\"x\",\"pointsCost\":1,\"value\":1,\"currency\":\"EUR\",\"validDays\":1,\"stock\":2.5,\"active\":true}")]
    [InlineData("active", "{\"name\":\"x\",\"pointsCost\":1,\"value\":1,\"currency\":\"EUR\",\"validDays\":1}")]
    [InlineData("active", "{\"name\":\"x\",\"pointsCost\":1,\"value\":1,\"currency\":\"EUR\",\"validDays\":1,\"active\":\"yes\"}")]
    public async Task A_bad_reward_is_a_400_naming_the_field_and_creates_nothing(string field, string body)
    {
        var rewardId = TestIds.New("r");

        using var response = await _api.SendAsync(HttpMethod.Put, $"/api/v1/rewards/{rewardId}", TestCredentials.OpsCredential,
            new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        await Responses.ExpectProblemAsync(response, HttpStatusCode.BadRequest, field);
        Assert.Equal(0L, await Sql.ScalarAsync<long>(server.ConnectionString, $"SELECT count(*) FROM reward WHERE reward_id = '{rewardId}'"));
    }

    [Fact]
    public async Task A_currency_outside_the_rate_table_is_a_422_and_only_ops_may_change_the_catalogue()
    {
        using var unknown = await _api.PutAsync($"/api/v1/rewards/{TestIds.New("r")}", RewardRequests.Reward(currency: "XYZ"), TestCredentials.OpsCredential);
        var problem = await Responses.ExpectProblemAsync(unknown, HttpStatusCode.UnprocessableEntity);
        Assert.Equal("urn:loyaltygrid:problem:unknown-currency", problem.GetProperty("type").GetString());

        using var storefront = await _api.PutAsync($"/api/v1/rewards/{TestIds.New("r")}", RewardRequests.Reward(), TestCredentials.StoreACredential);
        await Responses.ExpectProblemAsync(storefront, HttpStatusCode.Forbidden);
        using var anonymous = await _api.GetAsync("/api/v1/rewards", Credential.None);
        await Responses.ExpectProblemAsync(anonymous, HttpStatusCode.Unauthorized);
    }
}
