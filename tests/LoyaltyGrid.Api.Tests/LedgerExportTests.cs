using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using LoyaltyGrid.Api.Tests.Support;
using LoyaltyGrid.Testing;

namespace LoyaltyGrid.Api.Tests;

/// <summary><c>GET /api/v1/customers/{id}/history?format=csv</c>: every point movement, oldest first, for audits.</summary>
public sealed class LedgerExportTests(ApiServer server) : IClassFixture<ApiServer>
{
    private const string Header = "occurredAt,kind,points,balanceAfter,reference,campaigns";
    private ApiClient Api => server.Api;

    [Fact]
    public async Task The_export_has_every_movement_oldest_first_beyond_the_500_the_customer_keeps_in_memory()
    {
        var campaignId = TestIds.New("ledger");
        await CampaignTests.PutCampaignAsync(Api, campaignId, CampaignTests.Terms("Ledger bonus in Austria", bonusPoints: 3, markets: ["AT"]));
        var customerId = TestIds.New("c");
        const int purchases = 520;
        var start = Times.HoursAgo(40);
        var events = new JsonArray();
        for (var i = 0; i < purchases; i++)
        {
            var purchase = EventBodies.Purchase($"L-{i:D4}", customerId, 1.00m + i % 7, start.AddMinutes(i), market: i == 0 ? "AT" : "DE");
            purchase["type"] = "purchase";
            events.Add(purchase);
        }

        var results = (await Api.PostOkAsync("/api/v1/events:batch", new JsonObject { ["events"] = events }, TestCredentials.StoreACredential))
            .GetProperty("results").EnumerateArray().ToList();
        Assert.All(results, result => Assert.Equal(200, result.GetProperty("status").GetInt32()));
        var redeemed = await Api.PostOkAsync($"/api/v1/customers/{customerId}/redemptions", new { redemptionId = "D-1", points = 40 }, TestCredentials.StoreACredential);

        var reply = await Api.ReplyAsync(HttpMethod.Get, $"/api/v1/customers/{customerId}/history?format=csv", TestCredentials.StoreACredential);

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal("text/csv", reply.MediaType);
        Assert.EndsWith("\r\n", reply.Body, StringComparison.Ordinal);
        var lines = reply.Body[..^2].Split("\r\n");
        Assert.Equal(Header, lines[0]);
        var rows = lines[1..].Select(line => line.Split(',')).ToList();
        Assert.Equal(purchases + 1, rows.Count);
        var balance = 0L;
        for (var i = 0; i < purchases; i++)
        {
            var earned = results[i].GetProperty("body").GetProperty("pointsEarned").GetInt64();
            balance += earned;
            Assert.Equal(
                [Times.Iso(start.AddMinutes(i)), "earn", earned.ToString(CultureInfo.InvariantCulture), balance.ToString(CultureInfo.InvariantCulture), $"{TestCredentials.StoreA}/L-{i:D4}", i == 0 ? campaignId : ""],
                rows[i]);
        }

        var redemption = rows[^1];
        Assert.Equal(["redeem", "-40", (balance - 40).ToString(CultureInfo.InvariantCulture)], redemption[1..4]);
        Assert.Equal(redeemed.GetProperty("balance").GetInt64(), balance - 40);
        // The JSON history still serves the latest 500 from memory; the export agrees with it.
        var recent = await Api.GetOkAsync($"/api/v1/customers/{customerId}/history?limit=500", TestCredentials.StoreACredential);
        Assert.Equal(500, recent.GetProperty("movements").GetArrayLength());
        Assert.Equal(balance - 40, recent.GetProperty("movements")[0].GetProperty("balanceAfter").GetInt64());
    }

    [Fact]
    public async Task An_erased_customers_history_is_gone_from_the_export_too()
    {
        var customerId = TestIds.New("c");
        await Api.PostOkAsync("/api/v1/purchases", EventBodies.Purchase(TestIds.New("A"), customerId, 12.00m, Times.HoursAgo(2)), TestCredentials.StoreACredential);
        var before = await Api.ReplyAsync(HttpMethod.Get, $"/api/v1/customers/{customerId}/history?format=csv", TestCredentials.StoreACredential);
        Assert.Equal(HttpStatusCode.OK, before.Status);
        Assert.Equal(2, before.Body.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);

        using var erased = await Api.DeleteAsync($"/api/v1/customers/{customerId}", TestCredentials.StoreACredential);
        Assert.Equal(HttpStatusCode.NoContent, erased.StatusCode);
        var after = await Api.ReplyAsync(HttpMethod.Get, $"/api/v1/customers/{customerId}/history?format=csv", TestCredentials.StoreACredential);

        Assert.Equal(HttpStatusCode.NotFound, after.Status);
        Assert.Equal("application/problem+json", after.MediaType);
    }

    [Theory]
    [InlineData("?format=xml", HttpStatusCode.BadRequest, "format")]
    [InlineData("?format=CSV", HttpStatusCode.BadRequest, "format")]
    [InlineData("?format=csv&limit=5", HttpStatusCode.BadRequest, "limit")]
    public async Task Other_formats_are_a_400_naming_the_field(string query, HttpStatusCode status, string field)
    {
        var customerId = TestIds.New("c");
        await Api.PostOkAsync("/api/v1/purchases", EventBodies.Purchase(TestIds.New("A"), customerId, 12.00m, Times.HoursAgo(2)), TestCredentials.StoreACredential);

        using var response = await Api.GetAsync($"/api/v1/customers/{customerId}/history{query}", TestCredentials.StoreACredential);

        await Responses.ExpectProblemAsync(response, status, field);
    }

    [Fact]
    public async Task An_unknown_customer_is_a_404_and_the_export_needs_a_storefront_key()
    {
        using var unknown = await Api.GetAsync($"/api/v1/customers/{TestIds.New("nobody")}/history?format=csv", TestCredentials.StoreACredential);
        using var ops = await Api.GetAsync($"/api/v1/customers/{TestIds.New("nobody")}/history?format=csv", TestCredentials.OpsCredential);

        await Responses.ExpectProblemAsync(unknown, HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.Forbidden, ops.StatusCode);
    }
}
