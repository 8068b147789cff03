using System.Net;
using LoyaltyGrid.Api.Tests.Support;
using LoyaltyGrid.Testing;

namespace LoyaltyGrid.Api.Tests;

/// <summary>
/// A 200 is durable (api.md): after the process is killed without warning and restarted on the
/// same database, a retry of the same event is recognised and answered with the original result.
/// </summary>
public sealed class RestartTests(ApiServer server) : IClassFixture<ApiServer>
{
    [Fact]
    public async Task After_a_kill_and_restart_retries_are_duplicates_with_the_original_results()
    {
        var customerId = TestIds.New("c");
        var purchase = PurchaseTests.Purchase(TestIds.New("A"), customerId, 250.00m, "EUR", Times.HoursAgo(2));
        var redemption = new { redemptionId = TestIds.New("D"), points = 70 };
        var redemptionPath = $"/api/v1/customers/{customerId}/redemptions";
        var purchased = await server.Api.PostOkAsync("/api/v1/purchases", purchase, TestCredentials.StoreACredential);
        var redeemed = await server.Api.PostOkAsync(redemptionPath, redemption, TestCredentials.StoreACredential);
        var before = await server.Api.GetOkAsync($"/api/v1/customers/{customerId}", TestCredentials.StoreACredential);
        var historyBefore = await server.Api.GetOkAsync($"/api/v1/customers/{customerId}/history", TestCredentials.StoreACredential);

        await server.KillAndRestartAsync();

        var purchasedAgain = await server.Api.PostOkAsync("/api/v1/purchases", purchase, TestCredentials.StoreACredential);
        var redeemedAgain = await server.Api.PostOkAsync(redemptionPath, redemption, TestCredentials.StoreACredential);
        Assert.True(purchasedAgain.GetProperty("duplicate").GetBoolean());
        Assert.True(redeemedAgain.GetProperty("duplicate").GetBoolean());
        foreach (var field in new[] { "orderId", "customerId", "pointsEarned", "balance", "tier" })
        {
            Assert.Equal(purchased.GetProperty(field).ToString(), purchasedAgain.GetProperty(field).ToString());
        }

        Assert.Equal(redeemed.GetProperty("balance").GetInt64(), redeemedAgain.GetProperty("balance").GetInt64());
        var after = await server.Api.GetOkAsync($"/api/v1/customers/{customerId}", TestCredentials.StoreACredential);
        Assert.Equal(before.ToString(), after.ToString());
        // The redemption's time is the server's own; replayed from the journal it must read the same to the digit.
        var historyAfter = await server.Api.GetOkAsync($"/api/v1/customers/{customerId}/history", TestCredentials.StoreACredential);
        Assert.Equal(historyBefore.ToString(), historyAfter.ToString());
        // 250 EUR × 1.08 = 270 USD → 270 points, 70 of them redeemed.
        Assert.Equal(270, purchased.GetProperty("pointsEarned").GetInt64());
        Assert.Equal(200, after.GetProperty("balance").GetInt64());

        purchase["amount"] = 251.00m;
        using var reusedId = await server.Api.PostAsync("/api/v1/purchases", purchase, TestCredentials.StoreACredential);
        await Responses.ExpectProblemAsync(reusedId, HttpStatusCode.Conflict);
    }
}
