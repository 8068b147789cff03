using System.Net;
using System.Text.Json;
using LoyaltyGrid.Api.Tests.Support;
using LoyaltyGrid.Testing;

namespace LoyaltyGrid.Api.Tests;

/// <summary>Concurrent redemptions never take a balance below zero (api.md).</summary>
public sealed class ConcurrentRedemptionTests(ApiServer server) : IClassFixture<ApiServer>
{
    [Fact]
    public async Task Two_hundred_concurrent_redemptions_of_one_point_against_100_exactly_100_succeed()
    {
        var customerId = TestIds.New("c");
        // A Member earns floor(100.00 × 1.0) = 100 points.
        var purchase = await server.Api.PostOkAsync(
            "/api/v1/purchases", PurchaseTests.Purchase(TestIds.New("A"), customerId, 100.00m, "USD", Times.HoursAgo(1)), TestCredentials.StoreACredential);
        Assert.Equal(100, purchase.GetProperty("balance").GetInt64());

        using var start = new SemaphoreSlim(0);
        var redemptions = Enumerable.Range(0, 200).Select(async index =>
        {
            await start.WaitAsync();
            using var response = await server.Api.PostAsync(
                $"/api/v1/customers/{customerId}/redemptions", new { redemptionId = $"D-{index}", points = 1 }, TestCredentials.StoreACredential);
            var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
            return (response.StatusCode, Body: body);
        }).ToList();
        start.Release(200);
        var results = await Task.WhenAll(redemptions);

        var succeeded = results.Where(result => result.StatusCode == HttpStatusCode.OK).ToList();
        var refused = results.Where(result => result.StatusCode == HttpStatusCode.Conflict).ToList();
        Assert.Equal(100, succeeded.Count);
        Assert.Equal(100, refused.Count);
        // Each success left a different balance: the redemptions were applied one at a time.
        Assert.Equal(Enumerable.Range(0, 100).Select(balance => (long)balance), succeeded.Select(result => result.Body.GetProperty("balance").GetInt64()).Order());
        Assert.All(refused, result => Assert.Equal("urn:loyaltygrid:problem:conflict", result.Body.GetProperty("type").GetString()));

        var customer = await server.Api.GetOkAsync($"/api/v1/customers/{customerId}", TestCredentials.StoreACredential);
        Assert.Equal(0, customer.GetProperty("balance").GetInt64());
        var history = await server.Api.GetOkAsync($"/api/v1/customers/{customerId}/history?limit=500", TestCredentials.StoreACredential);
        var movements = history.GetProperty("movements").EnumerateArray().ToList();
        Assert.Equal(101, movements.Count);
        Assert.All(movements, movement => Assert.True(movement.GetProperty("balanceAfter").GetInt64() >= 0));
    }
}
